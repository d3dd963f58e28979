"""History from XLSX or CSV: the government's 常务会议 ledger, and its 重大行政决策 ledger
(one row a decision of a catalogue already on the platform), replayed through the same service
functions as the pages, so every imported record has its dates, clock and audit rows as if
handled here.

A decision row goes as far as its dates say: 列入目录 → 启动 → 公开征求意见 → 结束征求意见 → 听证.
合法性审查, 集体讨论决定 and 公布 are not imported: a decision may only be discussed after a review
the 合法性审核 app records (JC art. 25), which is that app's own history. Every replayed step is the
importing user's own, checked by the transition table: the 统筹机构's steps and the 承办单位's, so a
ledger is imported by someone who acts for both (a coordinator of the unit holding the duty)."""

from fazhi.core.audit import Channel
from fazhi.core.imports import Column, Importer, boolean, choice, date, integer, text, unit_by_code

from . import services
from .models import Catalogue, Category, MeetingKind


def _foreign(importer, rows, field: str, header: str) -> list:
    """A unit of another government is a row error under its column (scope by construction)."""
    government = importer.actor.unit.government()
    found = []
    for number, row in rows:
        unit = row.get(field)
        if unit is not None and not unit.path.startswith(government.path):
            found.append((number, header, f"单位“{unit}”不是{government}的部门或乡镇"))
    return found


class MeetingImporter(Importer):
    kind = "meetings"
    label = "政府常务会议"
    actor_needed = "会议归属导入人所在的政府。"
    columns = [
        Column("会议类型", "kind", choice(MeetingKind), example="常务会议"),
        Column("届次", "number", text(40), example="第十五届第23次"),
        Column("召开日期", "held_on", date, example="2021-03-05"),
        Column("主持人", "chair", text(50), required=False, default=""),
        Column("其他议题", "agenda", text(3000), required=False, default=""),
        Column("会前学法主题", "study_topic", text(200), required=False, default=""),
        Column("会前学法主讲人", "study_speaker", text(100), required=False, default=""),
        Column("会议纪要编号", "minutes_number", text(60), required=False, default=""),
        Column("纪要印发日期", "minutes_on", date, required=False),
    ]

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        if bool(values["study_topic"]) != bool(values["study_speaker"]):
            problems.append(("会前学法主讲人", "会前学法的主题和主讲人应同时填写"))
        if bool(values["minutes_number"]) != bool(values["minutes_on"]):
            problems.append(("纪要印发日期", "纪要编号与印发日期应同时填写"))
        if values["minutes_on"] and values["minutes_on"] < values["held_on"]:
            problems.append(("纪要印发日期", "纪要印发日期不能早于召开日期"))
        return problems

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        fields = ("kind", "number", "held_on", "chair", "agenda", "study_topic", "study_speaker")
        meeting = services.register_meeting(actor, channel, {k: row[k] for k in fields})
        if row["minutes_on"]:
            services.issue_minutes(
                actor, channel, meeting, on=row["minutes_on"], number=row["minutes_number"]
            )


class DecisionImporter(Importer):
    kind = "decisions"
    label = "重大行政决策"
    actor_needed = "决策归属导入人所在政府的决策事项目录。"
    columns = [
        Column("年度", "year", integer(2019, 2100), example="2021"),
        Column("决策事项", "title", text(200), example="弥勒市城区停车收费管理办法"),
        Column("事项类别", "category", choice(Category), example="重大公共政策和措施"),
        Column("决策承办单位代码", "unit", unit_by_code, example="532504-jtysj"),
        Column("列入日期", "listed_on", date, example="2021-02-20"),
        Column("列入理由", "reason", text(300), required=False, default=""),
        Column("启动日期", "started_on", date, required=False),
        Column("需专家论证", "needs_experts", boolean, required=False, default=False),
        Column("需风险评估", "needs_risk", boolean, required=False, default=False),
        Column("公开征求意见起始日期", "comment_from", date, required=False),
        Column("征求意见期限(日)", "days", integer(1, 365), required=False, default=30),
        Column("缩短期限的理由", "urgency_reason", text(300), required=False, default=""),
        Column("决策草案及其说明", "draft", text(5000), required=False, default=""),
        Column("征求意见结束日期", "comment_closed_on", date, required=False),
        Column("听证日期", "hearing_on", date, required=False),
        Column("听证组织单位代码", "hearing_unit", unit_by_code, required=False),
        Column("听证地点", "hearing_place", text(200), required=False, default=""),
        Column("听证参加人名单公布日期", "announced_on", date, required=False),
        Column("听证材料送达日期", "materials_on", date, required=False),
    ]

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        if values["comment_from"] and not values["started_on"]:
            problems.append(("启动日期", "公开征求意见前应已启动决策程序"))
        if values["comment_from"] and not values["draft"]:
            problems.append(("决策草案及其说明", "公开征求意见的，应填写决策草案及其说明"))
        if values["comment_closed_on"] and not values["comment_from"]:
            problems.append(("公开征求意见起始日期", "结束征求意见前应已公开征求意见"))
        hearing = [
            values[k] for k in ("hearing_on", "hearing_unit", "announced_on", "materials_on")
        ]
        if any(hearing) and not all(hearing):
            problems.append(
                ("听证日期", "听证日期、组织单位、名单公布日期和材料送达日期应同时填写")
            )
        if values["hearing_on"] and not values["started_on"]:
            problems.append(("启动日期", "举行听证前应已启动决策程序"))
        return problems

    def check_batch(self, rows):
        missing_actor = super().check_batch(rows)
        if missing_actor:
            return missing_actor
        government = self.actor.unit.government()
        years = set(Catalogue.objects.filter(government=government).values_list("year", flat=True))
        found = _foreign(self, rows, "unit", "决策承办单位代码")
        found += _foreign(self, rows, "hearing_unit", "听证组织单位代码")
        for number, row in rows:
            if row["year"] not in years:
                found.append((number, "年度", f"{government}尚未编制{row['year']}年度决策事项目录"))
        return found

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        catalogue = Catalogue.objects.get(government=actor.unit.government(), year=row["year"])
        d = services.add_item(
            actor,
            channel,
            catalogue,
            on=row["listed_on"],
            title=row["title"],
            category=row["category"],
            unit=row["unit"],
            reason=row["reason"] or "导入的历史记录",
        )
        if not row["started_on"]:
            return
        d = services.start(
            actor,
            channel,
            d,
            on=row["started_on"],
            unit=row["unit"],
            needs_experts=row["needs_experts"],
            needs_risk=row["needs_risk"],
        )
        if row["comment_from"]:
            d = services.open_comment(
                actor,
                channel,
                d,
                on=row["comment_from"],
                draft=row["draft"],
                days=row["days"] or 30,
                urgency_reason=row["urgency_reason"],
            )
        if row["comment_closed_on"]:
            d = services.close_comment(actor, channel, d, on=row["comment_closed_on"])
        if row["hearing_on"]:
            services.hearing(
                actor,
                channel,
                d,
                on=row["hearing_on"],
                hearing_unit=row["hearing_unit"],
                place=row["hearing_place"] or "见听证公告",
                announced_on=row["announced_on"],
                materials_on=row["materials_on"],
                participants="见听证参加人名单",
                record="见听证会记录",
            )
