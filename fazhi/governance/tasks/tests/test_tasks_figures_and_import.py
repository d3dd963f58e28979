"""The 任务分工 figures on a small built dataset (completion rate defined precisely, escalations,
a breakdown by 牵头单位), and the XLSX import of a table's tasks, all or nothing."""

import datetime as dt
import io

import pytest
from django.core.management.base import CommandError

from fazhi.cockpit import services as cockpit
from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.figures import registry
from fazhi.figures.registry import Period
from fazhi.governance.tasks import services
from fazhi.governance.tasks.imports import TaskImporter
from fazhi.governance.tasks.models import Status, Task, TaskTable
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import issued

D = dt.date
W = Channel.WEB
Y2021 = Period.year(2021)


def value(fid, scope):
    return registry.get(fid).compute(scope, Y2021)


def test_completion_rate_counts_tasks_done_by_their_time_limit(org, people):
    """Five tasks due in 2021 and one due in 2022: done on time (2), done late (1), still open
    (1), cancelled (1, not counted): 2 ÷ 4 = 50.00%."""
    tasks = issued(org, people, n=5, due_on=D(2021, 6, 30))
    [next_year] = issued(org, people, due_on=D(2022, 3, 31), title="跨年任务")
    lead, coord = people["police_staff"], people["coordinator"]
    for t, done_on in (
        (tasks[0], D(2021, 6, 1)),
        (tasks[1], D(2021, 6, 30)),
        (tasks[2], D(2021, 7, 9)),
    ):
        t = services.report_done(lead, W, t, on=done_on, report="完成")
        services.accept(coord, W, t, on=done_on + dt.timedelta(days=3))
    services.cancel(people["reviewer"], W, tasks[4], on=D(2021, 3, 1), reason="不再实施")
    services.report_done(lead, W, next_year, on=D(2021, 12, 1), report="提前完成")
    rate = value("tasks.completion_rate", org["mile"])
    assert (rate.value, rate.numerator, rate.denominator) == (50, 2, 4)
    assert value("tasks.on_time", org["mile"]).value == 2
    assert value("tasks.total", org["mile"]).value == 5  # issued in 2021, the cancelled left out
    assert value("tasks.total", org["kaiyuan"]).value == 0
    assert value("tasks.total", org["prefecture"]).value == 5


def test_escalations_are_counted_by_the_date_of_the_notice_and_by_unit(org, people):
    [a, b] = issued(org, people, n=2)
    Task.objects.filter(pk=b.pk).update(unit=org["land"])
    staff = people["reviewer"]
    for t in (a, b, a):
        t = Task.objects.get(pk=t.pk)
        on = D(2021, 4, 9) if t.escalations == 0 else D(2021, 5, 10)
        services.escalate(
            staff, W, t, on=on, respond_by=on + dt.timedelta(days=10), requirement="r"
        )
    assert value("tasks.escalations", org["mile"]).value == 3
    by_unit = dict(cockpit.by_unit(registry.get("tasks.escalations"), org["mile"], 2021))
    assert (by_unit[org["police"]], by_unit[org["land"]], by_unit[org["justice"]]) == (2, 1, 0)
    by_unit = dict(cockpit.by_unit(registry.get("tasks.completion_rate"), org["mile"], 2021))
    assert by_unit[org["police"]] == 0  # its task is still open


def test_the_report_states_the_figures_in_part_eight(org, people):
    from fazhi.reports.parts import default_parts

    eight = next(p for p in default_parts() if p.number == 8)
    lines = eight.body.split("\n")
    ours = next(i for i, line in enumerate(lines) if "tasks.completion_rate" in line)
    assert "第一责任人" in lines[ours - 1]  # right after the seed's 二是切实履行第一责任人职责


GOOD = {
    "年度": "2021",
    "任务分工表": "2021年法治政府建设重点任务分工方案",
    "任务内容": "全面落实行政执法“三项制度”",
    "牵头单位代码": "532504-gaj",
    "配合单位代码": "532504-zrzyj、532504001",
    "完成时限": "2021-12-31",
    "第一季度目标": "制定实施方案",
}


def test_import_adds_the_tasks_to_a_draft_table_through_the_services(org, people, tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(
        xlsx_for(
            TaskImporter, [GOOD, GOOD | {"任务内容": "推进综合行政执法改革", "配合单位代码": ""}]
        )
    )
    run_import_command("tasks", path, "reviewer")
    table = TaskTable.objects.get()
    assert (table.office, table.year, table.status) == (org["justice"], 2021, "draft")
    first, second = Task.objects.order_by("number")
    assert (first.number, first.unit, first.status, first.milestone_q1) == (
        1,
        org["police"],
        Status.PENDING,
        "制定实施方案",
    )
    assert {u.code for u in first.co_units.all()} == {"532504-zrzyj", "532504001"}
    assert second.number == 2
    assert AuditEntry.objects.filter(channel="import", action="分解任务").count() == 2


def test_import_with_bad_rows_writes_nothing_and_names_each_row_and_column(org, people, tmp_path):
    path, errors = tmp_path / "t.xlsx", io.StringIO()
    rows = [
        GOOD,
        GOOD | {"牵头单位代码": "532502-sfj"},  # another county's 司法局
        GOOD | {"配合单位代码": "532504-nowhere"},  # no such unit
        GOOD | {"完成时限": "2021-02-30"},  # no such day
        GOOD | {"年度": "二〇二一"},  # not a year
        GOOD | {"牵头单位代码": "532504"},  # the government itself
    ]
    path.write_bytes(xlsx_for(TaskImporter, rows))
    with pytest.raises(CommandError):
        run_import_command("tasks", path, "reviewer", errors)
    report = errors.getvalue()
    assert Task.objects.count() == 0 and TaskTable.objects.count() == 0
    assert not AuditEntry.objects.filter(channel="import").exists()
    for row, column in (
        (3, "牵头单位代码"),
        (4, "配合单位代码"),
        (5, "完成时限"),
        (6, "年度"),
        (7, "牵头单位代码"),
    ):
        assert f"第{row}行" in report and column in report, (row, column, report)
    assert "不是弥勒市人民政府的部门或乡镇" in report and "532504-nowhere" in report


def test_only_the_office_imports(org, people, tmp_path):
    path, errors = tmp_path / "t.xlsx", io.StringIO()
    path.write_bytes(xlsx_for(TaskImporter, [GOOD]))
    with pytest.raises(CommandError):
        run_import_command("tasks", path, "police", errors)
    assert "任务分工统筹单位" in errors.getvalue() and Task.objects.count() == 0
