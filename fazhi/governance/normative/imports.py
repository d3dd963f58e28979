"""The history of 规范性文件 from XLSX or CSV (a 文件目录 kept before the platform): one row a
document as published, replayed through the same services as the pages (登记已公布的文件, then its
废止 where the row records one), so each document has its version, its clocks and its audit rows.
All or nothing; every problem is reported with its row and column."""

from fazhi.core.audit import Channel
from fazhi.core.imports import Column, Importer, boolean, date, text, unit_by_code

from . import services

ORGAN, UNIT = "制定机关代码", "起草单位代码"


class DocumentImporter(Importer):
    """The importing user's own steps: a unit's staff import their unit's documents, the
    coordinator those of the whole government. A row naming a unit of another government is an
    error of that row and column."""

    kind = "normative"
    label = "行政规范性文件目录"
    columns = [
        Column(ORGAN, "organ", unit_by_code, example="532504"),
        Column(UNIT, "unit", unit_by_code, example="532504-sfj"),
        Column(
            "标题", "title", text(200), example="弥勒市人民政府关于禁止在重点区域内道路上停车的通告"
        ),
        Column("文号", "doc_number", text(60), example="弥政通〔2021〕3号"),
        Column("暂行或试行", "provisional", boolean, required=False, default=None),
        Column("公布日期", "published_on", date, example="2021-04-12"),
        Column("施行日期", "effective_from", date, required=False),
        Column("合法性审核意见日期", "review_opinion_on", date, required=False),
        Column("集体审议日期", "deliberated_on", date, required=False),
        Column("报送备案日期", "filed_on", date, required=False),
        Column("废止日期", "abolished_on", date, required=False),
        Column("废止理由", "end_reason", text(300), required=False, default=""),
    ]
    actor_needed = "规范性文件归属导入人所在政府。"

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        published = values["published_on"]
        for name, header in (
            ("effective_from", "施行日期"),
            ("filed_on", "报送备案日期"),
            ("abolished_on", "废止日期"),
        ):
            if values[name] and published and values[name] < published:
                problems.append((header, f"{header}不能早于公布日期"))
        for name, header in (
            ("review_opinion_on", "合法性审核意见日期"),
            ("deliberated_on", "集体审议日期"),
        ):
            if values[name] and published and values[name] > published:
                problems.append((header, f"{header}不能晚于公布日期"))
        if bool(values["abolished_on"]) != bool(values["end_reason"]):
            problems.append(("废止理由", "废止日期与废止理由应同时填写"))
        return problems

    def check_batch(self, rows):
        missing_actor = super().check_batch(rows)
        if missing_actor:
            return missing_actor
        government = self.actor.unit.government()
        found = []
        for number, row in rows:
            for name, header in (("organ", ORGAN), ("unit", UNIT)):
                unit = row[name]
                if unit is not None and not unit.path.startswith(government.path):
                    found.append((number, header, f"“{unit}”不属于{government}"))
        return found

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        fields = (
            "organ",
            "unit",
            "title",
            "doc_number",
            "provisional",
            "published_on",
            "effective_from",
            "review_opinion_on",
            "deliberated_on",
            "filed_on",
        )
        doc = services.record_existing(actor, channel, **{k: row[k] for k in fields})
        if row["abolished_on"]:
            services.abolish(actor, channel, doc, on=row["abolished_on"], reason=row["end_reason"])
