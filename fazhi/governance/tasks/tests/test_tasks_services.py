"""任务分工 and 督办 through the service functions: the table drafted, filled and issued by the
coordinating office; tasks changed after 印发 only with a reason; quarterly returns on their clock;
completion confirmed by the coordinator; 督办 of late or slow tasks (督察工作规定 art. 8 (九), 18,
30), the tick, scope and the audit rows."""

import datetime as dt

import pytest

from fazhi.core import urge
from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, JobRun, Notice, Urge
from fazhi.core.pages import history_of
from fazhi.core.workflow import Refusal
from fazhi.governance.tasks import jobs, services, table_services
from fazhi.governance.tasks.models import Escalation, Pace, Status, TableStatus, Task

from .factories import issued, table, task

D = dt.date
W = Channel.WEB


def test_a_table_is_drafted_filled_and_issued_with_its_number(org, people):
    staff = people["reviewer"]
    tbl = table(org, staff)
    first = task(org, staff, tbl, milestone_q1="制定实施方案")
    second = task(org, staff, tbl, unit=org["land"], co_units=[org["police"], org["miyang"]])
    assert (first.number, second.number, first.status) == (1, 2, Status.PENDING)
    assert first.next_due_on is None  # no clock before 印发
    tbl = table_services.issue_table(staff, W, tbl, on=D(2021, 2, 20), number="弥法治办〔2021〕1号")
    assert (tbl.status, tbl.number, tbl.issued_on) == (
        TableStatus.ISSUED,
        "弥法治办〔2021〕1号",
        D(2021, 2, 20),
    )
    first.refresh_from_db()
    assert (first.status, first.issued_on, first.quarter_end) == (
        Status.ASSIGNED,
        D(2021, 2, 20),
        D(2021, 3, 31),
    )
    actions = list(history_of(first).values_list("action", flat=True))
    assert actions == ["分解任务", "随分工表印发"]
    assert history_of(tbl).filter(action="印发").exists()


def test_an_empty_table_is_not_issued_and_only_the_office_drafts(org, people):
    tbl = table(org, people["reviewer"])
    with pytest.raises(Refusal, match="还没有任务"):
        table_services.issue_table(people["reviewer"], W, tbl, on=D(2021, 2, 20), number="1号")
    with pytest.raises(Refusal, match="任务分工统筹单位"):
        table(org, people["police_staff"])
    with pytest.raises(Refusal, match="任务分工统筹单位"):
        task(org, people["police_staff"], tbl)


def test_units_of_another_county_or_the_government_itself_are_refused(org, people):
    tbl = table(org, people["reviewer"])
    with pytest.raises(Refusal, match="不是弥勒市人民政府的部门或乡镇"):
        task(org, people["reviewer"], tbl, unit=org["kaiyuan_justice"])
    with pytest.raises(Refusal, match="不是弥勒市人民政府的部门或乡镇"):
        task(org, people["reviewer"], tbl, co_units=[org["kaiyuan_justice"]])
    with pytest.raises(Refusal, match="牵头单位不能同时作为配合单位"):
        task(org, people["reviewer"], tbl, co_units=[org["police"]])


def test_after_issue_a_task_changes_only_with_a_recorded_reason(org, people):
    [t] = issued(org, people)
    staff = people["reviewer"]
    with pytest.raises(Refusal, match="调整任务应说明理由"):
        services.amend(staff, W, t, on=D(2021, 5, 6), due_on=D(2021, 11, 30))
    t = services.amend(
        staff, W, t, on=D(2021, 5, 6), due_on=D(2021, 11, 30), reason="按州级方案提前完成"
    )
    assert t.due_on == D(2021, 11, 30)
    row = history_of(t).get(action="调整任务")
    assert row.after["details"]["reason"] == "按州级方案提前完成"
    assert row.before["due_on"] == "2021-12-31" and row.after["due_on"] == "2021-11-30"
    # a task added to the issued table is a recorded 增补, issued at once
    tbl = t.table
    with pytest.raises(Refusal, match="增补任务应填写增补日期和理由"):
        task(org, staff, tbl)
    added = task(org, staff, tbl, on=D(2021, 6, 1), reason="州委依法治州办新部署")
    assert (added.status, added.issued_on, added.number) == (Status.ASSIGNED, D(2021, 6, 1), 2)
    assert history_of(added).get().action == "增补任务"


