"""Scope sweep: 法治建设任务分工 (分工表, 任务).

Another unit of the same county, the other county (开远市), an anonymous visitor and the public
portal against every page, step, approval, attachment, 文书, export, import and public page; what
each refusal asserts is in fazhi.testing.scope_sweep."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.governance.tasks.imports import TaskImporter
from fazhi.governance.tasks.models import Task, TaskTable
from fazhi.testing import scope_sweep as scope

from . import factories as f

W = Channel.WEB
D = dt.date
LEAD_STEPS = ("file_return", "report_done", "respond")  # the 牵头单位's
OFFICE_STEPS = ("amend", "escalate", "cancel")  # the 统筹单位's staff
COORDINATOR_STEPS = ("accept", "send_back")  # the 统筹单位's coordinator in person


@pytest.fixture
def others(org):
    """弥阳街道 (same county, no part in the task) and 开远's coordinator."""
    return scope.other_users(org)


@pytest.fixture
def task(org, people):
    """A 2021 task led by 公安局 with 自然资源局 assisting, issued by 司法局 (统筹单位)."""
    [made] = f.issued(org, people)
    scope.attach_file(made, people["police_staff"])
    return Task.objects.get(pk=made.pk)


def outside(people, others):
    return scope.outsiders(people, others["kaiyuan_coord"], others["miyang"])


def test_task_is_invisible_outside_its_units(client, org, people, task, others):
    for who in outside(people, others):
        scope.sweep_reads(client, task, who, unit=org["police"], marker=task.text)
        scope.sweep_steps(client, task, who, visible=False, maker=people["reviewer"])


def test_each_party_keeps_to_its_own_steps(client, org, people, task):
    reviewer = people["reviewer"]
    scope.sweep_steps(client, task, people["leader"], visible=True, maker=reviewer)
    scope.sweep_viewer(client, task, people["leader"])
    # 配合单位: its contribution only
    scope.sweep_steps(
        client, task, people["land_staff"], visible=True, maker=reviewer, skip=("contribute",)
    )
    # 牵头单位: its returns, report and response only
    scope.sweep_steps(
        client, task, people["police_staff"], visible=True, maker=reviewer, skip=LEAD_STEPS
    )
    # 统筹单位's reviewer: not the coordinator's confirmation, nor the units' steps
    scope.sweep_steps(client, task, reviewer, visible=True, maker=reviewer, skip=OFFICE_STEPS)


def test_table_steps_are_the_offices_alone(client, org, people, others):
    table = f.example(org, people, "task_tables")  # a draft table of 司法局's
    for who in [*outside(people, others), people["police_staff"], people["land_staff"]]:
        scope.sweep_reads(client, table, who)
        scope.sweep_steps(client, table, who, visible=False, maker=people["reviewer"])
    scope.sweep_steps(client, table, people["leader"], visible=True, maker=people["reviewer"])


def test_adding_or_amending_tasks_across_units_or_counties_is_refused(
    client, org, people, task, others
):
    before, counted = (Task.objects.count(), TaskTable.objects.count()), scope.counts()
    body = {
        "table": str(task.table_id),
        "text": "越权增补",
        "unit": "532504-gaj",
        "due_on": "2021-12-31",
        "on": "2021-03-01",
        "reason": "增补",
    }
    for who in (
        people["police_staff"],
        people["land_staff"],
        people["kaiyuan_staff"],
        others["kaiyuan_coord"],
    ):
        scope.login(client, who)
        answer = client.post("/api/tasks/records", body, "application/json")
        assert answer.status_code in (403, 422), (who, answer.content)
    # 司法局 naming another county's unit as 牵头单位, in an amendment or a new task
    scope.login(client, people["reviewer"])
    amend = client.post(
        f"/api/tasks/records/{task.pk}/amend",
        {"on": "2021-03-01", "unit": "532502-sfj", "reason": "调整"},
        "application/json",
    )
    added = client.post("/api/tasks/records", body | {"unit": "532502-sfj"}, "application/json")
    assert amend.status_code == 422 and added.status_code == 422
    assert (Task.objects.count(), TaskTable.objects.count()) == before and scope.counts() == counted


def test_imports_naming_another_county_or_by_a_unit_write_nothing(
    client, org, people, task, others
):
    row_ = {
        "年度": "2021",
        "任务分工表": "2021年导入的分工表",
        "任务内容": "导入的任务",
        "牵头单位代码": "532504-gaj",
        "完成时限": "2021-12-31",
    }
    before, imported = Task.objects.count(), scope.imported_rows()
    scope.upload_import(client, people["police_staff"], TaskImporter, [row_])
    scope.upload_import(client, others["kaiyuan_coord"], TaskImporter, [row_])
    scope.upload_import(
        client, people["reviewer"], TaskImporter, [row_ | {"牵头单位代码": "532502-sfj"}]
    )
    assert Task.objects.count() == before and scope.imported_rows() == imported
    # the control: 司法局 (统筹单位) imports the 公安局 row
    scope.upload_import(client, people["reviewer"], TaskImporter, [row_])
    assert Task.objects.count() == before + 1
