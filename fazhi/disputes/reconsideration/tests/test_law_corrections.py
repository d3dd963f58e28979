"""行政复议 corrected against the law (issue 8): each test names its article. Choice values are
written as strings and new steps called by name, so that each test fails (rather than stops the
module) on the code before the correction."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.disputes.reconsideration import services
from fazhi.disputes.reconsideration.models import ReconsiderationCase, Status

from .factories import accepted, government_approver, received

D = dt.date


@pytest.fixture
def staff(people):
    return people["reviewer"]


def fresh(case):
    return ReconsiderationCase.objects.get(pk=case.pk)


# --- 1. 2023 art. 30 ¶3: 审查期限届满之日起视为受理 ---------------------------------------------


def test_art30_3_acceptance_decided_late_dates_from_the_end_of_the_review(org, staff):
    """行政复议法(2023) art. 30 ¶3: a 受理 decided after the 5-日 review finds the case accepted
    as of the review's last day; the 60 日 (art. 62) run from then, not from the late decision."""
    case = received(org, staff, submitted_on=D(2024, 3, 4))  # Monday
    assert case.next_due_on == D(2024, 3, 11)  # 5 工作日 (art. 88 ¶2)
    case = services.accept(staff, Channel.WEB, case, on=D(2024, 3, 15))
    assert case.accepted_on == D(2024, 3, 11) and case.deemed_accepted
    assert case.decision_due_on == D(2024, 5, 10)  # 03-11 + 60 日
    on_time = services.accept(
        staff, Channel.WEB, received(org, staff, submitted_on=D(2024, 3, 4)), on=D(2024, 3, 8)
    )
    assert on_time.accepted_on == D(2024, 3, 8) and not on_time.deemed_accepted


# --- 2. 2023 art. 30 ¶2 and art. 33: 不予受理 within the review; 驳回申请 after acceptance ------


def test_art30_2_no_rejection_after_the_review_period(org, staff):
    """行政复议法(2023) art. 30 ¶2: 应当在审查期限内决定不予受理 — after it the case is accepted
    (¶3), and a 不予受理 or a 告知 is refused."""
    case = received(org, staff, submitted_on=D(2024, 3, 4))
    with pytest.raises(Refusal, match="审查期限已于2024-03-11届满"):
        services.reject(staff, Channel.WEB, case, on=D(2024, 3, 12), reason="超过申请期限")
    with pytest.raises(Refusal, match="第三十三条"):
        services.refer(staff, Channel.WEB, case, on=D(2024, 3, 12), competent_organ="州政府")
    assert fresh(case).status == Status.RECEIVED
    case = services.reject(staff, Channel.WEB, case, on=D(2024, 3, 11), reason="超过申请期限")
    assert case.status == Status.REJECTED
    # the 2017 law sets no such bar (its art. 17 has no deemed acceptance): unchanged
    old = received(org, staff, submitted_on=D(2021, 3, 1))
    assert services.reject(staff, Channel.WEB, old, on=D(2021, 3, 15), reason="x").closed_on


def test_art33_dismissing_the_application_after_acceptance(org, staff):
    """行政复议法(2023) art. 33: 受理后发现不符合第三十条第一款规定的，应当决定驳回申请并说明
    理由 — an outcome of its own, apart from 驳回行政复议请求 (art. 69)."""
    case = accepted(org, staff, submitted_on=D(2024, 3, 4))
    with pytest.raises(Refusal, match="说明理由"):
        services.dismiss_application(staff, Channel.WEB, case, on=D(2024, 3, 20), reason=" ")
    case = services.dismiss_application(
        staff, Channel.WEB, case, on=D(2024, 3, 20), reason="申请人与该行政行为无利害关系"
    )
    assert (case.status, case.outcome, case.next_due_on) == (
        Status.DECIDED,
        "dismissed_app",
        None,
    )
    assert case.get_outcome_display() == "驳回行政复议申请"
    assert AuditEntry.objects.filter(object_id=str(case.pk), action="驳回申请").exists()
    # it is not one of the decisions of the decision form
    from fazhi.disputes.reconsideration.forms import DecideForm

    assert "dismissed_app" not in dict(DecideForm(law="2023").fields["outcome"].choices)


