"""法律顾问: the register, engagements with their periods (续聘 a row of its own), 解聘, 已到期 and
the renewal reminder of the tick, the work log — each through its service and transition table,
each refusal naming the step and its rule. No law fixes how an adviser is engaged: the rules here
are the contract's own (its period) and the setting FAZHI_ADVISER_RENEWAL_NOTICE_DAYS (rules.py);
the duty to consult advisers is 重大行政决策程序暂行条例 art. 28 and 国办发〔2018〕118号 (十一)."""

import datetime as dt

import pytest

from fazhi.core import jobs as core_jobs
from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, JobRun, Notice
from fazhi.core.workflow import Refusal
from fazhi.governance.advisers import jobs, services
from fazhi.governance.advisers.models import (
    Adviser,
    AdviserKind,
    AdviserStatus,
    EngagementStatus,
    WorkStatus,
)

from .factories import LICENCE, adviser, engagement, today, work

DAY = dt.timedelta(days=1)


def _run():
    return JobRun.objects.create(name="tick", started_at=dt.datetime.now(dt.UTC))


def test_a_lawyer_is_registered_with_the_17_digit_licence_once_per_government(org, people):
    staff = people["police_staff"]
    with pytest.raises(Refusal, match="社会律师应填写17位数字的执业证号"):
        adviser(org, staff, licence_id_number="12345")
    with pytest.raises(Refusal, match="公职律师应填写17位数字的执业证号"):
        adviser(org, staff, kind=AdviserKind.PUBLIC_LAWYER, licence_id_number="")
    first = adviser(org, staff)
    assert (first.status, first.unit) == (AdviserStatus.ACTIVE, org["police"])
    with pytest.raises(Refusal, match="已在本级政府的法律顾问名册中"):
        adviser(org, people["land_staff"])  # another unit of the same city
    # another county keeps its own register: the same lawyer may be in it
    other = adviser(org, people["kaiyuan_staff"])
    assert other.unit == org["kaiyuan_justice"]
    # an expert needs no licence
    assert adviser(org, staff, kind=AdviserKind.EXPERT, name="钱文博", licence_id_number="").pk


def test_engaging_checks_the_period_the_register_and_the_unit(org, people):
    staff = people["police_staff"]
    start = today() - 30 * DAY
    with pytest.raises(Refusal, match="应晚于聘期开始日期"):
        engagement(org, staff, start_on=start, end_on=start)
    foreign = adviser(
        org, people["kaiyuan_staff"], name="孙律师", licence_id_number="15325201510000001"
    )
    with pytest.raises(Refusal, match="不在弥勒市人民政府的法律顾问名册中"):
        engagement(org, staff, who=foreign)
    # the creator rule: a unit's staff engage for their own unit only
    lawyer = Adviser.objects.get(licence_id_number=LICENCE)
    with pytest.raises(Refusal, match="只有聘请单位"):
        engagement(org, staff, unit=org["land"], who=lawyer)
    e = engagement(org, staff)
    assert (e.status, e.next_due_on, e.next_due_label) == (
        EngagementStatus.ENGAGED,
        e.end_on,
        "聘期届满",
    )
    assert [(p.number, p.start_on, p.end_on) for p in e.periods.all()] == [
        (1, e.start_on, e.end_on)
    ]
    with pytest.raises(Refusal, match="应办理续聘，不能重复聘请"):
        engagement(org, staff, who=e.adviser)
    created = AuditEntry.objects.get(object_type="advisers.Engagement", object_id=str(e.pk))
    assert (created.action, created.channel) == ("聘请法律顾问", "web")


