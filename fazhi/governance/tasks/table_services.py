"""The state changes of a 任务分工表: 起草 and 印发 (which issues each of its tasks through
services.issue_task, in the table's own transaction). Each runs through the table's transition
table (steps.TABLE_STEPS)."""

import datetime as dt

from fazhi.core import audit
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, require_date, require_year_of

from . import services
from .models import Status, TableStatus, TaskTable
from .steps import TABLE_STEPS

AUDITED = ("status", "title", "year", "number", "issued_on")


def draft_table(actor, channel: str, data: dict) -> TaskTable:
    """起草任务分工表, by the coordinating office for its government."""
    if actor is None or actor.unit_id is None:
        raise Refusal("请以任务分工统筹单位工作人员的身份起草任务分工表。")
    require_date(data["drafted_on"], label="起草日期")
    title, year = data["title"].strip(), int(data["year"])
    if not title:
        raise Refusal("应填写任务分工表的标题。")
    require_year_of(year, data["drafted_on"], label="年度", day_label="起草日期")
    table = TaskTable(
        government=actor.unit.government(),
        office=actor.unit,
        year=year,
        title=title[:200],
        drafted_on=data["drafted_on"],
    )
    return TABLE_STEPS.create(actor, channel, table, action="起草任务分工表")


def issue_table(actor, channel: str, table, *, on: dt.date, number: str) -> TaskTable:
    """印发: the table gets its 文号 and date; each of its tasks is issued (已分解) and its first
    quarterly return falls due (rules.py)."""
    changes: list[audit.Change] = []

    def change(t):
        require_date(on, label="印发日期", not_before=t.drafted_on, before_label="起草日期")
        if not number.strip():
            raise Refusal("印发任务分工表应填写文号。")
        tasks = list(t.tasks.select_for_update().filter(status=Status.PENDING).order_by("number"))
        if not tasks:
            raise Refusal("任务分工表中还没有任务，不能印发；请先分解任务。")
        t.status, t.issued_on, t.number = TableStatus.ISSUED, on, number.strip()[:60]
        for task in tasks:
            changes.append(services.issue_task(task, on, t.number))

    details = {"number": number}
    return TABLE_STEPS.apply(
        "issue", actor, channel, table, change, details=details, on=on, then=lambda _: changes
    )


FRAME = Frame(
    snapshot=lambda t: audit.snapshot(t, AUDITED),
    refresh_due=lambda t: None,  # a table keeps no deadline of its own: its tasks do
    default_on=lambda t: t.issued_on or t.drafted_on,
)
