"""弥勒市's 2021 任务分工表 built by the demo through the services: 30 tasks, 26 of the 29 due in
2021 done by their time limit, 5 督办, one task still open and overdue at the year's end."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count

from fazhi.cockpit import services as cockpit
from fazhi.core.models import AuditEntry, OrgUnit, Urge
from fazhi.demo import build
from fazhi.figures import registry
from fazhi.figures.registry import Period
from fazhi.governance.tasks import demo
from fazhi.governance.tasks.models import Escalation, Status, Task, TaskTable


@pytest.fixture
def city(db):
    units = build.build_org()
    users = {u.username: u for u in build.build_users(units)}
    context = {"units": units, "users": users}
    demo.build(context)
    return context


def test_the_demo_table_and_its_figures(city):
    mile = OrgUnit.objects.get(code="532504")
    year = Period.year(2021)
    values = {
        fid: registry.get(fid).compute(mile, year)
        for fid in ("tasks.total", "tasks.on_time", "tasks.completion_rate", "tasks.escalations")
    }
    assert values["tasks.total"].value == 30 - 1  # the cancelled task is not counted
    rate = values["tasks.completion_rate"]
    assert (rate.numerator, rate.denominator, rate.value) == (26, 29, Decimal("89.66"))
    assert values["tasks.on_time"].value == 26 and values["tasks.escalations"].value == 5
    assert registry.get("tasks.total").compute(mile, Period.year(2020)).value == 0
    table = TaskTable.objects.get()
    assert (table.number, table.issued_on) == ("弥法治办发〔2021〕3号", dt.date(2021, 3, 5))
    assert Urge.objects.filter(procedure="tasks").count() == Escalation.objects.count() == 5
    statuses = dict(Task.objects.values_list("status").order_by().annotate(n=Count("pk")))
    assert statuses == {Status.DONE: 28, Status.CANCELLED: 1, Status.OVERDUE: 1}
    # every task has its audit rows: 分解, 印发, and what followed
    assert AuditEntry.objects.filter(object_type="tasks.Task", action="随分工表印发").count() == 30


def test_the_open_task_shows_on_the_cockpit_under_its_lead_unit(city):
    mile = OrgUnit.objects.get(code="532504")
    work = cockpit.open_work(mile, dt.date(2022, 1, 5))
    assert [(w.unit.code, w.overdue) for w in work] == [("532504-zrzyj", 1)]
    by_unit = dict(cockpit.by_unit(registry.get("tasks.escalations"), mile, 2021))
    assert by_unit[city["units"]["czj"]] == 2 and by_unit[city["units"]["zrzyj"]] == 1
