"""行政复议 transitions: each checks its rule and its dates, and a refusal changes nothing."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.disputes.reconsideration import services
from fazhi.disputes.reconsideration.models import (
    LawVersion,
    Outcome,
    Procedure,
    ReceiptChannel,
    ReconsiderationCase,
    SimplifiedGround,
    Status,
    SuspensionGround,
)

from .factories import accepted, government_approver, received

D = dt.date


@pytest.fixture
def staff(people):
    return people["reviewer"]


def audit_count(case):
    return AuditEntry.objects.filter(object_type=case._meta.label, object_id=str(case.pk)).count()


def test_receipt_starts_five_working_day_review_across_national_day(org, staff):
    # 2021-09-28 + 5 工作日: 09-29, 09-30, 10-08, 10-09 (调休 Saturday), 10-11.
    case = received(org, staff, submitted_on=D(2021, 9, 28))
    assert case.status == Status.RECEIVED
    assert case.law == LawVersion.FY2017
    assert case.next_due_on == D(2021, 10, 11)
    assert case.next_due_label == "受理审查"
    assert case.number == "弥勒政复〔2021〕1号"


def test_receipt_date_by_channel(org, staff):
    mailed = received(
        org,
        staff,
        receipt_channel=ReceiptChannel.MAIL,
        submitted_on=D(2021, 3, 1),
        received_on=D(2021, 3, 4),
    )
    assert mailed.received_on == D(2021, 3, 4)
    with pytest.raises(Refusal, match="须填写收到"):
        received(org, staff, receipt_channel=ReceiptChannel.MAIL, submitted_on=D(2021, 3, 1))
    with pytest.raises(Refusal, match="不能早于"):
        received(
            org,
            staff,
            receipt_channel=ReceiptChannel.FAX,
            submitted_on=D(2021, 3, 5),
            received_on=D(2021, 3, 4),
        )


def test_law_version_follows_receipt_date(org, staff):
    assert received(org, staff, submitted_on=D(2023, 12, 29)).law == LawVersion.FY2017
    assert received(org, staff, submitted_on=D(2024, 1, 2)).law == LawVersion.FY2023


def test_future_and_invalid_identity_refused(org, staff):
    with pytest.raises(Refusal, match="不能晚于今天"):
        received(org, staff, submitted_on=dt.date.today() + dt.timedelta(days=3))
    with pytest.raises(Exception, match="校验"):
        received(org, staff, applicant_id_number="532526198005010013")
    assert ReconsiderationCase.objects.count() == 0


def test_2017_acceptance_dates_back_to_receipt_and_60_days_end_after_holiday(org, staff):
    # Received 2021-08-02; 2017 art. 17: accepted as of receipt; +60 日 = 2021-10-01, a holiday,
    # so the period ends on the next working day, 2021-10-08 (民事诉讼法 art. 85).
    case = received(org, staff, submitted_on=D(2021, 8, 2))
    case = services.accept(staff, Channel.WEB, case, on=D(2021, 8, 5))
    assert case.accepted_on == D(2021, 8, 2)
    assert case.decision_due_on == D(2021, 10, 8)
    assert case.next_due_on == D(2021, 10, 8)


def test_2023_simplified_procedure_30_days_and_not_under_2017(org, staff):
    case = received(org, staff, submitted_on=D(2024, 3, 4))
    case = services.accept(
        staff,
        Channel.WEB,
        case,
        on=D(2024, 3, 6),
        procedure=Procedure.SIMPLIFIED,
        simplified_ground=SimplifiedGround.WARNING,
    )
    assert case.accepted_on == D(2024, 3, 6)
    # 30 日 from 03-06 is 04-05, inside 清明 (04-04..06); the next working day is the 调休
    # Sunday 04-07.
    assert case.decision_due_on == D(2024, 4, 7)
    old = received(org, staff, submitted_on=D(2021, 3, 1))
    with pytest.raises(Refusal, match="未规定简易程序"):
        services.accept(
            staff,
            Channel.WEB,
            old,
            on=D(2021, 3, 2),
            procedure=Procedure.SIMPLIFIED,
            simplified_ground=SimplifiedGround.WARNING,
        )
    assert ReconsiderationCase.objects.get(pk=old.pk).status == Status.RECEIVED


def test_correction_must_be_within_five_working_days_and_restarts_review(org, staff):
    case = received(org, staff, submitted_on=D(2021, 9, 28))
    with pytest.raises(Refusal, match="5个工作日内"):
        services.request_correction(staff, Channel.WEB, case, on=D(2021, 10, 12), items="身份证明")
    case = services.request_correction(
        staff, Channel.WEB, case, on=D(2021, 9, 30), items="身份证明"
    )
    assert case.status == Status.CORRECTING
    # 10 工作日 after 09-30: 10-08, 10-09 (调休), 10-11 … 10-15, 10-18, 10-19, 10-20
    assert case.correction_due_on == D(2021, 10, 20)
    case = services.receive_correction(staff, Channel.WEB, case, on=D(2021, 10, 12))
    assert case.status == Status.RECEIVED
    assert case.next_due_on == D(2021, 10, 19)  # review runs again: 5 工作日 from 10-12


def test_correction_time_excluded_from_2017_decision_period(org, staff):
    """2017 law art. 17 ¶2: 自…收到之日起即为受理; 实施条例 art. 29: 补正申请材料所用时间不计入
    行政复议审理期限. Before the fix 受理 moved to the day the papers came (03-11) and the 补正
    time counted."""
    case = received(org, staff, submitted_on=D(2021, 3, 1))
    case = services.request_correction(staff, Channel.WEB, case, on=D(2021, 3, 2), items="材料")
    case = services.receive_correction(staff, Channel.WEB, case, on=D(2021, 3, 11))
    case = services.accept(staff, Channel.WEB, case, on=D(2021, 3, 12))
    # accepted as of receipt, 03-01; 60 日 → 04-30, plus the 9 days of 补正 (03-02..03-10) →
    # 05-09, a Sunday, so 05-10
    assert case.accepted_on == D(2021, 3, 1)
    assert case.pauses.get().end == D(2021, 3, 10)
    assert case.decision_due_on == D(2021, 5, 10)
    # a longer 补正 moves the due date by as many days
    other = received(org, staff, submitted_on=D(2021, 3, 1))
    other = services.request_correction(staff, Channel.WEB, other, on=D(2021, 3, 2), items="材料")
    other = services.receive_correction(staff, Channel.WEB, other, on=D(2021, 3, 16))
    other = services.accept(staff, Channel.WEB, other, on=D(2021, 3, 17))
    assert other.accepted_on == D(2021, 3, 1)
    assert other.decision_due_on == D(2021, 5, 14)  # 04-30 + 14 days (03-02..03-15)


def test_abandon_only_after_correction_period(org, staff):
    case = received(org, staff, submitted_on=D(2021, 3, 1))
    case = services.request_correction(staff, Channel.WEB, case, on=D(2021, 3, 2), items="材料")
    with pytest.raises(Refusal, match="届满前"):
        services.abandon(staff, Channel.WEB, case, on=D(2021, 3, 10))
    case = services.abandon(staff, Channel.WEB, case, on=D(2021, 3, 17))
    assert case.status == Status.ABANDONED and case.next_due_on is None


def test_suspension_stops_clock_and_resumption_extends_it(org, staff):
    case = accepted(org, staff, submitted_on=D(2021, 3, 1))
    assert case.decision_due_on == D(2021, 4, 30)
    case = services.suspend(
        staff, Channel.WEB, case, on=D(2021, 3, 10), ground=SuspensionGround.OTHER_CASE
    )
    assert case.status == Status.SUSPENDED and case.next_due_on is None
    case = services.resume(staff, Channel.WEB, case, on=D(2021, 3, 20))
    # 03-10..03-19 paused: 10 days → 05-10 (05-01..05 holiday is past 04-30 + 10 = 05-10, a Monday)
    assert case.decision_due_on == D(2021, 5, 10)
    assert case.pauses.get().end == D(2021, 3, 19)


def test_extension_is_the_approvers_own_act_and_at_most_30_days(org, staff, people):
    case = accepted(org, staff, submitted_on=D(2021, 3, 1))
    before = audit_count(case)
    with pytest.raises(Refusal, match="行政复议机关负责人批准"):
        services.extend(staff, Channel.WEB, case, on=D(2021, 4, 1), days=30, reason="复杂")
    boss = government_approver(org, full_name="李统筹")  # 2017 art. 31: the 复议机关's 负责人
    with pytest.raises(Refusal, match="最多不超过30日"):
        services.extend(boss, Channel.WEB, case, on=D(2021, 4, 1), days=31, reason="复杂")
    case = services.extend(boss, Channel.WEB, case, on=D(2021, 4, 1), days=20, reason="复杂")
    assert case.decision_due_on == D(2021, 5, 20)
    with pytest.raises(Refusal, match="已延长20日"):
        services.extend(boss, Channel.WEB, case, on=D(2021, 4, 2), days=11, reason="复杂")
    assert audit_count(case) == before + 1
    entry = AuditEntry.objects.filter(object_id=str(case.pk), action="延长审理期限").get()
    assert entry.actor == boss and entry.after["details"]["approver"] == "李统筹"


def test_decide_closes_and_closed_case_is_read_only(org, staff, people):
    case = accepted(org, staff, submitted_on=D(2021, 3, 1))
    with pytest.raises(Refusal, match="不能早于受理日期"):
        services.decide(staff, Channel.WEB, case, on=D(2021, 2, 1), outcome=Outcome.UPHELD)
    case = services.decide(staff, Channel.WEB, case, on=D(2021, 4, 20), outcome=Outcome.REVOKED)
    assert (case.status, case.closed_on, case.next_due_on) == (Status.DECIDED, D(2021, 4, 20), None)
    with pytest.raises(Refusal, match="当前状态为“已决定”"):
        services.suspend(
            staff, Channel.WEB, case, on=D(2021, 4, 21), ground=SuspensionGround.OTHER_CASE
        )
    with pytest.raises(Refusal, match="当前状态为“已决定”"):
        services.decide(
            people["overrider"], Channel.WEB, case, on=D(2021, 4, 21), outcome=Outcome.UPHELD
        )


def test_impossible_transition_changes_nothing(org, staff):
    case = received(org, staff)
    before = audit_count(case)
    with pytest.raises(Refusal, match="当前状态为“待审查”"):
        services.decide(staff, Channel.WEB, case, on=D(2021, 10, 8), outcome=Outcome.UPHELD)
    case.refresh_from_db()
    assert case.status == Status.RECEIVED and case.outcome == ""
    assert audit_count(case) == before


def test_confirmed_invalid_only_under_2023_law(org, staff):
    case = accepted(org, staff, submitted_on=D(2021, 3, 1))
    with pytest.raises(Refusal, match="第六十七条"):
        services.decide(
            staff, Channel.WEB, case, on=D(2021, 4, 1), outcome=Outcome.CONFIRMED_INVALID
        )


def test_deemed_acceptance_under_2023_law(org, staff):
    case = received(org, staff, submitted_on=D(2024, 9, 27))
    # 5 工作日 after 2024-09-27: 09-29 (调休 Sunday), 09-30, 10-08, 10-09, 10-10
    assert case.next_due_on == D(2024, 10, 10)
    case = services.deem_accepted(None, Channel.JOB, case)
    assert case.deemed_accepted and case.accepted_on == D(2024, 10, 10)
    old = received(org, staff, submitted_on=D(2021, 3, 1))
    with pytest.raises(Refusal, match="2023"):
        services.deem_accepted(None, Channel.JOB, old)


def test_unknown_calendar_year_refuses_the_step(org, staff):
    from fazhi.core.calendar import invalidate_calendar

    invalidate_calendar()
    case = received(org, staff, submitted_on=D(2026, 11, 16))
    with pytest.raises(Refusal, match="2027年的国务院节假日安排尚未录入"):
        services.accept(staff, Channel.WEB, case, on=D(2026, 11, 17))
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
