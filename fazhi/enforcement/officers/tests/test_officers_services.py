"""执法队伍与执法人员 through the services: step order and refusals, scope (another unit, another
county), audit rows, the tick's 过期 and 换证 reminders, training hours.

The rules: 行政处罚法 art. 42 ("行政处罚应当由具有行政执法资格的执法人员实施"), 国办发〔2018〕118号
(十九) (统一的行政执法资格和证件管理), 法治政府建设实施纲要(2021-2025年) (三十四) (每人每年不少于
60学时); the renewal notice and the pass mark are settings (rules.py, UNCONFIRMED)."""

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, JobRun, Notice
from fazhi.core.workflow import Refusal
from fazhi.enforcement.officers import jobs, pages, services
from fazhi.enforcement.officers.models import (
    Certificate,
    CertificateStatus,
    ExamBatch,
    OfficerStatus,
    Team,
    TeamStatus,
)

from .factories import certificate, exam, officer, team, training

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def today():
    return timezone.localdate()


def test_a_team_is_registered_and_revoked_by_its_department(org, people):
    staff = people["police_staff"]
    t = team(staff)
    assert t.status == TeamStatus.ACTIVE and t.field_labels() == "市场监管"
    with pytest.raises(Refusal, match="已登记"):
        team(staff)
    with pytest.raises(Refusal, match="只有该执法部门"):
        services.revoke_team(people["land_staff"], Channel.WEB, t, on=today(), reason="机构改革")
    with pytest.raises(Refusal, match="撤销原因"):
        services.revoke_team(staff, Channel.WEB, t, on=today(), reason=" ")
    services.revoke_team(staff, Channel.WEB, t, on=today(), reason="机构改革")
    assert Team.objects.get().status == TeamStatus.REVOKED
    assert list(
        AuditEntry.objects.filter(object_type="officers.Team").values_list("action", flat=True)
    ) == ["成立登记", "撤销"]


def test_scope_a_department_registers_officers_only_into_its_own_unit(org, people):
    staff = people["police_staff"]
    assert officer(staff).unit == org["police"]
    with pytest.raises(Refusal, match="只能以您所在单位"):
        officer(staff, unit=org["land"])
    with pytest.raises(Refusal):
        officer(staff, unit=org["kaiyuan_justice"])
    # the coordinator acts for every unit of its government, never another county's
    assert officer(people["coordinator"], unit=org["land"]).unit == org["land"]
    with pytest.raises(Refusal):
        officer(people["coordinator"], unit=org["kaiyuan_justice"])


def test_an_officer_in_post_is_registered_once_and_the_id_number_is_checked(org, people):
    staff = people["police_staff"]
    first = officer(staff)
    with pytest.raises(Refusal, match="已登记在岗"):
        officer(staff, id_number=first.id_number)
    with pytest.raises(Refusal, match="身份证号无效"):
        officer(staff, id_number="532526198001011230")


def test_certificates_are_issued_by_the_government_not_the_department(org, people):
    """国办发〔2018〕118号 (十九): 统一的行政执法资格和证件管理 — the 司法行政部门 issues them."""
    staff, coordinator = people["police_staff"], people["coordinator"]
    holder = officer(staff)
    with pytest.raises(Refusal, match="执法证由本级政府司法行政部门"):
        certificate(staff, holder)
    c = certificate(coordinator, holder, number="532504210001")
    assert c.status == CertificateStatus.VALID and c.unit == org["police"]
    assert c.next_due_on == c.valid_until and len(c.token) >= 20
    with pytest.raises(Refusal, match="已登记"):
        certificate(coordinator, officer(staff, name="李四"), number="532504210001")
    with pytest.raises(Refusal, match="应晚于发证日期"):
        certificate(coordinator, holder, issued_on=today() - DAY, valid_until=today() - 2 * DAY)
    # another county's coordinator cannot touch it
    with pytest.raises(Refusal):
        services.suspend(people["kaiyuan_staff"], Channel.WEB, c, on=today(), reason="x")