def test_a_renewal_is_a_period_of_its_own_and_follows_the_one_before(org, people):
    staff = people["police_staff"]
    e = engagement(org, staff)
    old_end = e.end_on
    with pytest.raises(Refusal, match="应晚于原聘期届满日期"):
        services.renew(staff, Channel.WEB, e, end_on=old_end + 300 * DAY, start_on=old_end)
    e = services.renew(staff, Channel.WEB, e, end_on=old_end + 365 * DAY, fee=36000)
    periods = list(e.periods.values_list("number", "start_on", "end_on"))
    assert periods[0][2] == old_end  # the first period is never rewritten
    assert periods[1] == (2, old_end + DAY, old_end + 365 * DAY)
    assert (e.renewals, e.end_on, e.next_due_on) == (1, old_end + 365 * DAY, old_end + 365 * DAY)
    renewed = AuditEntry.objects.filter(object_type="advisers.Engagement", action="续聘")
    assert renewed.count() == 1


def test_termination_ends_the_engagement_and_it_cannot_be_renewed(org, people):
    staff = people["police_staff"]
    e = engagement(org, staff)
    with pytest.raises(Refusal, match=r"解聘日期不能晚于今天|不能晚于聘期届满日期"):
        services.terminate(staff, Channel.WEB, e, on=e.end_on + DAY, reason="合同解除")
    e = services.terminate(staff, Channel.WEB, e, on=today(), reason="经协商解除聘用合同")
    assert (e.status, e.terminated_on, e.next_due_on) == (
        EngagementStatus.TERMINATED,
        today(),
        None,
    )
    with pytest.raises(
        Refusal, match="当前状态为“已解聘”，只有“在聘、已到期”的法律顾问聘任可以续聘"
    ):
        services.renew(staff, Channel.WEB, e, end_on=e.end_on + 365 * DAY)


def test_another_unit_cannot_renew_or_terminate(org, people):
    e = engagement(org, people["police_staff"])
    with pytest.raises(Refusal, match="只有聘请单位"):
        services.terminate(people["land_staff"], Channel.WEB, e, on=today(), reason="x")
    with pytest.raises(Refusal, match="只有聘请单位"):
        services.renew(people["kaiyuan_staff"], Channel.WEB, e, end_on=e.end_on + 365 * DAY)
    # the coordinator acts for every unit of the city
    services.renew(people["coordinator"], Channel.WEB, e, end_on=e.end_on + 365 * DAY)


def test_an_adviser_in_force_is_not_withdrawn(org, people):
    staff = people["police_staff"]
    e = engagement(org, staff)
    with pytest.raises(Refusal, match="仍有在聘的聘任"):
        services.withdraw_adviser(staff, Channel.WEB, e.adviser, on=today(), reason="执业证注销")
    services.terminate(staff, Channel.WEB, e, on=today(), reason="合同解除")
    a = services.withdraw_adviser(staff, Channel.WEB, e.adviser, on=today(), reason="执业证注销")
    assert a.status == AdviserStatus.WITHDRAWN
    with pytest.raises(Refusal, match="已停用，不能聘请"):
        engagement(org, people["land_staff"], who=a)


def test_the_tick_marks_ended_engagements_expired_and_only_the_system_does(org, people):
    staff = people["police_staff"]
    e = engagement(org, staff, start_on=today() - 400 * DAY, end_on=today() - DAY)
    live = engagement(
        org,
        people["land_staff"],
        who=adviser(
            org, people["land_staff"], name="李律师", licence_id_number="15325201510000002"
        ),
    )
    run = _run()
    assert jobs.expire_ended(run) == 1
    e.refresh_from_db()
    live.refresh_from_db()
    assert (e.status, e.expired_on, e.next_due_on) == (EngagementStatus.EXPIRED, e.end_on, None)
    assert live.status == EngagementStatus.ENGAGED
    assert AuditEntry.objects.filter(action="聘期届满", channel="job").count() == 1
    # a lapsed engagement may still be renewed: the gap stays on record
    e = services.renew(staff, Channel.WEB, e, end_on=today() + 300 * DAY, start_on=today())
    assert e.status == EngagementStatus.ENGAGED and e.periods.count() == 2
    with pytest.raises(Refusal, match=r"系统按法定期限自动办理|系统"):
        services.expire(staff, Channel.WEB, e)


