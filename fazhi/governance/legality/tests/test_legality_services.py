"""The steps of a 合法性审核 in their order, the refusals (each citing its article), the clock
(工作日 with 调休, the 7-工作日 floor of a 重大行政决策), scope and the audit rows."""

import datetime as dt

import pytest

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.governance.legality import services
from fazhi.governance.legality.models import Opinion, Review, ReviewKind, ReviewStatus
from fazhi.governance.legality.steps import OFFICE

from .factories import requested

D = dt.date
W = Channel.WEB
S = ReviewStatus
pytestmark = pytest.mark.django_db


def test_send_accept_opinion_in_order_with_audit_rows(org, people):
    review = requested(org, people["police_staff"], submitted_on=D(2024, 5, 6))
    assert (review.office, review.status) == (org["justice"], S.SUBMITTED)
    review = services.accept(people["reviewer"], W, review, on=D(2024, 5, 7))
    assert review.status == S.REVIEWING and review.next_due_label == "出具审核意见"
    review = services.opine(
        people["reviewer"], W, review, opinion=Opinion.LAWFUL, opinion_on=D(2024, 5, 10)
    )
    assert (review.status, review.opinion, review.next_due_on) == (S.GIVEN, Opinion.LAWFUL, None)
    actions = list(
        AuditEntry.objects.filter(object_type="legality.Review", object_id=str(review.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["送请合法性审核", "受理", "出具审核意见"]
    assert AuditEntry.objects.filter(action="制作文书").count() == 1


def test_return_for_materials_stops_the_clock_and_sending_again_restarts_it(org, people):
    """重大行政决策程序暂行条例第二十六条第一款：提供的材料不符合要求的，负责合法性审查的部门可以
    退回，或者要求补充。"""
    review = requested(org, people["police_staff"], submitted_on=D(2024, 5, 6))
    first_due = review.due_on
    with pytest.raises(Refusal, match="第二十六条第一款"):
        services.send_back(people["reviewer"], W, review, on=D(2024, 5, 7), reason=" ")
    review = services.send_back(
        people["reviewer"], W, review, on=D(2024, 5, 7), reason="请补充起草说明"
    )
    assert review.status == S.RETURNED and review.next_due_on is None
    with pytest.raises(Refusal, match="退回补充材料"):  # no opinion on a returned draft
        services.opine(
            people["reviewer"], W, review, opinion=Opinion.LAWFUL, opinion_on=D(2024, 5, 8)
        )
    with pytest.raises(Refusal, match="送审单位"):  # the office does not send it again
        services.resubmit(people["reviewer"], W, review, on=D(2024, 5, 13))
    review = services.resubmit(people["police_staff"], W, review, on=D(2024, 5, 13))
    assert review.status == S.SUBMITTED and review.started_on == D(2024, 5, 13)
    assert review.due_on > first_due and review.next_due_on == review.due_on


def test_an_amended_or_unlawful_opinion_says_why(org, people):
    """重大行政决策程序暂行条例第二十八条：负责合法性审查的部门应当及时提出合法性审查意见，并对
    合法性审查意见负责 — 修改后合法 and 不合法 state what to change, or why."""
    review = requested(org, people["police_staff"])
    for opinion in (Opinion.AMEND, Opinion.UNLAWFUL):
        with pytest.raises(Refusal, match="应写明审核意见内容"):
            services.opine(people["reviewer"], W, review, opinion=opinion, opinion_on=D(2024, 5, 8))
    with pytest.raises(Refusal, match="不能早于送审日期"):
        services.opine(
            people["reviewer"], W, review, opinion=Opinion.LAWFUL, opinion_on=D(2024, 5, 3)
        )
    assert Review.objects.get(pk=review.pk).status == S.SUBMITTED


def test_only_the_reviewing_office_gives_the_opinion(org, people):
    """重大行政决策程序暂行条例第二十五条：由负责合法性审查的部门进行合法性审查 — the government's
    合法性审核机构 (the duty legality.office), not the sending unit."""
    review = requested(org, people["police_staff"])
    with pytest.raises(Refusal, match="合法性审核机构"):
        services.opine(
            people["police_staff"], W, review, opinion=Opinion.LAWFUL, opinion_on=D(2024, 5, 8)
        )
    with pytest.raises(Refusal, match="合法性审核机构"):  # another county's office
        services.accept(people["kaiyuan_staff"], W, review, on=D(2024, 5, 7))


def test_no_review_without_a_reviewing_office(org, people):
    """第二十五条：决策草案…应当由负责合法性审查的部门进行合法性审查 — a government that has named
    none is told to name it first."""
    duties.revoke(None, Channel.CLI, org["justice"], OFFICE)
    with pytest.raises(Refusal, match="尚未指定合法性审核机构"):
        requested(org, people["police_staff"])


def test_withdraw_by_the_sending_unit_before_the_opinion_only(org, people):
    review = requested(org, people["police_staff"])
    with pytest.raises(Refusal, match="送审单位"):
        services.withdraw(people["reviewer"], W, review, on=D(2024, 5, 7), reason="不需要了")
    review = services.withdraw(people["police_staff"], W, review, on=D(2024, 5, 7), reason="暂缓")
    assert review.status == S.WITHDRAWN and not review.is_open and review.next_due_on is None
    given = requested(org, people["police_staff"])
    given = services.give_opinion(
        people["reviewer"], given, opinion=Opinion.LAWFUL, opinion_on=D(2024, 5, 8)
    )
    with pytest.raises(Refusal, match="已出具审核意见"):
        services.withdraw(people["police_staff"], W, given, on=D(2024, 5, 9), reason="撤回")


def test_a_contracts_signing_is_recorded_once_and_only_for_contracts(org, people):
    contract = requested(
        org, people["police_staff"], kind=ReviewKind.CONTRACT, counterparty="某公司"
    )
    assert contract.counterparty == "某公司"
    contract = services.record_signing(people["police_staff"], W, contract, signed_on=D(2024, 5, 9))
    assert contract.signed_on == D(2024, 5, 9)
    with pytest.raises(Refusal, match="尚未登记签订日期的合同协议"):
        services.record_signing(people["police_staff"], W, contract, signed_on=D(2024, 5, 10))
    other = requested(org, people["police_staff"])
    with pytest.raises(Refusal, match="合同协议"):
        services.record_signing(people["police_staff"], W, other, signed_on=D(2024, 5, 10))


# --- the clock ---------------------------------------------------------------------------------
# 2021: 中秋 9月19—21日 off (9月18日 Saturday worked); 国庆 10月1—7日 off, 9月26日 (Sunday) and
# 10月9日 (Saturday) worked (国办发明电〔2020〕27号).


def test_the_review_period_counts_working_days_with_the_national_day_make_up_days(org, people):
    review = requested(org, people["police_staff"], submitted_on=D(2021, 9, 28))
    # 15 工作日 from 9月29日: 9.29, 9.30, 10.8, 10.9 (Saturday, worked), 10.11–15, 10.18–22, 10.25
    assert review.due_on == D(2021, 10, 25)


def test_a_decision_is_never_due_before_seven_working_days(org, people, settings):
    """重大行政决策程序暂行条例第二十六条第二款：送请合法性审查，应当保证必要的审查时间，一般不少于
    7个工作日 — whatever shorter period a government sets, a decision's review is due no earlier."""
    settings.FAZHI_LEGALITY_REVIEW_DAYS = 3
    other = requested(org, people["police_staff"], submitted_on=D(2021, 9, 28))
    decision = requested(
        org, people["police_staff"], kind=ReviewKind.DECISION, submitted_on=D(2021, 9, 28)
    )
    # 3 工作日: 9.29, 9.30, 10.8; 7 工作日: … 10.9 (Saturday, worked), 10.11, 10.12, 10.13
    assert other.due_on == D(2021, 10, 8)
    assert decision.due_on == D(2021, 10, 13)
    settings.FAZHI_LEGALITY_REVIEW_DAYS = 10  # longer than the floor: the setting holds
    decision = requested(
        org, people["police_staff"], kind=ReviewKind.DECISION, submitted_on=D(2021, 9, 28)
    )
    assert decision.due_on == D(2021, 10, 18)


# --- scope ------------------------------------------------------------------------------------


def test_a_unit_sends_only_for_itself_and_within_its_government(org, people):
    with pytest.raises(Refusal, match="送审单位"):  # 公安局 does not send for 自然资源局
        requested(org, people["police_staff"], unit=org["land"])
    with pytest.raises(Refusal):  # nor may 弥勒市's coordinator send for 开远市
        requested(org, people["coordinator"], unit=org["kaiyuan_justice"])
    assert not Review.objects.exists()
    mine = requested(org, people["coordinator"], unit=org["land"])  # 统筹 acts for every unit
    assert mine.office == org["justice"]
    theirs = requested(org, people["kaiyuan_staff"], unit=org["kaiyuan_justice"])
    assert theirs.office == org["kaiyuan_justice"]  # 开远市's own 合法性审核机构
