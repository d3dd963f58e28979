"""Issue 8: the 行政应诉 procedure against the law — the corrections (再审 appealability, the
citation of "不得仅委托律师") and the steps that were missing (延期提供证据, the court's summons of
the 负责人, 司法建议 and its reply). Each test names its article."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.disputes.litigation import services
from fazhi.disputes.litigation.models import (
    Excuse,
    Hearing,
    Instance,
    Lawsuit,
    Result,
    RetrialProcedure,
    Status,
)
from fazhi.disputes.litigation.steps import STEPS

from .factories import HEAD, decided, lawsuit

D = dt.date
W = Channel.WEB


def state():
    return list(Lawsuit.objects.order_by("pk").values()), AuditEntry.objects.count()


def refused(call, *args, match="", **kwargs):
    before = state()
    with pytest.raises(Refusal, match=match):
        call(*args, **kwargs)
    assert state() == before


def offered(user, case):
    return {s.key for s in STEPS.offered(user, Lawsuit.objects.get(pk=case.pk))}


# --- 再审 ---


def _closed_second_instance(org, staff):
    first = decided(org, staff, result=Result.REVOKED)
    first = services.appeal(staff, W, first, on=D(2021, 11, 15), by="defendant")
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
    return services.decide(staff, W, second, on=D(2022, 1, 10), result=Result.UPHELD)


def _retrial(org, staff, previous, number="(2022)云行再1号", **overrides):
    case = lawsuit(
        org,
        staff,
        number=number,
        court="云南省高级人民法院",
        instance=Instance.RETRIAL,
        previous=previous,
        copy_received_on=D(2022, 3, 1),
        **overrides,
    )
    return services.answer(staff, W, case, on=D(2022, 3, 10))


def test_retrial_of_a_second_instance_judgment_is_final_xingsu_jieshi_119_minsu_214(org, people):
    """行诉解释第一百一十九条第一款 (民事诉讼法(2021)第二百一十四条, via 行政诉讼法第一百零一条):
    a 再审 of a decision the second-instance court gave is heard by the second-instance procedure,
    and its judgment is 发生法律效力的判决 — no appeal period, the case closes."""
    staff = people["police_staff"]
    second = _closed_second_instance(org, staff)
    assert second.status == Status.CLOSED
    retrial = _retrial(org, staff, second)
    assert retrial.retrial_procedure == RetrialProcedure.SECOND
    retrial = services.decide(staff, W, retrial, on=D(2022, 5, 10), result=Result.REVOKED)
    assert (retrial.status, retrial.appeal_due_on, retrial.closed_on, retrial.lost) == (
        Status.CLOSED,
        None,
        D(2022, 5, 10),
        True,
    )
    assert "appeal" not in offered(staff, retrial)


def test_retrial_of_a_first_instance_judgment_follows_the_court_xingsu_jieshi_119(org, people):
    """行诉解释第一百一十九条第一款: a 一审 judgment retried by its own court (first-instance
    procedure) gives an appealable judgment (15 日, 行政诉讼法第八十五条); taken up (提审) by a
    higher court it is heard by the second-instance procedure and is final. Which one is asked."""
    staff = people["police_staff"]
    first = decided(org, staff)
    first = services.close(staff, W, first, on=D(2021, 11, 26))
    refused(
        lawsuit,
        org,
        staff,
        number="(2022)云2504行再1号",
        instance=Instance.RETRIAL,
        previous=first,
        copy_received_on=D(2022, 3, 1),
        match="请选择再审程序",
    )
    by_first = _retrial(org, staff, first, retrial_procedure=RetrialProcedure.FIRST)
    by_first = services.decide(staff, W, by_first, on=D(2022, 5, 10), result=Result.REVOKED)
    assert (by_first.status, by_first.appeal_due_on) == (Status.DECIDED, D(2022, 5, 25))
    taken_up = _retrial(
        org,
        staff,
        first,
        number="(2022)云25行再2号",
        retrial_procedure=RetrialProcedure.SECOND,
    )
    taken_up = services.decide(staff, W, taken_up, on=D(2022, 5, 10), result=Result.REVOKED)
    assert (taken_up.status, taken_up.appeal_due_on) == (Status.CLOSED, None)


def test_retrial_of_a_second_instance_cannot_take_the_first_instance_procedure_art_119(org, people):
    """行诉解释第一百一十九条第一款: 由第二审法院作出的 → 按照第二审程序; nothing else."""
    staff = people["police_staff"]
    second = _closed_second_instance(org, staff)
    refused(
        lawsuit,
        org,
        staff,
        number="(2022)云行再1号",
        instance=Instance.RETRIAL,
        previous=second,
        copy_received_on=D(2022, 3, 1),
        retrial_procedure=RetrialProcedure.FIRST,
        match="第一百一十九条",
    )
    refused(lawsuit, org, staff, number="x", retrial_procedure="second", match="只有再审")


# --- citations ---


def test_only_a_lawyer_is_refused_citing_xingsu_jieshi_128_2(org, people):
    """ "行政机关负责人不能出庭的，应当委托行政机关相应的工作人员出庭，不得仅委托律师出庭" is
    行诉解释第一百二十八条第二款 (出庭应诉规定第十条 defines 相应的工作人员; it says nothing of
    lawyers)."""
    staff = people["police_staff"]
    case = services.answer(staff, W, lawsuit(org, staff), on=D(2021, 9, 20))
    with pytest.raises(Refusal) as refusal:
        services.record_hearing(
            staff,
            W,
            case,
            on=D(2021, 10, 20),
            head_appeared=False,
            excuse="duty",
            lawyer_name="王律师",
        )
    assert "不得仅委托律师" in str(refusal.value)
    assert "行诉解释第一百二十八条第二款" in str(refusal.value)
    assert "第十条" not in str(refusal.value)


# --- 延期提供证据 ---


def test_evidence_extension_applied_within_15_days_and_granted_xingsu_jieshi_34(org, people):
    """行诉解释第三十四条: applied in writing within the 15 日 from the copy (its last day,
    10-08, is the answer's); allowed → evidence due 15 日 after the 正当事由 ceases
    (10-20 → 11-04); the answer on the record is judged against that deadline."""
    staff = people["police_staff"]
    case = lawsuit(org, staff)  # copy 2021-09-16, answer and evidence due 2021-10-08
    assert offered(staff, case) >= {"extend"} and "extension_decision" not in offered(staff, case)
    case = services.apply_extension(staff, W, case, on=D(2021, 10, 8), reason="档案因洪灾封存")
    assert (case.extension_applied_on, case.next_due_on) == (D(2021, 10, 8), D(2021, 10, 8))
    assert "extend" not in offered(staff, case) and "extension_decision" in offered(staff, case)
    case = services.decide_extension(
        staff, W, case, on=D(2021, 10, 12), decision="granted", reason_ends_on=D(2021, 10, 20)
    )
    # The 答辩状 is still owed by the 15 日 (行政诉讼法第六十七条): it stays the next due date.
    assert (case.evidence_due_on, case.next_due_on, case.next_due_label) == (
        D(2021, 11, 4),
        D(2021, 10, 8),
        "答辩",
    )
    assert case.answer_due_on == D(2021, 10, 8)  # the statutory date stays on the record
    assert "extension_decision" not in offered(staff, case)
    # The extension covers the evidence, not the 答辩状 (行政诉讼法第六十七条第一款).
    case = services.answer(staff, W, case, on=D(2021, 10, 8), evidence_later=True)
    assert (case.status, case.answered_late, case.evidence_submitted_on) == (
        Status.ANSWERED,
        False,
        None,
    )
    assert (case.next_due_on, case.next_due_label) == (D(2021, 11, 4), "延期举证")
    assert "evidence" in offered(staff, case)
    refused(services.submit_evidence, staff, W, case, on=D(2021, 10, 7), match="不能早于")
    case = services.submit_evidence(staff, W, case, on=D(2021, 11, 1))
    assert (case.evidence_submitted_on, case.evidence_late, case.next_due_on) == (
        D(2021, 11, 1),
        False,
        None,
    )
    assert "evidence" not in offered(staff, case)
    row = AuditEntry.objects.filter(object_id=str(case.pk), action="登记法院对延期举证申请的决定")
    assert row.get().after["evidence_due_on"] == "2021-11-04"


def test_evidence_extension_after_the_15_days_is_refused_xingsu_jieshi_34(org, people):
    """行诉解释第三十四条: "应当在收到起诉状副本之日起十五日内…提出" — on 10-09 it is too late."""
    staff = people["police_staff"]
    case = lawsuit(org, staff)
    refused(
        services.apply_extension,
        staff,
        W,
        case,
        on=D(2021, 10, 9),
        reason="档案封存",
        match="第三十四条",
    )
    refused(services.apply_extension, staff, W, case, on=D(2021, 9, 20), reason=" ", match="正当")


def test_evidence_extension_refused_keeps_the_article_67_deadline(org, people):
    """行政诉讼法第六十七条、第三十四条第二款: refused, the 15 日 stand and a later answer is
    late."""
    staff = people["police_staff"]
    case = lawsuit(org, staff)
    case = services.apply_extension(staff, W, case, on=D(2021, 9, 30), reason="档案封存")
    refused(
        services.decide_extension,
        staff,
        W,
        case,
        on=D(2021, 10, 8),
        decision="granted",
        match="正当事由消除日期",
    )
    case = services.decide_extension(staff, W, case, on=D(2021, 10, 8), decision="refused")
    assert (case.evidence_due_on, case.next_due_on, case.next_due_label) == (
        None,
        D(2021, 10, 8),
        "答辩举证",
    )
    case = services.answer(staff, W, case, on=D(2021, 10, 8), evidence_later=True)
    assert (case.answered_late, case.next_due_on, case.next_due_label) == (
        False,
        D(2021, 10, 8),
        "举证",
    )
    case = services.submit_evidence(staff, W, case, on=D(2021, 10, 11))
    assert case.evidence_late and case.next_due_on is None


def test_the_answer_reminder_follows_the_extended_deadline_xingsu_jieshi_34(org, people):
    """Answered, the evidence owed by the extended deadline (行诉解释第三十四条) is reminded of
    when that deadline nears, not by the statutory 15 日 it replaced."""
    from django.utils import timezone

    from fazhi.core.models import JobRun, Notice
    from fazhi.disputes.litigation import jobs

    staff = people["police_staff"]
    case = lawsuit(org, staff, copy_received_on=D(2021, 9, 16))
    case = services.apply_extension(staff, W, case, on=D(2021, 9, 30), reason="档案封存")
    case = services.decide_extension(
        staff, W, case, on=D(2021, 10, 8), decision="granted", reason_ends_on=D(2021, 10, 8)
    )
    services.answer(staff, W, case, on=D(2021, 10, 8), evidence_later=True)
    Lawsuit.objects.filter(pk=case.pk).update(evidence_due_on=D(2999, 1, 1))
    run = JobRun.objects.create(name="test", started_at=timezone.now())
    assert jobs.remind_answer_due(run) == 0
    Lawsuit.objects.filter(pk=case.pk).update(evidence_due_on=D(2021, 10, 25))
    assert jobs.remind_answer_due(run) == 1
    assert "延期举证期限2021-10-25" in Notice.objects.latest("id").text


# --- the court's summons of the 负责人, non-appearance, 司法建议 ---


def test_summons_of_the_head_is_recorded_on_the_hearing_ct_4_5_7(org, people):
    """出庭应诉规定第四条 (the court notifies the 负责人), 第五条第二款 (served 开庭三日前; a later
    notice is shown, not refused), 第七条第一款 (the summoned hearing is marked on its row)."""
    staff = people["police_staff"]
    case = services.answer(staff, W, lawsuit(org, staff), on=D(2021, 9, 20))
    refused(
        services.summon_head,
        staff,
        W,
        case,
        on=D(2021, 10, 8),
        hearing_on=D(2021, 10, 8),
        basis="may",
        match="应晚于",
    )
    case = services.summon_head(
        staff, W, case, on=D(2021, 10, 8), hearing_on=D(2021, 10, 20), basis="must"
    )
    assert (case.head_summoned_on, case.head_summons_hearing_on, case.next_hearing_on) == (
        D(2021, 10, 8),
        D(2021, 10, 20),
        D(2021, 10, 20),
    )
    assert (case.next_due_label, case.summons_served_late) == ("开庭", False)
    case = services.record_hearing(staff, W, case, on=D(2021, 10, 20), **HEAD)
    assert case.hearings.get().head_summoned is True
    late = services.answer(
        staff, W, lawsuit(org, staff, number="(2021)云2504行初2号"), on=D(2021, 9, 20)
    )
    late = services.summon_head(
        staff, W, late, on=D(2021, 10, 18), hearing_on=D(2021, 10, 20), basis="may"
    )
    assert late.summons_served_late


def test_head_absent_without_a_reason_is_recorded_then_judicial_advice_and_reply_ct_12(org, people):
    """出庭应诉规定第十二条第一款第一项 / 行诉解释第一百二十九条第四款: a 负责人 who does not appear
    and gives no reason is recorded (not refused: it happened), a staff member still appears
    (行诉解释第一百二十八条第二款); the 司法建议 is recorded with a reply due by the default 60 日
    (no statute sets one; 行诉解释第一百四十九条第四款 by analogy), then its reply."""
    staff = people["police_staff"]
    case = services.answer(staff, W, lawsuit(org, staff), on=D(2021, 9, 20))
    case = services.summon_head(
        staff, W, case, on=D(2021, 10, 8), hearing_on=D(2021, 10, 20), basis="written"
    )
    refused(
        services.record_hearing,
        staff,
        W,
        case,
        on=D(2021, 10, 20),
        head_appeared=False,
        excuse=Excuse.NONE,
        match="不得仅委托律师",
    )
    case = services.record_hearing(
        staff,
        W,
        case,
        on=D(2021, 10, 20),
        head_appeared=False,
        excuse=Excuse.NONE,
        stand_in_name="赵法制",
        stand_in_post="法制大队长",
    )
    hearing = Hearing.objects.get(lawsuit=case)
    assert (hearing.excuse, hearing.head_summoned, hearing.head_appeared) == ("none", True, False)
    assert "advice_reply" not in offered(staff, case)
    case = services.record_advice(
        staff, W, case, on=D(2021, 11, 15), ground="no_reason", addressee="弥勒市监察委员会"
    )
    assert (case.advice_reply_due_on, case.next_due_on, case.next_due_label) == (
        D(2022, 1, 14),
        D(2022, 1, 14),
        "司法建议答复",
    )
    assert "advice" not in offered(staff, case) and "advice_reply" in offered(staff, case)
    refused(
        services.reply_advice, staff, W, case, on=D(2021, 11, 14), reply="已整改", match="不能早于"
    )
    case = services.reply_advice(staff, W, case, on=D(2022, 1, 10), reply="已约谈局长并通报")
    assert (case.advice_replied_on, case.next_due_on) == (D(2022, 1, 10), None)
    assert "advice_reply" not in offered(staff, case)


def test_head_appeared_with_an_excuse_is_refused_and_a_rejected_reason_is_kept_ct_12(org, people):
    staff = people["police_staff"]
    case = services.answer(staff, W, lawsuit(org, staff), on=D(2021, 9, 20))
    refused(
        services.record_hearing,
        staff,
        W,
        case,
        on=D(2021, 10, 20),
        **HEAD,
        excuse_rejected=True,
        match="不应登记未出庭事由",
    )
    case = services.record_hearing(
        staff,
        W,
        case,
        on=D(2021, 10, 20),
        head_appeared=False,
        excuse="duty",
        excuse_rejected=True,
        stand_in_name="赵法制",
    )
    assert Hearing.objects.get(lawsuit=case).excuse_rejected


def test_judicial_advice_on_a_closed_case_with_the_courts_period_and_the_setting(
    org, people, settings
):
    """出庭应诉规定第十二条第二款: the advice comes with or after the judgment, so a closed case
    takes it. The period the court's letter sets prevails; else the setting
    FAZHI_LITIGATION_ADVICE_REPLY_DAYS."""
    staff = people["police_staff"]
    case = decided(org, staff, result=Result.WITHDRAWN)
    assert case.status == Status.CLOSED
    refused(
        services.record_advice,
        staff,
        W,
        case,
        on=D(2021, 11, 15),
        ground="nobody",
        addressee="",
        match="对象",
    )
    settings.FAZHI_LITIGATION_ADVICE_REPLY_DAYS = 30
    case = services.record_advice(
        staff, W, case, on=D(2021, 11, 15), ground="nobody", addressee="红河州人民政府"
    )
    assert (case.status, case.advice_reply_due_on, case.next_due_on) == (
        Status.CLOSED,
        D(2021, 12, 15),
        D(2021, 12, 15),
    )
    other = decided(org, staff, result=Result.WITHDRAWN, number="(2021)云2504行初2号")
    other = services.record_advice(
        staff,
        W,
        other,
        on=D(2021, 11, 15),
        ground="left",
        addressee="弥勒市监察委员会",
        reply_due_on=D(2021, 12, 31),
    )
    assert other.advice_reply_due_on == D(2021, 12, 31)
    settings.FAZHI_LITIGATION_ADVICE_REPLY_DAYS = 0
    third = decided(org, staff, result=Result.WITHDRAWN, number="(2021)云2504行初3号")
    with pytest.raises(ValueError, match="正整数"):
        services.record_advice(
            staff, W, third, on=D(2021, 11, 15), ground="left", addressee="监察委员会"
        )


def test_new_steps_through_the_api_xingsu_jieshi_34_ct_12(org, people, client):
    staff = people["police_staff"]
    case = lawsuit(org, staff)
    client.force_login(staff)
    late = client.post(
        f"/api/litigation/records/{case.pk}/extend",
        content_type="application/json",
        data={"on": "2021-10-09", "reason": "档案封存"},
    )
    assert late.status_code == 422 and "第三十四条" in late.json()["detail"]
    ok = client.post(
        f"/api/litigation/records/{case.pk}/extend",
        content_type="application/json",
        data={"on": "2021-09-30", "reason": "档案封存"},
    )
    assert ok.status_code == 200, ok.content
    granted = client.post(
        f"/api/litigation/records/{case.pk}/extension_decision",
        content_type="application/json",
        data={"on": "2021-10-08", "decision": "granted", "reason_ends_on": "2021-10-20"},
    )
    assert granted.status_code == 200, granted.content
    assert granted.json()["next_due_on"] == "2021-10-08"  # the 答辩状 is still owed
    advice = client.post(
        f"/api/litigation/records/{case.pk}/advice",
        content_type="application/json",
        data={"on": "2021-10-20", "ground": "no_reason", "addressee": "弥勒市监察委员会"},
    )
    assert advice.status_code == 200, advice.content
    case.refresh_from_db()
    assert (case.extension_decision, case.evidence_due_on, case.advice_reply_due_on) == (
        "granted",
        D(2021, 11, 4),
        D(2021, 12, 20),
    )
    assert list(
        AuditEntry.objects.filter(object_id=str(case.pk), object_type="litigation.Lawsuit")
        .order_by("id")
        .values_list("channel", flat=True)
    ) == ["web", "api", "api", "api"]


def test_the_record_page_shows_extension_summons_evidence_and_advice(org, people, client):
    staff = people["police_staff"]
    case = lawsuit(org, staff)
    case = services.apply_extension(staff, W, case, on=D(2021, 9, 30), reason="档案因洪灾封存")
    case = services.decide_extension(
        staff, W, case, on=D(2021, 10, 8), decision="granted", reason_ends_on=D(2021, 10, 20)
    )
    case = services.answer(staff, W, case, on=D(2021, 10, 8), evidence_later=True)
    case = services.summon_head(
        staff, W, case, on=D(2021, 10, 18), hearing_on=D(2021, 10, 20), basis="must"
    )
    case = services.record_hearing(
        staff,
        W,
        case,
        on=D(2021, 10, 20),
        head_appeared=False,
        excuse=Excuse.NONE,
        stand_in_name="赵法制",
    )
    case = services.record_advice(
        staff, W, case, on=D(2021, 11, 15), ground="no_reason", addressee="弥勒市监察委员会"
    )
    client.force_login(staff)
    page = client.get(case.get_absolute_url()).content.decode()
    for text in (
        "档案因洪灾封存",
        "准许延期提供证据",
        "2021-11-04",  # the extended evidence deadline
        "待提交",
        "不足开庭三日前",
        "〔法院通知出庭〕",
        "未说明理由",
        "弥勒市监察委员会",
        "2022-01-14",
        "登记司法建议答复",  # the step now offered
    ):
        assert text in page, text
