"""Historical 案卷评查 results (before the platform) from XLSX or CSV, one row a reviewed file,
written through the services: the campaign (年度 + 活动名称) is created when first named, with a
one-item rubric "总分 100" (old results were kept as a total), and each file with its score,
grade, 整改事项 and 整改情况, audited as imported. Row errors: a unit of another government or
unknown, a case number the unit does not have, a bad date, an unknown 等次 or one that does not
match the score by the current lines, a score outside 0–100."""

from collections import Counter

from fazhi.core.audit import Channel
from fazhi.core.authority import within_government
from fazhi.core.imports import Column, Importer
from fazhi.core.imports.parsers import Number, choice, date, integer, text, unit_by_code

from . import queries, rules, services
from .models import Grade


class Points(Number):
    def __init__(self):
        super().__init__(
            "数字",
            valid=lambda v: 0 <= v <= 100,
            range_reason="应在 0 至 100 之间",
            places=1,
            hint="数字(百分制)，0 至 100，可有一位小数",
        )


class ResultImporter(Importer):
    kind = "casereview"
    label = "行政执法案卷评查结果(历史)"
    actor_needed = "评查活动归属导入人所在的评查组织单位。"
    columns = [
        Column("评查年度", "year", integer(2000, 2100), example="2020"),
        Column("活动名称", "title", text(200), example="2020年行政执法案卷评查"),
        Column("执法部门代码", "unit", unit_by_code, example="532504-scjgj"),
        Column("案号", "number", text(60), example="弥市监罚〔2020〕12号"),
        Column("得分(百分制)", "points", Points(), example="86.5"),
        Column("评查等次", "grade", choice(Grade), required=False, default=""),
        Column("评分日期", "scored_on", date, example="2020-11-20"),
        Column("整改事项", "findings", text(2000), required=False, default=""),
        Column("反馈日期", "sent_on", date, required=False),
        Column("整改情况", "rectification", text(2000), required=False, default=""),
        Column("整改完成日期", "rectified_on", date, required=False),
    ]

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        if values["grade"] and values["grade"] != rules.grade(values["points"]):
            problems.append(("评查等次", "评查等次与得分不符(按现行等次分数线)"))
        if values["rectified_on"] and not (values["sent_on"] and values["findings"]):
            problems.append(("整改完成日期", "未反馈整改事项的案卷不能填写整改完成日期"))
        if bool(values["rectified_on"]) != bool(values["rectification"]):
            problems.append(("整改情况", "整改情况与整改完成日期应同时填写"))
        if values["sent_on"] and values["sent_on"] < values["scored_on"]:
            problems.append(("反馈日期", "反馈日期不能早于评分日期"))
        return problems

    def check_batch(self, rows):
        missing_actor = super().check_batch(rows)
        if missing_actor:
            return missing_actor
        found = []
        units = {row["unit"].pk for _, row in rows if within_government(self.actor, row["unit"])}
        numbers = {row["number"] for _, row in rows}
        known = Counter(
            queries.case_model()
            .objects.filter(unit_id__in=units, number__in=numbers)
            .values_list("unit_id", "number")
        )
        for n, row in rows:
            cases = known[(row["unit"].pk, row["number"])]
            if not within_government(self.actor, row["unit"]):
                found.append((n, "执法部门代码", f"“{row['unit']}”不在导入人所在政府的范围内"))
            elif not cases:
                found.append((n, "案号", f"{row['unit']}没有案号为“{row['number']}”的执法案件"))
            elif cases > 1:  # the case ledger does not make 案号 unique: which one is meant?
                found.append(
                    (
                        n,
                        "案号",
                        f"{row['unit']}有{cases}件案号为“{row['number']}”的执法案件，"
                        "无法确定评查的是哪一件，请先更正案号",
                    )
                )
        return found

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        campaign = services.historical_campaign(
            actor, channel, year=row["year"], title=row["title"], on=row["scored_on"]
        )
        case = queries.case_model().objects.get(unit=row["unit"], number=row["number"])
        services.import_result(
            actor,
            channel,
            campaign,
            case=case,
            points=row["points"],
            scored_on=row["scored_on"],
            findings=row["findings"],
            sent_on=row["sent_on"],
            rectification=row["rectification"],
            rectified_on=row["rectified_on"],
        )
