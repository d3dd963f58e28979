"""任务分工表 and tasks made through the service functions, for tests.

The coordinating office (`tasks.office`) is 弥勒市司法局 in these tests (依法治市办 sits there):
its `reviewer` drafts, adds tasks, issues and 督办s; its `coordinator` confirms completion; the
牵头单位 公安局's staff (`police_staff`) file returns and report; 自然资源局 (`land_staff`) assists.
"""

import datetime as dt

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.governance.tasks import services, table_services
from fazhi.governance.tasks.steps import OFFICE


def assign_office(org) -> None:
    duties.assign(None, Channel.CLI, org["justice"], OFFICE)


def table(org, actor, *, year=2021, drafted_on=dt.date(2021, 2, 1), title=None):
    data = {"title": title or f"{year}年法治政府建设重点任务分工方案", "year": year}
    return table_services.draft_table(actor, Channel.WEB, data | {"drafted_on": drafted_on})


def task(org, actor, tbl, *, unit=None, co_units=None, due_on=dt.date(2021, 12, 31), **extra):
    data = {
        "table": tbl,
        "text": "全面落实行政执法“三项制度”",
        "unit": unit or org["police"],
        "co_units": [org["land"]] if co_units is None else co_units,
        "due_on": due_on,
    } | extra
    return services.add_task(actor, Channel.WEB, data)


def issued(org, people, *, on=dt.date(2021, 2, 20), due_on=dt.date(2021, 12, 31), n=1, **extra):
    """A table of `n` tasks to 公安局, issued on `on`; returns the (reloaded) tasks."""
    assign_office(org)
    staff = people["reviewer"]
    tbl = table(org, staff, drafted_on=min(on, dt.date(2021, 2, 1)), **extra)
    tasks = [task(org, staff, tbl, due_on=due_on) for _ in range(n)]
    table_services.issue_table(staff, Channel.WEB, tbl, on=on, number="弥法治办〔2021〕1号")
    return [type(t).objects.get(pk=t.pk) for t in tasks]


def example(org, people, key="tasks"):
    """One task (or its table) for the kernel's walk over the transition tables."""
    assign_office(org)
    tbl = table(org, people["reviewer"])
    if key == "task_tables":
        task(org, people["reviewer"], tbl)
        return tbl
    return task(org, people["reviewer"], tbl)
