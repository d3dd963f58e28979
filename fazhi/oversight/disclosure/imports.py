"""Historical 依申请公开 requests from XLSX or CSV, one row a request, replayed through the same
service functions as the pages (receipt → 答复), so each keeps its clock, its audit rows and the
table's checks."""

from fazhi.core.audit import Channel
from fazhi.core.imports import Column, Importer, choice, date, text, unit_by_code

from . import services
from .models import ApplicantType, Format, ReceiptChannel, ResultRow, Situation


class DisclosureImporter(Importer):
    """Each row is registered by the importing user for the agency it names: the service refuses
    an agency the user does not act for (a department imports only its own requests)."""

    kind = "disclosure"
    actor_needed = "申请只能导入其所在单位。"
    label = "依申请公开(历史申请)"
    columns = [
        Column("受理机关单位代码", "agency", unit_by_code, example="532504-zfb"),
        Column("申请人类型", "applicant_type", choice(ApplicantType), example="自然人"),
        Column("申请人", "applicant_name", text(100), example="张三"),
        Column("身份证号码", "applicant_id_number", text(18), required=False, default=""),
        Column("统一社会信用代码", "applicant_uscc", text(18), required=False, default=""),
        Column("联系电话", "applicant_phone", text(20), required=False, default=""),
        Column("通信地址", "applicant_address", text(200), required=False, default=""),
        Column("所需信息描述", "description", text(500), example="2021年城区道路改造项目审批文件"),
        Column("申请方式", "channel", choice(ReceiptChannel), example="当面提交"),
        Column("提交日期", "submitted_on", date, example="2021-03-01"),
        Column("收到日期", "received_on", date, required=False, help="邮寄、网络、传真申请必填"),
        Column("提供形式", "format_wanted", choice(Format), required=False, default=Format.PAPER),
        Column("答复日期", "replied_on", date, required=False),
        Column("答复情形", "situation", choice(Situation), required=False, default=""),
        Column("计入年报行", "result", choice(ResultRow), required=False, default=""),
        Column("答复说明", "note", text(300), required=False, default=""),
    ]

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        if bool(values["replied_on"]) != bool(values["situation"]):
            return [("答复情形", "答复日期与答复情形应同时填写")]
        return []

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        app = services.Application(**{name: row[name] for name in APPLICATION_FIELDS})
        request = services.receive(actor, channel, agency=row["agency"], app=app)
        if row["replied_on"]:
            services.reply(
                actor,
                channel,
                request,
                on=row["replied_on"],
                situation=row["situation"],
                result=row["result"],
                note=row["note"],
            )


APPLICATION_FIELDS = [
    "applicant_type",
    "applicant_name",
    "description",
    "channel",
    "submitted_on",
    "received_on",
    "applicant_id_number",
    "applicant_uscc",
    "applicant_phone",
    "applicant_address",
    "format_wanted",
]
