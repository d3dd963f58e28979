"""The tasks of a 任务分工表 from XLSX or CSV (a table drafted in a spreadsheet), one row a task,
replayed through the same service functions as the pages: the table named in each row (by year
and title) is found among the importing office's drafts, or drafted by the import; each task is
added to it (分解任务). Issuing (印发) stays a step of its own on the table's page. A row naming a
unit of another government, or a code no unit has, is an error of that row and column."""

import datetime as dt
import re

from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.imports import Column, Importer, date, integer, text, unit_by_code
from fazhi.core.models import OrgUnit
from fazhi.core.workflow import Refusal

from . import services, table_services
from .models import TableStatus, TaskTable

SEPARATORS = re.compile(r"[,，、;；\s]+")


class TaskImporter(Importer):
    """Every replayed step is the importing user's own: only the staff of the government's
    任务分工统筹单位 draft tables and add tasks (the transition table's creator rules)."""

    kind = "tasks"
    label = "法治建设任务分工表"
    columns = [
        Column("年度", "year", integer(2000, 2100), example="2021"),
        Column("任务分工表", "table", text(200), example="2021年法治政府建设重点任务分工方案"),
        Column("任务内容", "text", text(500), example="全面落实行政执法“三项制度”"),
        Column("牵头单位代码", "unit", unit_by_code, example="532504-sfj"),
        Column(
            "配合单位代码",
            "co_units",
            text(500),
            required=False,
            default="",
            help="多个单位以顿号或逗号分隔",
        ),
        Column("完成时限", "due_on", date, example="2021-12-31"),
        Column("第一季度目标", "milestone_q1", text(200), required=False, default=""),
        Column("第二季度目标", "milestone_q2", text(200), required=False, default=""),
        Column("第三季度目标", "milestone_q3", text(200), required=False, default=""),
        Column("第四季度目标", "milestone_q4", text(200), required=False, default=""),
    ]
    actor_needed = "任务分工表归属导入人所在的统筹单位。"

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        if values["due_on"] and values["year"] and values["due_on"].year < values["year"]:
            problems.append(("完成时限", f"完成时限早于{values['year']}年"))
        return problems

    def check_batch(self, rows):
        missing_actor = super().check_batch(rows)
        if missing_actor:
            return missing_actor
        government = self.actor.unit.government()
        codes = {c for _, row in rows for c in _codes(row["co_units"])}
        units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
        found = []
        for number, row in rows:
            lead = row["unit"]
            if not lead.works_for(government):
                found.append((number, "牵头单位代码", f"“{lead}”不是{government}的部门或乡镇"))
            for code in _codes(row["co_units"]):
                unit = units.get(code)
                if unit is None:
                    found.append((number, "配合单位代码", f"单位代码不存在：{code}"))
                elif not unit.works_for(government):
                    found.append((number, "配合单位代码", f"“{unit}”不是{government}的部门或乡镇"))
        return found

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        table = _table(actor, channel, row["year"], row["table"])
        co_units = list(OrgUnit.objects.filter(code__in=_codes(row["co_units"])))
        data = {k: row[k] for k in ("text", "unit", "due_on")}
        data |= {f"milestone_q{q}": row[f"milestone_q{q}"] for q in range(1, 5)}
        services.add_task(actor, channel, data | {"table": table, "co_units": co_units})


def _table(actor, channel, year: int, title: str) -> TaskTable:
    """The office's draft table of that year and title, drafted now if there is none."""
    title = title.strip()
    found = TaskTable.objects.filter(
        government=actor.unit.government(), office=actor.unit, year=year, title=title
    ).first()
    if found is not None:
        if found.status != TableStatus.DRAFT:
            raise Refusal(f"“{title}”已印发，不能导入任务；增补任务请在任务页面办理并说明理由。")
        return found
    drafted_on = min(timezone.localdate(), dt.date(year, 1, 1))  # a past year's: its first day
    data = {"title": title, "year": year, "drafted_on": drafted_on}
    return table_services.draft_table(actor, channel, data)


def _codes(value: str) -> list[str]:
    return [c for c in SEPARATORS.split(value or "") if c]