def test_quarterly_returns_fall_due_five_working_days_after_the_quarter(org, people):
    """No law: FAZHI_TASK_RETURN_DAYS (5 工作日, rules.py). Q1 2021 ends Wed 31 March: Thu 1, Fri 2
    April, then 清明 (3–5 April), Tue 6, Wed 7, Thu 8 April. Q3 ends Thu 30 September: 国庆 1–7
    October, Fri 8, Sat 9 (调休: a working day), Mon 11, Tue 12, Wed 13 October."""
    [t] = issued(org, people)
    assert (t.return_due_on, t.next_due_on, t.next_due_label) == (
        D(2021, 4, 8),
        D(2021, 4, 8),
        "季度进展报告",
    )
    lead = people["police_staff"]
    with pytest.raises(Refusal, match="不能早于可报送日期"):
        services.file_return(lead, W, t, on=D(2021, 2, 25), progress="已制定方案", pace="normal")
    t = services.file_return(lead, W, t, on=D(2021, 4, 2), progress="已制定方案", pace="normal")
    assert (t.status, t.quarter_end, t.return_due_on) == (
        Status.PROGRESSING,
        D(2021, 6, 30),
        D(2021, 7, 7),
    )
    t = services.file_return(lead, W, t, on=D(2021, 7, 5), progress="推进中", pace="normal")
    assert t.return_due_on == D(2021, 10, 13)
    t = services.file_return(lead, W, t, on=D(2021, 10, 14), progress="滞后", pace="slow")
    late = t.returns.get(quarter_end=D(2021, 9, 30))
    assert late.late and late.due_on == D(2021, 10, 13) and t.pace == Pace.SLOW


def test_the_return_period_is_a_setting(org, people, settings):
    settings.FAZHI_TASK_RETURN_DAYS = 10
    [t] = issued(org, people)
    assert t.return_due_on == D(2021, 4, 15)  # 10 工作日 after 31 March, 清明 skipped


def test_completion_is_reported_by_the_lead_unit_and_confirmed_by_the_coordinator(org, people):
    [t] = issued(org, people)
    lead = people["police_staff"]
    with pytest.raises(Refusal, match="只有本任务牵头单位"):
        services.report_done(people["land_staff"], W, t, on=D(2021, 11, 20), report="x")
    t = services.report_done(lead, W, t, on=D(2021, 11, 20), report="三项制度全面落实")
    assert (t.status, t.next_due_on) == (Status.REPORTED, None)
    # confirming is the coordinator's own act: the office's reviewer may not
    with pytest.raises(Refusal, match="统筹协调人员本人办理"):
        services.accept(people["reviewer"], W, t, on=D(2021, 11, 25))
    t = services.accept(people["coordinator"], W, t, on=D(2021, 11, 25))
    assert (t.status, t.completed_on, t.accepted_on) == (
        Status.DONE,
        D(2021, 11, 20),
        D(2021, 11, 25),
    )
    row = history_of(t).get(action="确认完成")
    assert row.actor == people["coordinator"]
    with pytest.raises(Refusal, match="只有“待确认完成”"):
        services.accept(people["coordinator"], W, t, on=D(2021, 11, 26))


def test_a_completion_sent_back_past_the_time_limit_is_overdue(org, people):
    [t] = issued(org, people, due_on=D(2021, 6, 30))
    t = services.report_done(people["police_staff"], W, t, on=D(2021, 6, 28), report="完成")
    t = services.send_back(people["coordinator"], W, t, on=D(2021, 7, 2), reason="材料不全")
    assert (t.status, t.reported_on) == (Status.OVERDUE, None)


def test_a_supporting_unit_adds_its_contribution_and_no_one_else(org, people):
    [t] = issued(org, people)
    t = services.contribute(people["land_staff"], W, t, on=D(2021, 3, 10), text="提供用地执法数据")
    [c] = t.contributions.all()
    assert c.unit == org["land"]
    with pytest.raises(Refusal, match="只有本任务配合单位"):
        services.contribute(people["kaiyuan_staff"], W, t, on=D(2021, 3, 10), text="x")


