"""Historical 行政诉讼 (应诉) cases from XLSX or CSV, one row a first-instance lawsuit with at most
one hearing, replayed through the same service functions as the pages (登记 → 答辩 → 开庭 → 裁判
→ 生效结案), so every imported case has its clocks and its audit rows as if worked on here.
Appeals and second instances are registered on the pages or through the API."""

from fazhi.core.audit import Channel
from fazhi.core.imports import (
    Column,
    Importer,
    boolean,
    choice,
    date,
    text,
    unit_by_code,
)

from . import services
from .models import Excuse, HeadRank, Lawsuit, PlaintiffType, Result


class LitigationImporter(Importer):
    """The importing user registers each row as on the page: a department's 法制员 only its own
    unit's lawsuits, the coordinator any of the government's (the table's creator rule and reach:
    a row naming another unit or another county is refused with its row number)."""

    kind = "litigation"
    label = "行政应诉案件(历史一审案件)"
    columns = [
        Column("案号", "number", text(60), example="(2021)云2504行初1号"),
        Column("审理法院", "court", text(60), example="弥勒市人民法院"),
        Column("案由", "cause", text(200), example="治安管理处罚"),
        Column("原告类型", "plaintiff_type", choice(PlaintiffType), example="自然人"),
        Column("原告", "plaintiff_name", text(100), example="张三"),
        Column("原告身份证号码", "plaintiff_id_number", text(18), required=False, default=""),
        Column("被告单位代码", "defendant", unit_by_code, example="532504-gaj"),
        Column("收到起诉状副本日期", "copy_received_on", date, example="2021-03-01"),
        Column("答辩日期", "answered_on", date, required=False),
        Column("开庭日期", "hearing_on", date, required=False),
        Column("负责人出庭", "head_appeared", boolean, required=False, default=False),
        Column("出庭负责人", "head_name", text(40), required=False, default=""),
        Column("负责人职务", "head_post", text(60), required=False, default=""),
        Column("负责人类别", "head_rank", choice(HeadRank), required=False, default=""),
        Column("未出庭事由", "excuse", choice(Excuse), required=False, default=""),
        Column("事由说明", "excuse_note", text(200), required=False, default=""),
        Column("出庭工作人员", "stand_in_name", text(40), required=False, default=""),
        Column("裁判日期", "decided_on", date, required=False),
        Column("裁判结果", "result", choice(Result), required=False, default=""),
        Column("结案日期", "closed_on", date, required=False, help="上诉期满生效之日后"),
    ]
    key_columns = ("number",)
    model = Lawsuit
    actor_needed = "市政府为被告的案件归属其单位。"

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        if bool(values["decided_on"]) != bool(values["result"]):
            problems.append(("裁判结果", "裁判日期与裁判结果应同时填写"))
        if values["closed_on"] and not values["decided_on"]:
            problems.append(("结案日期", "未裁判的案件不能填写结案日期"))
        if values["hearing_on"] is None and (values["head_appeared"] or values["head_name"]):
            problems.append(("开庭日期", "填写了出庭情况的，应填写开庭日期"))
        return problems

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        case = services.receive(
            actor,
            channel,
            unit=services.handling_unit(actor, row["defendant"]),
            **{name: row[name] for name in RECEIPT_FIELDS},
        )
        if row["answered_on"]:
            case = services.answer(actor, channel, case, on=row["answered_on"])
        if row["hearing_on"]:
            case = services.record_hearing(
                actor,
                channel,
                case,
                on=row["hearing_on"],
                **{name: row[name] for name in HEARING_FIELDS},
            )
        if row["decided_on"]:
            case = services.decide(actor, channel, case, on=row["decided_on"], result=row["result"])
        if row["closed_on"] and case.status != "closed":
            services.close(actor, channel, case, on=row["closed_on"])


RECEIPT_FIELDS = [
    "number",
    "court",
    "cause",
    "plaintiff_type",
    "plaintiff_name",
    "plaintiff_id_number",
    "defendant",
    "copy_received_on",
]
HEARING_FIELDS = [
    "head_appeared",
    "head_name",
    "head_post",
    "head_rank",
    "excuse",
    "excuse_note",
    "stand_in_name",
]
