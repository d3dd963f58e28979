"""Historical 行政复议 cases from XLSX or CSV, one row a case, replayed through the same service
functions as the pages (receipt → 受理/不予受理 → 延长 → 结案), so every imported case has
its clocks and its audit rows exactly as if it had been worked on the platform."""

from fazhi.core.audit import Channel
from fazhi.core.imports import (
    Column,
    Importer,
    choice,
    date,
    integer,
    text,
    unit_by_code,
)

from . import services
from .models import (
    ApplicantType,
    Category,
    MediationGround,
    Outcome,
    Procedure,
    ReceiptChannel,
    ReconsiderationCase,
    SimplifiedGround,
    ViewsWay,
)


class ReconsiderationImporter(Importer):
    """A case with an extension is imported by someone holding the authority to approve it: the
    approval is the importing user's own act, as on the page. The approver depends on the law
    (steps.APPROVER): a 2023-law case's extension by a 负责人 of the 复议机构, who may import; a
    2017-law case's by the 复议机关's (the government's) 负责人 (2017 art. 31), who is not of the
    复议机构 and cannot register cases — such rows are refused with that reason, to be entered
    without the extension or by a kernel change that lets a 复议机关负责人 confirm an imported
    approval (see the report of issue 8)."""

    kind = "reconsideration"
    label = "行政复议案件(历史案件)"
    columns = [
        Column("案号", "number", text(40), example="弥政复〔2021〕1号"),
        Column("申请人", "applicant_name", text(100), example="张三"),
        Column("申请人类型", "applicant_type", choice(ApplicantType), example="自然人"),
        Column("身份证号码", "applicant_id_number", text(18), required=False, default=""),
        Column("统一社会信用代码", "applicant_uscc", text(18), required=False, default=""),
        Column("联系电话", "applicant_phone", text(20), required=False, default=""),
        Column("被申请人单位代码", "respondent", unit_by_code, example="532504-gaj"),
        Column("被申请复议的行政行为", "act", text(200), example="治安管理处罚决定"),
        Column("案件类别", "category", choice(Category), example="治安处罚"),
        Column("申请方式", "receipt_channel", choice(ReceiptChannel), example="当面递交"),
        Column("递交/寄出日期", "submitted_on", date, example="2021-03-01"),
        Column("收到日期", "received_on", date, required=False, help="邮寄、传真、网上申请必填"),
        Column("受理日期", "accepted_on", date, required=False),
        Column(
            "审理程序", "procedure", choice(Procedure), required=False, default=Procedure.ORDINARY
        ),
        Column(
            "适用简易程序的情形",
            "simplified_ground",
            choice(SimplifiedGround),
            required=False,
            default="",
            help="简易程序必填(行政复议法(2023)第五十三条)",
        ),
        Column(
            "听取意见日期",
            "views_heard_on",
            date,
            required=False,
            help="2023年法普通程序案件作出复议决定前必填(第四十九条)",
        ),
        Column("听取意见方式", "views_way", choice(ViewsWay), required=False, default=""),
        Column("不予受理日期", "rejected_on", date, required=False),
        Column("不予受理理由", "reject_reason", text(300), required=False, default=""),
        Column("延长天数", "extension_days", integer(0, 30), required=False, default=0),
        Column("延期理由", "extension_reason", text(200), required=False, default=""),
        Column("结案日期", "closed_on", date, required=False),
        Column("结案结果", "outcome", choice(Outcome), required=False, default=""),
        Column(
            "调解的情形",
            "mediation_ground",
            choice(MediationGround),
            required=False,
            default="",
            help="2017年法案件调解结案必填(实施条例第五十条)",
        ),
    ]
    key_columns = ("number",)
    model = ReconsiderationCase
    actor_needed = "案件归属导入人所在的复议机构。"

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        accepted, rejected = values["accepted_on"], values["rejected_on"]
        if accepted and rejected:
            problems.append(("不予受理日期", "同一案件不能既受理又不予受理"))
        if rejected and not values["reject_reason"]:
            problems.append(("不予受理理由", "不予受理应当说明理由"))
        if values["closed_on"] and not accepted:
            problems.append(("结案日期", "未受理的案件不能填写结案日期"))
        if bool(values["closed_on"]) != bool(values["outcome"]):
            problems.append(("结案结果", "结案日期与结案结果应同时填写"))
        if bool(values["views_heard_on"]) != bool(values["views_way"]):
            problems.append(("听取意见方式", "听取意见日期与方式应同时填写"))
        return problems

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        app = services.Application(**{name: row[name] for name in APPLICATION_FIELDS})
        case = services.receive(
            actor,
            channel,
            organ=actor.unit.government(),
            unit=actor.unit,  # the importing 复议机构; the table refuses any other unit
            app=app,
            number=row["number"],
        )
        if row["rejected_on"]:
            services.reject(
                actor, channel, case, on=row["rejected_on"], reason=row["reject_reason"]
            )
            return
        if not row["accepted_on"]:
            return
        case = services.accept(
            actor,
            channel,
            case,
            on=row["accepted_on"],
            procedure=row["procedure"] or Procedure.ORDINARY,
            simplified_ground=row["simplified_ground"],
        )
        if row["extension_days"]:
            case = services.extend(
                actor,
                channel,
                case,
                on=row["accepted_on"],
                days=row["extension_days"],
                reason=row["extension_reason"] or "历史案件导入",
            )
        if row["views_heard_on"]:
            case = services.hear_views(
                actor,
                channel,
                case,
                on=row["views_heard_on"],
                way=row["views_way"],
                note="历史案件导入",
            )
        if row["closed_on"]:
            services.decide(
                actor,
                channel,
                case,
                on=row["closed_on"],
                outcome=row["outcome"],
                mediation_ground=row["mediation_ground"],
            )


APPLICATION_FIELDS = [
    "applicant_name",
    "applicant_type",
    "respondent",
    "act",
    "category",
    "receipt_channel",
    "submitted_on",
    "received_on",
    "applicant_id_number",
    "applicant_uscc",
    "applicant_phone",
]