def test_art18_art30_only_a_late_or_slow_task_is_escalated(org, people):
    """督察工作规定 art. 18 ("督促其限期整改") and art. 30 ("挂牌督办 … 限期完成"): on the day of
    the notice the task must be late (its return or itself past its date) or marked 滞后."""
    [t] = issued(org, people)
    staff = people["reviewer"]
    with pytest.raises(Refusal, match=r"未逾期，进展也未滞后，不能督办.*第十八条"):
        services.escalate(
            staff, W, t, on=D(2021, 4, 8), respond_by=D(2021, 4, 20), requirement="加快推进"
        )
    t = services.escalate(
        staff, W, t, on=D(2021, 4, 9), respond_by=D(2021, 4, 20), requirement="限期报送进展"
    )
    assert (t.escalations, t.escalation_due_on) == (1, D(2021, 4, 20))
    esc = Escalation.objects.get(task=t)
    assert esc.reason.startswith("季度进展逾期未报") and esc.unit == org["police"]
    # the unit finds it in its inbox as a 催办, counted per unit and year
    notice = Notice.objects.get(unit=org["police"])
    assert "督办" in notice.text and notice.due_on == D(2021, 4, 20)
    assert Urge.objects.get().notice == notice
    assert urge.counts_by_unit(2021, org["mile"]) == {org["police"].pk: 1}
    # the lead unit answers with its 整改情况
    with pytest.raises(Refusal, match="只有本任务牵头单位"):
        services.respond(people["land_staff"], W, t, on=D(2021, 4, 15), response="x")
    t = services.respond(people["police_staff"], W, t, on=D(2021, 4, 15), response="已补报")
    esc.refresh_from_db()
    assert (esc.responded_on, t.escalation_due_on) == (D(2021, 4, 15), None)
    with pytest.raises(Refusal, match="没有待回复的督办通知"):
        services.respond(people["police_staff"], W, t, on=D(2021, 4, 16), response="x")


def test_a_slow_task_is_escalated_again_and_each_escalation_counts(org, people):
    [t] = issued(org, people)
    lead, staff = people["police_staff"], people["reviewer"]
    t = services.file_return(lead, W, t, on=D(2021, 4, 2), progress="进度偏慢", pace="slow")
    for on, by in ((D(2021, 4, 12), D(2021, 4, 26)), (D(2021, 5, 10), D(2021, 5, 24))):
        t = services.escalate(staff, W, t, on=on, respond_by=by, requirement="加快推进")
    assert t.escalations == 2 and t.next_due_on == D(2021, 5, 24)
    assert list(t.escalation_set.values_list("round", "reason")) == [
        (1, "进展滞后"),
        (2, "进展滞后"),
    ]
    with pytest.raises(Refusal, match="整改期限应晚于督办日期"):
        services.escalate(
            staff, W, t, on=D(2021, 5, 11), respond_by=D(2021, 5, 11), requirement="x"
        )


def test_the_tick_moves_a_task_past_its_time_limit_and_reminds_its_unit(org, people):
    [t] = issued(org, people, due_on=D(2021, 6, 30))
    run = JobRun.objects.create(name="tick", started_at=t.created_at)
    assert jobs.lapse_overdue(run) == 1
    t.refresh_from_db()
    assert t.status == Status.OVERDUE
    assert AuditEntry.objects.filter(action="逾期", object_id=str(t.pk), actor=None).exists()
    assert jobs.remind_overdue(run) == 1 and jobs.remind_overdue(run) == 0
    assert Notice.objects.filter(unit=org["police"], text__contains="分工任务").count() == 1
    # a later time limit through 调整 puts it back in progress
    t = services.amend(
        people["reviewer"], W, t, on=D(2021, 7, 5), due_on=D(2021, 9, 30), reason="延至三季度"
    )
    assert t.status == Status.PROGRESSING


def test_a_cancelled_task_leaves_the_workbench(org, people):
    [t] = issued(org, people)
    t = services.cancel(people["reviewer"], W, t, on=D(2021, 3, 1), reason="上级调整部署")
    assert (t.status, t.next_due_on) == (Status.CANCELLED, None)
    assert not Task.objects.filter(status__in=Status.open()).exists()


def test_every_step_leaves_an_audit_row(org, people):
    [t] = issued(org, people)
    services.file_return(people["police_staff"], W, t, on=D(2021, 4, 2), progress="p", pace="slow")
    t.refresh_from_db()
    services.escalate(
        people["reviewer"], W, t, on=D(2021, 4, 6), respond_by=D(2021, 4, 16), requirement="r"
    )
    actions = set(history_of(t).values_list("action", flat=True))
    assert {"分解任务", "随分工表印发", "报送季度进展", "督办"} <= actions
