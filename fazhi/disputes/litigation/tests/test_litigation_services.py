"""行政应诉 service functions: every transition, every refusal changes nothing, and the clocks
against 行政诉讼法 arts. 67 and 85 (with 民事诉讼法 art. 85's rest-day rule)."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.disputes.litigation import services
from fazhi.disputes.litigation.models import (
    DecisionKind,
    Hearing,
    Instance,
    Lawsuit,
    Result,
    Status,
)

from .factories import HEAD, decided, lawsuit

D = dt.date
W = Channel.WEB


def state():
    rows = list(Lawsuit.objects.order_by("pk").values())
    return rows, Hearing.objects.count(), AuditEntry.objects.count()


def refused(call, *args, match="", **kwargs):
    before = state()
    with pytest.raises(Refusal, match=match):
        call(*args, **kwargs)
    assert state() == before


@pytest.mark.parametrize(
    "received, due",
    [
        (D(2021, 9, 16), D(2021, 10, 8)),  # day 15 is 10-01 (国庆): next working day 10-08
        (D(2021, 9, 18), D(2021, 10, 8)),  # day 15 is 10-03, still in the holiday
        (D(2021, 9, 24), D(2021, 10, 9)),  # day 15 is 调休 Saturday 10-09: a working day
        (D(2021, 3, 1), D(2021, 3, 16)),  # the start day is not counted
        (D(2021, 6, 5), D(2021, 6, 21)),  # day 15 is Sunday 06-20
    ],
)
def test_answer_due_is_15_days_by_the_rest_day_rule(org, people, received, due):
    case = lawsuit(org, people["police_staff"], copy_received_on=received)
    assert (case.answer_due_on, case.next_due_on, case.next_due_label) == (due, due, "答辩举证")
    row = AuditEntry.objects.get(object_id=str(case.pk), object_type="litigation.Lawsuit")
    assert (row.action, row.channel, row.after["answer_due_on"]) == ("登记应诉", "web", str(due))


def test_first_instance_from_receipt_to_final(org, people):
    staff = people["police_staff"]
    case = lawsuit(org, staff)
    case = services.answer(staff, W, case, on=D(2021, 9, 30))
    assert (case.status, case.answered_late, case.next_due_on) == (Status.ANSWERED, False, None)
    case = services.schedule_hearing(staff, W, case, on=D(2021, 10, 8), hearing_on=D(2021, 10, 20))
    assert (case.next_due_on, case.next_due_label) == (D(2021, 10, 20), "开庭")
    case = services.record_hearing(staff, W, case, on=D(2021, 10, 20), **HEAD)
    assert (case.status, case.next_hearing_on, case.hearings.get().head_appeared) == (
        Status.HEARD,
        None,
        True,
    )
    case = services.decide(
        staff, W, case, on=D(2021, 11, 10), result=Result.REVOKED, served_on=D(2021, 11, 12)
    )
    # 判决: 15 日 from service (行政诉讼法 art. 85): 11-27 is a Saturday → 11-29.
    assert (case.status, case.decision_kind, case.lost, case.appeal_due_on) == (
        Status.DECIDED,
        DecisionKind.JUDGMENT,
        True,
        D(2021, 11, 29),
    )
    assert case.next_due_label == "上诉期限"
    refused(services.close, staff, W, case, on=D(2021, 11, 29), match="届满前")
    case = services.close(staff, W, case, on=D(2021, 11, 30))
    assert (case.status, case.closed_on, case.next_due_on) == (Status.CLOSED, D(2021, 11, 30), None)
    actions = list(
        AuditEntry.objects.filter(object_type="litigation.Lawsuit", object_id=str(case.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "登记应诉",
        "提交答辩状和证据",
        "登记开庭通知",
        "登记开庭及出庭情况",
        "登记裁判结果",
        "上诉期满、裁判生效结案",
    ]


def test_ruling_appeal_period_is_10_days(org, people):
    case = decided(org, people["police_staff"], result=Result.DISMISSED_SUIT)
    assert (case.decision_kind, case.lost, case.appeal_due_on) == (
        DecisionKind.RULING,
        False,
        D(2021, 11, 22),  # 11-20 is a Saturday
    )


@pytest.mark.parametrize("result", [Result.WITHDRAWN, Result.MEDIATED])
def test_withdrawal_and_mediation_are_final_at_once(org, people, result):
    case = decided(org, people["police_staff"], result=result)
    assert (case.status, case.lost, case.appeal_due_on) == (Status.CLOSED, False, None)


def test_appeal_second_instance_closes_both(org, people):
    staff = people["police_staff"]
    first = decided(org, staff, result=Result.REVOKED)
    refused(
        lawsuit,
        org,
        staff,
        number="(2021)云25行终1号",
        instance=Instance.SECOND,
        previous=first,
        copy_received_on=D(2021, 12, 1),
        match="已提起上诉",
    )
    first = services.appeal(staff, W, first, on=D(2021, 11, 15), by="defendant")
    assert (first.status, first.next_due_on) == (Status.APPEALED, None)
    second = lawsuit(
        org,
        staff,
        number="(2021)云25行终1号",
        court="红河哈尼族彝族自治州中级人民法院",
        instance=Instance.SECOND,
        previous=first,
        copy_received_on=D(2021, 12, 1),
    )
    second = services.answer(staff, W, second, on=D(2021, 12, 10))
    # 二审 may be decided without a hearing (行政诉讼法 art. 86); it is final (art. 7).
    second = services.decide(staff, W, second, on=D(2022, 1, 10), result=Result.UPHELD)
    first.refresh_from_db()
    assert (second.status, second.lost, second.decision_kind) == (
        Status.CLOSED,
        True,  # 维持原判 follows the judgment it upholds
        DecisionKind.JUDGMENT,
    )
    assert (first.status, first.closed_on) == (Status.CLOSED, D(2022, 1, 10))
    assert (
        AuditEntry.objects.filter(
            object_type="litigation.Lawsuit", object_id=str(first.pk), action="二审终结"
        ).count()
        == 1
    )


def test_appeal_after_the_period_is_refused(org, people):
    case = decided(org, people["police_staff"])
    refused(
        services.appeal,
        people["police_staff"],
        W,
        case,
        on=D(2021, 11, 26),
        by="plaintiff",
        match="上诉期限已于2021-11-25届满",
    )


def test_appearance_rules_of_the_2020_provisions(org, people):
    staff = people["police_staff"]
    case = services.answer(staff, W, lawsuit(org, staff), on=D(2021, 9, 20))
    day = D(2021, 10, 20)
    # CT art. 2 ¶2: the head of an entrusted body or a lower agency is not a 负责人.
    refused(
        services.record_hearing,
        staff,
        W,
        case,
        on=day,
        head_appeared=True,
        head_name="派出所所长",
        head_post="所长",
        head_rank="",
        match="第二条",
    )
    refused(
        services.record_hearing,
        staff,
        W,
        case,
        on=day,
        head_appeared=False,
        stand_in_name="赵法制",
        match="第八条",
    )
    refused(
        services.record_hearing,
        staff,
        W,
        case,
        on=day,
        head_appeared=False,
        excuse="other",
        stand_in_name="赵法制",
        match="具体事由",
    )
    # 行诉解释 art. 128 ¶2 / 行政诉讼法 art. 3 ¶3: not only a lawyer.
    refused(
        services.record_hearing,
        staff,
        W,
        case,
        on=day,
        head_appeared=False,
        excuse="duty",
        lawyer_name="王律师",
        match="不得仅委托律师",
    )
    refused(services.record_hearing, staff, W, case, on=D(2021, 9, 15), **HEAD, match="不能早于")
    case = services.record_hearing(
        staff,
        W,
        case,
        on=day,
        head_appeared=False,
        excuse="accident",
        stand_in_name="赵法制",
        stand_in_post="法制大队长",
        lawyer_name="王律师",
    )
    assert case.hearings.get().excuse == "accident"


def test_refusals_change_nothing(org, people):
    staff = people["police_staff"]
    case = lawsuit(org, staff)
    refused(lawsuit, org, staff, match="已登记")
    refused(lawsuit, org, staff, number="x", copy_received_on=D(2099, 1, 1), match="不能晚于今天")
    refused(lawsuit, org, staff, number="x", plaintiff_type="alien", match="原告类型")
    refused(services.answer, staff, W, case, on=D(2021, 9, 1), match="不能早于")
    refused(
        services.decide,
        staff,
        W,
        case,
        on=D(2021, 10, 1),
        result=Result.UPHELD,
        match="只适用于二审",
    )
    refused(services.decide, staff, W, case, on=D(2021, 10, 1), result="won", match="无效")
    refused(
        services.appeal, staff, W, case, on=D(2021, 10, 1), by="plaintiff", match="收到应诉通知"
    )
    refused(
        services.schedule_hearing,
        staff,
        W,
        case,
        on=D(2021, 9, 20),
        hearing_on=D(2021, 9, 19),
        match="开庭日期应晚于",
    )


def test_a_closed_case_offers_only_the_judicial_advice_even_with_the_override(org, people):
    """A closed case is read-only, but a 司法建议 (出庭应诉规定第十二条) comes with or after the
    judgment: its handler may still record one; nothing else is offered."""
    from fazhi.disputes.litigation.steps import STEPS

    case = decided(org, people["police_staff"], result=Result.WITHDRAWN)
    offered = [
        [s.key for s in STEPS.offered(people[p], case)] for p in ("police_staff", "overrider")
    ]
    assert offered == [["advice"], []]
    refused(
        services.answer, people["overrider"], W, case, on=D(2021, 12, 1), match="当前状态为“已结案”"
    )


def test_late_answer_is_recorded_as_late(org, people):
    case = lawsuit(org, people["police_staff"])
    case = services.answer(people["police_staff"], W, case, on=D(2021, 10, 11))
    assert case.answered_late