def test_suspend_restore_renew_and_cancel(org, people):
    coordinator = people["coordinator"]
    c = certificate(coordinator, officer(people["police_staff"]))
    old_token, old_number = c.token, c.number
    with pytest.raises(Refusal, match="只有“暂扣”的行政执法证可以发还"):
        services.restore(coordinator, Channel.WEB, c, on=today())
    c = services.suspend(coordinator, Channel.WEB, c, on=today(), reason="涉嫌违规执法")
    assert c.status == CertificateStatus.SUSPENDED and not c.valid_on(today())
    assert c.valid_on(today() - DAY)  # it was valid before it was suspended
    with pytest.raises(Refusal, match="当前状态为“暂扣”"):
        services.renew(
            coordinator,
            Channel.WEB,
            c,
            number="532504229999",
            issued_on=today(),
            valid_until=today() + 900 * DAY,
        )
    c = services.restore(coordinator, Channel.WEB, c, on=today())
    c = services.renew(
        coordinator,
        Channel.WEB,
        c,
        number="532504229999",
        issued_on=today(),
        valid_until=today() + 900 * DAY,
    )
    assert (c.number, c.previous_number) == ("532504229999", old_number)
    assert c.token != old_token and c.status == CertificateStatus.VALID
    c = services.cancel(coordinator, Channel.WEB, c, on=today(), reason="调离执法岗位")
    assert c.status == CertificateStatus.REVOKED and c.next_due_on is None
    actions = AuditEntry.objects.filter(object_type="officers.Certificate")
    assert list(actions.values_list("action", flat=True)) == [
        "发证",
        "暂扣",
        "发还",
        "换证",
        "注销",
    ]


def test_an_officer_who_left_cannot_be_certified(org, people):
    """行政处罚法 art. 42: only officers with 行政执法资格 enforce; one not in post gets no card."""
    staff = people["police_staff"]
    o = officer(staff)
    with pytest.raises(Refusal, match="只有执法人员所在单位"):
        services.transfer(people["coordinator"], Channel.WEB, o, on=today())
    o = services.transfer(staff, Channel.WEB, o, on=today(), reason="调往他单位")
    assert o.status == OfficerStatus.TRANSFERRED
    with pytest.raises(Refusal, match="不在岗"):
        certificate(people["coordinator"], o)
    with pytest.raises(Refusal, match="当前状态为“调离”"):
        services.retire(staff, Channel.WEB, o, on=today())


def test_the_tick_expires_cards_and_reminds_before_they_run_out(org, people, settings):
    settings.FAZHI_CERTIFICATE_RENEWAL_NOTICE_DAYS = 60
    coordinator, staff = people["coordinator"], people["police_staff"]
    ending = certificate(coordinator, officer(staff), valid_until=today() + 20 * DAY)
    later = certificate(coordinator, officer(staff, name="王五"), valid_until=today() + 90 * DAY)
    ran_out = certificate(coordinator, officer(staff, name="赵六"), valid_until=today() + 5 * DAY)
    Certificate.objects.filter(pk=ran_out.pk).update(valid_until=today() - DAY)
    run = JobRun.objects.create(name="tick", started_at=dt.datetime.now(dt.UTC))
    assert jobs.expire_ended(run) == 1
    assert Certificate.objects.get(pk=ran_out.pk).status == CertificateStatus.EXPIRED
    assert AuditEntry.objects.filter(action="过期", channel="job").count() == 1
    assert jobs.remind_renewal(run) == 1
    assert jobs.remind_renewal(run) == 0  # once per end date
    notice = Notice.objects.get()
    assert ending.number in notice.text and "换证" in notice.text
    assert Certificate.objects.get(pk=later.pk).notice_sent_for is None
    settings.FAZHI_CERTIFICATE_RENEWAL_NOTICE_DAYS = 0
    assert jobs.remind_renewal(run) == 0


def test_exam_scores_against_the_pass_mark(org, people, settings):
    settings.FAZHI_ENFORCEMENT_EXAM_PASS_MARK = 60
    batch = exam(people["coordinator"], scores=(80, 60, 59.5, None))
    assert (batch.takers, batch.passed_count) == (3, 2)
    assert list(batch.entries.values_list("passed", flat=True)) == [True, True, False, False]
    services.void_exam(people["coordinator"], Channel.WEB, batch, on=today(), reason="重复登记")
    assert ExamBatch.objects.get().status == "voided"


def test_annual_training_hours_on_the_officers_page(org, people):
    """法治政府建设实施纲要(2021-2025年) (三十四): 每人每年不少于60学时."""
    staff, coordinator = people["police_staff"], people["coordinator"]
    o = officer(staff)
    for hours in (8, 16):
        training(
            coordinator,
            attendees=[services.Attendee(unit=o.unit, name=o.name, role="officer", officer=o)],
            hours=hours,
            held_on=today().replace(month=1, day=2) if today().month > 1 else today(),
        )
    context = pages.officer_context(o, staff)
    assert context["training_hours"] == 24 and context["required_hours"] == 60
    with pytest.raises(Refusal, match="签到名单或填写参训人数"):
        training(coordinator, headcount=0)
    with pytest.raises(services.RowRefusal, match="参训身份"):
        training(coordinator, attendees=[services.Attendee(unit=o.unit, name="x", role="boss")])
