"""建议提案 transitions: each checks its rule and its dates, and a refusal changes nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.oversight.proposals import services
from fazhi.oversight.proposals.models import (
    Category,
    Proposal,
    ProposalAnswer,
    Satisfaction,
    Source,
    Status,
)

from .factories import answered, assigned, received

D = dt.date


@pytest.fixture
def staff(people):
    """The registering office's staff (弥勒市司法局 holds the duty in these tests)."""
    return people["reviewer"]


@pytest.fixture
def police(people):
    """The 主办 unit's staff (公安局)."""
    return people["police_staff"]


def audit_rows(p):
    return list(
        AuditEntry.objects.filter(object_type=p._meta.label, object_id=str(p.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def state(p):
    p = Proposal.objects.get(pk=p.pk)
    return (p.status, p.unit_id, p.due_on, p.next_due_on, p.round, p.closed_on, len(audit_rows(p)))


def test_receive_registers_under_the_given_number(org, staff):
    p = received(org, staff, number="12")
    assert (p.status, p.number, p.next_due_on) == (Status.RECEIVED, "12", None)
    assert audit_rows(p) == ["收到建议提案"]
    with pytest.raises(Refusal, match="已登记"):
        received(org, staff, number="12")
    # the same number from the other source is another proposal
    assert received(org, staff, number="12", source=Source.CPPCC).pk != p.pk
    with pytest.raises(Refusal, match="不属于"):
        received(org, staff, office=org["kaiyuan_justice"])


def test_three_months_from_assignment_across_national_day(org, staff):
    # 代表法 art. 42: 2021-07-01 + 3 月 = 2021-10-01, a 国庆 holiday → the next working day,
    # 10-08 (10-01..10-07 off;民事诉讼法 art. 85).
    p = assigned(org, staff, on=D(2021, 7, 1), co_units=[org["miyang"]])
    assert (p.status, p.due_on, p.next_due_on, p.next_due_label) == (
        Status.ASSIGNED,
        D(2021, 10, 8),
        D(2021, 10, 8),
        "答复",
    )
    assert list(p.co_units.all()) == [org["miyang"]]


def test_extension_to_six_months_is_the_approvers_act_and_lands_on_a_make_up_saturday(org, people):
    staff, police, boss = people["reviewer"], people["police_staff"], people["coordinator"]
    p = assigned(org, staff, on=D(2021, 4, 9))
    assert p.due_on == D(2021, 7, 9)
    before = state(p)
    # The 主办 unit may only ask (fazhi.core.approvals); the office's staff without the authority
    # may not approve.
    for actor in (police, staff):
        with pytest.raises(Refusal, match="没有批准权限"):
            services.extend(actor, Channel.WEB, p, on=D(2021, 5, 6), reason="涉及面广")
    with pytest.raises(Refusal, match="理由"):
        services.extend(boss, Channel.WEB, p, on=D(2021, 5, 6), reason=" ")
    assert state(p) == before
    # 2021-04-09 + 6 月 = 2021-10-09, a 调休 Saturday: a working day, so the due date stays.
    p = services.extend(boss, Channel.WEB, p, on=D(2021, 5, 6), reason="涉及面广")
    assert (p.extended, p.due_on, p.extension_approver) == (True, D(2021, 10, 9), "李统筹")
    with pytest.raises(Refusal, match="不能再次延期"):
        services.extend(boss, Channel.WEB, p, on=D(2021, 5, 7), reason="再延")


def test_full_path_with_rehandling(org, staff, police):
    p = assigned(org, staff)
    p = services.start_handling(police, Channel.WEB, p, on=D(2021, 3, 3))
    assert p.status == Status.HANDLING
    p = services.answer(police, Channel.WEB, p, on=D(2021, 4, 20), category=Category.B)
    assert (p.status, p.round, p.next_due_on) == (Status.ANSWERED, 1, None)
    p = services.rate(
        staff, Channel.WEB, p, on=D(2021, 4, 30), satisfaction=Satisfaction.UNSATISFIED
    )
    # 重新办理 within 1 month of the rating (山东 24): 04-30 + 1 月 = 05-30 (Sunday) → 05-31.
    assert (p.status, p.next_due_on, p.next_due_label) == (
        Status.REHANDLING,
        D(2021, 5, 31),
        "重新答复",
    )
    p = services.answer(police, Channel.WEB, p, on=D(2021, 5, 20), category=Category.A)
    p = services.rate(staff, Channel.WEB, p, on=D(2021, 5, 28), satisfaction=Satisfaction.BASICALLY)
    assert (p.status, p.closed_on, p.round) == (Status.CLOSED, D(2021, 5, 28), 2)
    rounds = ProposalAnswer.objects.filter(proposal=p).values_list("round", "satisfaction")
    assert list(rounds) == [(1, "unsatisfied"), (2, "basically")]
    assert audit_rows(p) == [
        "收到建议提案",
        "交办",
        "开始办理",
        "答复",
        "登记满意度",
        "答复",
        "登记满意度",
    ]


def test_still_unsatisfied_after_the_last_round_closes_with_the_rating(
    org, people, staff, settings
):
    settings.FAZHI_PROPOSAL_MAX_ROUNDS = 1
    p = answered(org, people, on=D(2021, 4, 20), category=Category.C)
    p = services.rate(
        staff, Channel.WEB, p, on=D(2021, 4, 30), satisfaction=Satisfaction.UNSATISFIED
    )
    assert (p.status, p.satisfaction) == (Status.CLOSED, "unsatisfied")


def test_refusals_change_nothing(org, people):
    staff, police = people["reviewer"], people["police_staff"]
    p = received(org, staff)
    cases = [
        (lambda: services.answer(police, "web", p, on=D(2021, 4, 1), category="A"), "已收到"),
        (lambda: services.start_handling(police, "web", p, on=D(2021, 4, 1)), "已收到"),
        (
            lambda: services.assign(staff, "web", p, on=D(2021, 1, 1), unit=org["police"]),
            "不能早于",
        ),
        (
            lambda: services.assign(staff, "web", p, on=D(2021, 3, 1), unit=org["kaiyuan_justice"]),
            "不是",
        ),
        (lambda: services.assign(staff, "web", p, on=D(2021, 3, 1), unit=org["mile"]), "不是"),
        (
            lambda: services.assign(
                staff, "web", p, on=D(2021, 3, 1), unit=org["land"], co_units=[org["land"]]
            ),
            "不能同时",
        ),
        (lambda: services.assign(staff, "web", p, on=D(2999, 3, 1), unit=org["land"]), "不能晚于"),
        (lambda: services.rate(staff, "web", p, on=D(2021, 4, 1), satisfaction="满意"), "已收到"),
    ]
    before = state(p)
    for attempt, message in cases:
        with pytest.raises(Refusal, match=message):
            attempt()
        assert state(p) == before
    p = assigned(org, staff)
    with pytest.raises(Refusal, match="不能早于"):
        services.answer(police, "web", p, on=D(2021, 3, 1), category="A")
    with pytest.raises(Refusal, match="无效"):
        services.answer(police, "web", p, on=D(2021, 4, 1), category="D")
    p = services.answer(police, "web", p, on=D(2021, 4, 1), category="A")
    with pytest.raises(Refusal, match="无效"):
        services.rate(staff, "web", p, on=D(2021, 4, 5), satisfaction="ok")
    p = services.rate(staff, "web", p, on=D(2021, 4, 5), satisfaction=Satisfaction.SATISFIED)
    before = state(p)
    with pytest.raises(Refusal, match="已办结"):
        services.rate(staff, "web", p, on=D(2021, 4, 6), satisfaction=Satisfaction.SATISFIED)
    assert state(p) == before


def test_merged_proposals_are_answered_with_the_main_one(org, staff, police):
    lead = assigned(org, staff, co_units=[org["miyang"]])
    member = received(org, staff, source=Source.CPPCC)
    with pytest.raises(Refusal, match="自身"):
        services.merge(staff, "web", lead, on=D(2021, 3, 5), members=[lead])
    lead = services.merge(staff, Channel.WEB, lead, on=D(2021, 3, 5), members=[member])
    member.refresh_from_db()
    assert (member.merged_into_id, member.unit_id, member.status, member.assigned_on) == (
        lead.pk,
        org["police"].pk,
        Status.ASSIGNED,
        D(2021, 3, 5),
    )
    assert list(member.co_units.all()) == [org["miyang"]]
    with pytest.raises(Refusal, match="随主件"):
        services.answer(police, "web", member, on=D(2021, 4, 1), category="A")
    services.answer(police, Channel.WEB, lead, on=D(2021, 4, 1), category=Category.A)
    member.refresh_from_db()
    assert (member.status, member.category, member.round) == (Status.ANSWERED, "A", 1)
    assert audit_rows(member)[-2:] == ["并案办理", "答复"]
    # each proposer rates the joint answer; an unsatisfied member is handled again by itself
    member = services.rate(staff, "web", member, on=D(2021, 4, 9), satisfaction="unsatisfied")
    assert member.status == Status.REHANDLING
    member = services.answer(police, "web", member, on=D(2021, 4, 20), category="B")
    lead.refresh_from_db()
    assert (member.round, member.category, lead.round, lead.category) == (2, "B", 1, "A")


def test_merging_reads_the_members_together_whatever_their_number(org, staff):
    """The checks of a merge (may the actor see each member, does one already lead a group) and
    the row locks read all members at once: only each member's own writes grow with them."""

    def proposal_reads(count: int) -> int:
        lead = assigned(org, staff)
        members = [received(org, staff) for _ in range(count)]
        with CaptureQueriesContext(connection) as queries:
            services.merge(staff, Channel.WEB, lead, on=D(2021, 3, 5), members=members)
        assert Proposal.objects.filter(merged_into=lead).count() == count
        table = f'FROM "{Proposal._meta.db_table}"'
        return sum(1 for q in queries if q["sql"].startswith("SELECT") and table in q["sql"])

    assert proposal_reads(1) == proposal_reads(4)