def test_art33_dismissal_through_the_api(org, people, client):
    case = accepted(org, people["reviewer"], submitted_on=D(2024, 3, 4))
    client.force_login(people["police_staff"])  # the respondent may not
    url = f"/api/reconsideration/records/{case.pk}/dismiss_application"
    body = {"on": "2024-03-20", "reason": "超过法定申请期限", "confirmed": True}
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(people["reviewer"])
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert fresh(case).outcome == "dismissed_app"


# --- 3. 2023 art. 31 ¶2: 补正 from the notice's receipt; a reasonable extension ---------------


def test_art31_2_correction_period_runs_from_service_and_may_be_extended(org, staff):
    """行政复议法(2023) art. 31 ¶2: 申请人应当自收到补正通知之日起十日内提交补正材料。有正当
    理由不能按期补正的，行政复议机关可以延长合理的补正期限。"""
    case = received(org, staff, submitted_on=D(2024, 3, 4))
    case = services.request_correction(staff, Channel.WEB, case, on=D(2024, 3, 5), items="身份证明")
    assert case.correction_due_on is None and case.next_due_label == ""
    with pytest.raises(Refusal, match="尚未送达"):
        services.abandon(staff, Channel.WEB, case, on=D(2024, 4, 30))
    case = services.correction_served(staff, Channel.WEB, case, served_on=D(2024, 3, 8), way="post")
    # 10 工作日 from 03-08 (Friday): 03-11 … 03-15, 03-18 … 03-22
    assert (case.correction_served_on, case.correction_served_way) == (D(2024, 3, 8), "post")
    assert case.correction_due_on == case.next_due_on == D(2024, 3, 22)
    with pytest.raises(Refusal, match="应晚于原期限"):
        services.extend_correction(
            staff, Channel.WEB, case, on=D(2024, 3, 20), due_on=D(2024, 3, 21), reason="住院"
        )
    case = services.extend_correction(
        staff, Channel.WEB, case, on=D(2024, 3, 20), due_on=D(2024, 4, 3), reason="申请人住院"
    )
    assert case.correction_due_on == D(2024, 4, 3)
    with pytest.raises(Refusal, match="届满前"):
        services.abandon(staff, Channel.WEB, case, on=D(2024, 3, 25))
    with pytest.raises(Refusal, match="已于2024-04-03届满"):
        services.extend_correction(
            staff, Channel.WEB, case, on=D(2024, 4, 4), due_on=D(2024, 4, 30), reason="x"
        )
    case = services.abandon(staff, Channel.WEB, case, on=D(2024, 4, 8))
    assert case.status == Status.ABANDONED


def test_art31_2_service_recorded_through_the_page(org, people, client):
    case = received(org, people["reviewer"], submitted_on=D(2024, 3, 4))
    services.request_correction(
        people["reviewer"], Channel.WEB, case, on=D(2024, 3, 5), items="身份证明"
    )
    client.force_login(people["reviewer"])
    page = client.get(case.get_absolute_url()).content.decode()
    assert "补正通知已送达" in page and "送达方式" in page
    client.post(
        reverse("reconsideration:step", args=[case.pk, "correction_served"]),
        {"correction_served-served_on": "2024-03-07", "correction_served-way": "in_person"},
    )
    case = fresh(case)
    assert case.correction_served_on == D(2024, 3, 7) and case.correction_due_on == D(2024, 3, 21)


# --- 4. 2023 art. 31 ¶1: one notice ---------------------------------------------------------


def test_art31_1_one_correction_notice_only(org, staff):
    """行政复议法(2023) art. 31 ¶1: 补正通知应当一次性载明需要补正的事项 — no second notice."""
    case = received(org, staff, submitted_on=D(2024, 3, 4))
    case = services.request_correction(staff, Channel.WEB, case, on=D(2024, 3, 5), items="身份证明")
    case = services.receive_correction(staff, Channel.WEB, case, on=D(2024, 3, 12))
    with pytest.raises(Refusal, match="一次性"):
        services.request_correction(staff, Channel.WEB, case, on=D(2024, 3, 13), items="授权书")
    assert fresh(case).status == Status.RECEIVED and case.pauses.count() == 1