def test_the_renewal_reminder_comes_30_days_before_the_end_once_per_end(org, people, settings):
    """FAZHI_ADVISER_RENEWAL_NOTICE_DAYS (default 30 日, rules.py): calendar days, a contract's
    own end date being the parties' and not moved off rest days."""
    staff = people["police_staff"]
    soon = engagement(org, staff, start_on=today() - 300 * DAY, end_on=today() + 30 * DAY)
    engagement(
        org,
        people["land_staff"],
        start_on=today() - 300 * DAY,
        end_on=today() + 31 * DAY,
        who=adviser(
            org, people["land_staff"], name="李律师", licence_id_number="15325201510000002"
        ),
    )
    assert jobs.remind_renewal(_run()) == 1
    [notice] = Notice.objects.all()
    assert notice.unit == org["police"] and "请及时决定是否续聘" in notice.text
    assert notice.link == soon.get_absolute_url()
    assert jobs.remind_renewal(_run()) == 0  # once per period end
    soon = services.renew(staff, Channel.WEB, soon, end_on=today() + 20 * DAY + 365 * DAY)
    assert jobs.remind_renewal(_run()) == 0  # the new end is a year away
    settings.FAZHI_ADVISER_RENEWAL_NOTICE_DAYS = 0
    assert jobs.remind_renewal(_run()) == 0
    assert AuditEntry.objects.filter(action="法律顾问续聘提醒", channel="job").count() == 1


def test_the_tick_runs_both_steps(org, people):
    engagement(org, people["police_staff"], start_on=today() - 400 * DAY, end_on=today() - DAY)
    run = core_jobs.tick()
    assert run.stats["法律顾问·聘期届满"] == 1 and "法律顾问·续聘提醒" in run.stats


def test_work_is_recorded_within_the_engagement_by_the_engaging_unit(org, people):
    staff = people["police_staff"]
    e = engagement(org, staff, start_on=today() - 100 * DAY)
    with pytest.raises(Refusal, match=r"不在.*的聘期"):
        work(org, staff, of=e, done_on=e.start_on - DAY)
    with pytest.raises(Refusal, match="不能晚于今天"):
        work(org, staff, of=e, done_on=today() + DAY)
    with pytest.raises(Refusal, match="件次应为1至9999"):
        work(org, staff, of=e, count=0)
    with pytest.raises(Refusal, match="只有聘请单位"):
        work(org, people["land_staff"], of=e)
    line = work(org, staff, of=e, count=12, subject="审核政府采购合同12份")
    assert (line.unit, line.adviser, line.count) == (org["police"], e.adviser, 12)
    audit_row = AuditEntry.objects.get(object_type="advisers.WorkEntry", object_id=str(line.pk))
    assert audit_row.action == "登记法律顾问工作"
    line = services.void_work(staff, Channel.WEB, line, on=today(), reason="重复登记")
    assert line.status == WorkStatus.VOIDED


def test_work_after_termination_is_refused(org, people):
    staff = people["police_staff"]
    e = engagement(org, staff, start_on=today() - 100 * DAY)
    e = services.terminate(staff, Channel.WEB, e, on=today() - 10 * DAY, reason="合同解除")
    work(org, staff, of=e, done_on=today() - 10 * DAY)
    with pytest.raises(Refusal, match=r"不在.*的聘期"):
        work(org, staff, of=e, done_on=today() - 9 * DAY)


def test_a_batch_of_work_is_all_or_nothing_with_the_refused_line_named(org, people):
    staff = people["police_staff"]
    e = engagement(org, staff, start_on=today() - 100 * DAY)
    lines = [
        services.WorkLine(e, today() - 5 * DAY, "contract", "审核合同", count=3),
        services.WorkLine(e, today() - 5 * DAY, "publicity", "法治讲座"),
        services.WorkLine(e, today() + 5 * DAY, "decision", "决策审核"),
    ]
    with pytest.raises(services.RowRefusal) as refused:
        services.record_work_many(staff, Channel.IMPORT, lines)
    assert refused.value.index == 2
    saved = services.record_work_many(staff, Channel.IMPORT, lines[:2])
    assert [w.count for w in saved] == [3, 1]
    assert AuditEntry.objects.filter(object_type="advisers.WorkEntry").count() == 2
