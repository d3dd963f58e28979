"""合法性审核 ledgers (a year's 送审 register with its opinions) from XLSX or CSV, one row a
review, replayed through the same service functions as the pages (送审 → 出具审核意见 → 合同签订),
so every imported review has its due date, its 合法性审核意见书 and its audit rows as if handled on
the platform."""

from fazhi.core.audit import Channel
from fazhi.core.authority import within_government
from fazhi.core.imports import Column, Importer, choice, date, text, unit_by_code

from . import services
from .models import Opinion, ReviewKind


class ReviewImporter(Importer):
    """Each replayed step is the importing user's own, checked by the transition table as on the
    page: 送审 is the sending unit's (the coordinator acts for every unit of the government), the
    opinion the 合法性审核机构's; so a register with opinions is imported by the 司法局's
    coordinator. A row naming a unit of another government is refused under its column."""

    kind = "legality"
    label = "合法性审核"
    columns = [
        Column("送审单位代码", "unit", unit_by_code, example="532504-gaj"),
        Column("送审类别", "kind", choice(ReviewKind), example="其他文件"),
        Column("送审文件名称", "title", text(200), example="弥勒市城区道路交通秩序综合整治方案"),
        Column("合同相对方", "counterparty", text(200), required=False, default=""),
        Column("送审日期", "submitted_on", date, example="2021-03-02"),
        Column("审核意见", "opinion", choice(Opinion), required=False, default=""),
        Column("出具意见日期", "opinion_on", date, required=False),
        Column("审核意见内容", "text", text(5000), required=False, default=""),
        Column("合同签订日期", "signed_on", date, required=False),
    ]
    actor_needed = "合法性审核按导入人的身份逐件送审并出具意见。"

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        if bool(values["opinion"]) != bool(values["opinion_on"]):
            problems.append(("出具意见日期", "审核意见与出具意见日期应同时填写"))
        if values["opinion_on"] and values["opinion_on"] < values["submitted_on"]:
            problems.append(("出具意见日期", "出具意见日期不能早于送审日期"))
        if values["opinion"] in (Opinion.AMEND, Opinion.UNLAWFUL) and not values["text"]:
            problems.append(("审核意见内容", "修改后合法、不合法的应写明审核意见内容"))
        if values["signed_on"] and values["kind"] != ReviewKind.CONTRACT:
            problems.append(("合同签订日期", "只有合同协议可以填写合同签订日期"))
        if values["signed_on"] and values["signed_on"] < values["submitted_on"]:
            problems.append(("合同签订日期", "合同签订日期不能早于送审日期"))
        return problems

    def check_batch(self, rows):
        missing_actor = super().check_batch(rows)
        if missing_actor:
            return missing_actor
        header = self.header_of("unit")
        return [
            (number, header, f"“{row['unit']}”不属于{self.actor.unit.government()}，不能导入")
            for number, row in rows
            if row["unit"] is not None and not within_government(self.actor, row["unit"])
        ]

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        review = services.request_review(
            actor,
            kind=row["kind"],
            title=row["title"],
            unit=row["unit"],
            submitted_on=row["submitted_on"],
            counterparty=row["counterparty"],
            channel=channel,
        )
        signed_on = row["signed_on"]
        early = signed_on and (not row["opinion_on"] or signed_on < row["opinion_on"])
        if early:  # signed before the opinion came (or with none): recorded first
            review = services.record_signing(actor, channel, review, signed_on=signed_on)
        if row["opinion"]:
            review = services.opine(
                actor,
                channel,
                review,
                opinion=row["opinion"],
                opinion_on=row["opinion_on"],
                text=row["text"],
            )
        if signed_on and not early:
            services.record_signing(actor, channel, review, signed_on=signed_on)