# --- 6. who approves an extension, by law ---------------------------------------------------


def test_extension_approver_follows_the_cases_law(org, people):
    """2017 art. 31 ¶1: 经行政复议机关的负责人批准 (the government); 2023 art. 62 ¶1: 经行政
    复议机构的负责人批准 (the 复议机构, here 司法局). One flag cannot say which: its holder's
    unit does."""
    office_head = people["coordinator"]  # 司法局, 可批准延期
    government_head = government_approver(org)  # 弥勒市人民政府, 可批准延期
    old = accepted(org, people["reviewer"], submitted_on=D(2021, 3, 1))
    with pytest.raises(Refusal, match="行政复议机关负责人批准"):
        services.extend(office_head, Channel.WEB, old, on=D(2021, 4, 1), days=10, reason="复杂")
    old = services.extend(
        government_head, Channel.WEB, old, on=D(2021, 4, 1), days=10, reason="复杂"
    )
    assert old.extension_days == 10
    new = accepted(org, people["reviewer"], submitted_on=D(2024, 3, 4))
    with pytest.raises(Refusal, match="行政复议机构负责人批准"):
        services.extend(government_head, Channel.WEB, new, on=D(2024, 4, 1), days=10, reason="复杂")
    new = services.extend(office_head, Channel.WEB, new, on=D(2024, 4, 1), days=10, reason="复杂")
    assert new.extension_days == 10


# --- 7. 和解 → withdrawal and 终止 -------------------------------------------------------------


@pytest.mark.parametrize("submitted", [D(2021, 3, 1), D(2024, 3, 4)])
def test_settlement_ends_in_termination(org, staff, submitted):
    """行政复议法(2023) art. 74 ¶2 (with art. 41 ¶1 (一)): 和解后申请人撤回申请，复议机关决定终止;
    实施条例 art. 42 ¶1 (四): 经准许达成和解的，行政复议终止."""
    case = accepted(org, staff, submitted_on=submitted)
    case = services.decide(
        staff, Channel.WEB, case, on=submitted + dt.timedelta(days=20), outcome="settled"
    )
    assert (case.status, case.outcome) == (Status.TERMINATED, "settled")


def test_settlement_may_end_a_suspended_case(org, staff):
    """2023 art. 39 ¶1 (六): 调解、和解 with the parties' consent suspends; 和解 then ends it."""
    case = accepted(org, staff, submitted_on=D(2024, 3, 4))
    case = services.suspend(staff, Channel.WEB, case, on=D(2024, 3, 20), ground="settlement")
    case = services.decide(staff, Channel.WEB, case, on=D(2024, 4, 1), outcome="settled")
    assert case.status == Status.TERMINATED


# --- 8. 简易程序: the grounds of art. 53 ----------------------------------------------------


def test_art53_simplified_procedure_takes_a_listed_ground(org, staff):
    """行政复议法(2023) art. 53: four kinds of case (¶1) or all parties' consent (¶2)."""
    case = received(org, staff, submitted_on=D(2024, 3, 4))
    with pytest.raises(Refusal, match="第五十三条"):
        services.accept(
            staff,
            Channel.WEB,
            case,
            on=D(2024, 3, 5),
            procedure="simplified",
            simplified_ground="案情简单",
        )
    case = services.accept(
        staff,
        Channel.WEB,
        case,
        on=D(2024, 3, 5),
        procedure="simplified",
        simplified_ground="small_amount",
    )
    assert (case.procedure, case.simplified_ground) == ("simplified", "small_amount")


# --- 中止: arithmetic, grounds, the 60 日 that lead to 终止 ------------------------------------


def test_same_day_suspension_and_resumption_removes_no_day(org, staff):
    """2023 art. 39 / 实施条例 art. 41: the paused span is the days the case stood still; resumed
    the day it was suspended, it stood still on none, and the decision period is unchanged."""
    case = accepted(org, staff, submitted_on=D(2021, 3, 1))
    assert case.decision_due_on == D(2021, 4, 30)
    case = services.suspend(staff, Channel.WEB, case, on=D(2021, 3, 10), ground="other_case")
    case = services.resume(staff, Channel.WEB, case, on=D(2021, 3, 10))
    assert case.decision_due_on == D(2021, 4, 30)
    assert case.pauses.get().empty
    # a day apart: one day out (04-30 + 1 = 05-01, 劳动节; the next working day is 05-06)
    case = services.suspend(staff, Channel.WEB, case, on=D(2021, 3, 15), ground="other_case")
    case = services.resume(staff, Channel.WEB, case, on=D(2021, 3, 16))
    assert case.decision_due_on == D(2021, 5, 6)


def test_suspension_grounds_are_the_laws_list(org, staff):
    """中止 only on a ground of 2023 art. 39 ¶1 / 实施条例 art. 41 ¶1; 中止 by agreement for
    调解、和解 (art. 39 ¶1 (六)) is new in 2023."""
    new = accepted(org, staff, submitted_on=D(2024, 3, 4))
    with pytest.raises(Refusal, match="第三十九条"):
        services.suspend(staff, Channel.WEB, new, on=D(2024, 3, 10), ground="需要鉴定")
    old = accepted(org, staff, submitted_on=D(2021, 3, 1))
    with pytest.raises(Refusal, match="实施条例第四十一条"):
        services.suspend(staff, Channel.WEB, old, on=D(2021, 3, 10), ground="settlement")
    with pytest.raises(Refusal, match="具体情况"):
        services.suspend(staff, Channel.WEB, old, on=D(2021, 3, 10), ground="other")
    case = services.suspend(
        staff, Channel.WEB, old, on=D(2021, 3, 10), ground="other", note="等待司法鉴定"
    )
    assert case.pauses.get().ground == "other" and "等待司法鉴定" in case.pauses.get().reason


def test_art41_1_5_suspension_of_60_days_prompts_termination(org, staff):
    """行政复议法(2023) art. 41 ¶1 (五) (实施条例 art. 42 ¶2 alike): 依第三十九条第一款第一、
    二、四项中止满六十日，原因仍未消除的，终止 — the case's next deadline says so; other grounds
    show none."""
    case = accepted(org, staff, submitted_on=D(2024, 3, 4))
    case = services.suspend(staff, Channel.WEB, case, on=D(2024, 3, 11), ground="death")
    assert case.next_due_on == D(2024, 5, 10) and "终止" in case.next_due_label
    other = accepted(org, staff, submitted_on=D(2024, 3, 4))
    other = services.suspend(staff, Channel.WEB, other, on=D(2024, 3, 11), ground="missing")
    assert other.next_due_on is None


# --- 2017 调解: 实施条例 art. 50 ---------------------------------------------------------------


def test_2017_mediation_needs_a_ground_of_art50(org, staff):
    """实施条例 art. 50 ¶1: 调解 only for 自由裁量权 acts and 赔偿/补偿 disputes (2017 law); the
    2023 law allows it in any case (arts. 5, 73)."""
    old = accepted(org, staff, submitted_on=D(2021, 3, 1))
    with pytest.raises(Refusal, match="第五十条"):
        services.decide(staff, Channel.WEB, old, on=D(2021, 4, 1), outcome="mediated")
    old = services.decide(
        staff,
        Channel.WEB,
        old,
        on=D(2021, 4, 1),
        outcome="mediated",
        mediation_ground="compensation",
    )
    assert old.status == Status.DECIDED
    new = accepted(org, staff, submitted_on=D(2024, 3, 4))
    assert services.decide(staff, Channel.WEB, new, on=D(2024, 4, 1), outcome="mediated").outcome


def test_art41_1_5_the_tick_prompts_termination_after_60_days(org, staff):
    """行政复议法(2023) art. 41 ¶1 (五): the overdue reminder of `fazhi tick` names the 60 日 of
    中止 that call for a 终止 decision; the case stays suspended until someone decides."""
    import io

    from django.core.management import call_command

    from fazhi.core.models import Notice

    case = accepted(org, staff, submitted_on=D(2024, 3, 4))
    case = services.suspend(staff, Channel.WEB, case, on=D(2024, 3, 11), ground="org_ended")
    call_command("tick", stdout=io.StringIO())
    notice = Notice.objects.get(link=case.get_absolute_url())
    assert "中止满60日" in str(vars(notice))
    assert fresh(case).status == Status.SUSPENDED
