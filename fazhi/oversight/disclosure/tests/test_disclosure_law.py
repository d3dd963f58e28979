"""Corrections of 依申请公开 against the law (issue 8), each citing its article:

- the 20 工作日 to pay a 信息处理费 run from the day after the applicant RECEIVED the 收费通知
  (条例 art. 42; 国办函〔2020〕109号), recorded by the step 收费通知已送达;
- an extension is of the number of 工作日 the head consents to, at most 20 (条例 art. 33 ¶2);
- a third party's (or co-making agency's) 15 工作日 run from its RECEIPT of the 征求意见书
  (条例 arts. 32, 34), recorded by the step 征求意见书已送达;
- 条例 art. 35: asking for reasons, 不予处理, and the reasonable 延迟答复期限;
- distinct reply kinds for art. 36(1)–(7), art. 38 and art. 39;
- 复议前置 for a 不予公开 answer (行政复议法(2023) art. 23 ¶1(4), ¶2), in the stored 救济途径,
  on the reply form, the record page and the public tracking page.

2021 国庆: 10-01..10-07 off; Sunday 09-26 and Saturday 10-09 are working days (调休)."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.forms import ServiceWay
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.oversight.disclosure import forms, rules, services
from fazhi.oversight.disclosure.models import (
    DisclosureRequest,
    FeeMethod,
    PauseKind,
    ResultRow,
    Situation,
    Status,
)
from fazhi.oversight.disclosure.steps import STEPS

from .factories import received

D = dt.date
RECORDS = "/api/disclosure/records"


def _fee_noticed(org, people, on=None):
    staff = people["police_staff"]
    return services.notify_fee(
        staff,
        Channel.WEB,
        received(org, staff),
        on=on or D(2021, 10, 11),
        method=FeeMethod.PER_PAGE,
        pages=45,
    )


# --- 收费: 20 工作日 from the day after receipt of the notice (条例 art. 42, 109号) ---


def test_fee_payment_period_runs_from_the_day_after_receipt_of_the_notice_art42_109(org, people):
    """条例第四十二条、国办函〔2020〕109号: 申请人收到收费通知的次日起20个工作日内缴纳 — not from
    the day the notice was sent."""
    staff = people["police_staff"]
    request = _fee_noticed(org, people)  # sent Mon 10-11
    assert request.fee_due_on is None  # nothing runs before the applicant has the notice
    assert STEPS.state_refusal(STEPS["unpaid"], request) == STEPS["unpaid"].when_reason
    with pytest.raises(Refusal, match="应先登记收费通知的送达"):
        services.lapse_fee(staff, Channel.WEB, request, on=D(2021, 11, 30))
    request = services.serve_fee_notice(
        staff, Channel.WEB, request, served_on=D(2021, 10, 14), way=ServiceWay.POST
    )
    # Received Thu 10-14: the 20 工作日 are 10-15 … 11-11 (sent + 20 would have been 11-08).
    assert (request.fee_served_on, request.fee_served_way) == (D(2021, 10, 14), ServiceWay.POST)
    assert request.fee_due_on == D(2021, 11, 11)
    assert (request.next_due_on, request.next_due_label) == (D(2021, 11, 11), "缴费期限")
    with pytest.raises(Refusal, match="届满前"):
        services.lapse_fee(staff, Channel.WEB, request, on=D(2021, 11, 9))
    paid = services.receive_fee(staff, Channel.WEB, request, on=D(2021, 11, 10))
    assert (paid.status, paid.fee_paid_on) == (Status.PROCESSING, D(2021, 11, 10))
    entry = AuditEntry.objects.get(object_id=str(request.pk), action="收费通知已送达")
    assert entry.after["fee_served_on"] == "2021-10-14" and entry.after["on"] == "2021-10-14"


def test_fee_notice_cannot_be_served_before_it_was_sent_nor_twice_109(org, people):
    """109号: the period runs from receipt, which cannot precede sending; one 送达 per notice."""
    staff = people["police_staff"]
    request = _fee_noticed(org, people)
    with pytest.raises(Refusal, match="不能早于收费通知日期"):
        services.serve_fee_notice(
            staff, Channel.WEB, request, served_on=D(2021, 10, 8), way=ServiceWay.POST
        )
    with pytest.raises(Refusal, match="送达方式"):
        services.serve_fee_notice(
            staff, Channel.WEB, request, served_on=D(2021, 10, 12), way="pigeon"
        )
    request = services.serve_fee_notice(
        staff, Channel.WEB, request, served_on=D(2021, 10, 12), way=ServiceWay.ELECTRONIC
    )
    with pytest.raises(Refusal, match="送达已登记"):
        services.serve_fee_notice(
            staff, Channel.WEB, request, served_on=D(2021, 10, 13), way=ServiceWay.POST
        )
    assert rules.ARTICLE["fee_payment"].startswith("国办函〔2020〕109号")


def test_fee_served_over_the_api_109(org, people, client):
    """The new 送达 step is one typed operation of the API, with the same refusals."""
    request = _fee_noticed(org, people)
    client.force_login(people["police_staff"])
    refused = client.post(
        f"{RECORDS}/{request.pk}/unpaid",
        content_type="application/json",
        data={"on": "2021-12-01", "confirmed": True},
    )
    assert refused.status_code == 422 and "送达" in refused.json()["detail"]
    ok = client.post(
        f"{RECORDS}/{request.pk}/fee_served",
        content_type="application/json",
        data={"served_on": "2021-10-14", "way": "post"},
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "fee_pending"
    assert DisclosureRequest.objects.get().fee_due_on == D(2021, 11, 11)


# --- extension: at most 20 工作日, the number consented to (条例 art. 33 ¶2) ---


def test_extension_adds_the_consented_workdays_at_most_20_art33(org, people):
    """条例第三十三条第二款: 延长的期限最长不得超过20个工作日 — an extension of 10 adds 10."""
    head = people["coordinator"]
    request = received(org, people["police_staff"])  # due 11-01
    with pytest.raises(Refusal, match="最长不得超过20个工作日"):
        services.extend(head, Channel.WEB, request, on=D(2021, 10, 20), workdays=21, reason="多")
    with pytest.raises(Refusal, match="1至20个工作日"):
        services.extend(head, Channel.WEB, request, on=D(2021, 10, 20), workdays=0, reason="多")
    request = services.extend(
        head, Channel.WEB, request, on=D(2021, 10, 20), workdays=10, reason="检索量大"
    )
    assert request.extension_workdays == 10
    assert request.reply_due_on == D(2021, 11, 15)  # 11-01 + 10 工作日, not + 20
    entry = AuditEntry.objects.get(object_id=str(request.pk), action="延长答复期限")
    assert entry.after["extension_workdays"] == 10


def test_extension_form_takes_1_to_20_workdays_art33():
    """条例第三十三条第二款: the form refuses more than 20 工作日 (and none)."""
    data = {"on": "2021-10-20", "reason": "检索量大"}
    assert not forms.ExtendForm(data | {"workdays": "21"}).is_valid()
    assert not forms.ExtendForm(data | {"workdays": "0"}).is_valid()
    assert not forms.ExtendForm(data).is_valid()
    form = forms.ExtendForm(data | {"workdays": "20"})
    assert form.is_valid() and form.cleaned_data["workdays"] == 20


# --- 征求意见: 15 工作日 from receipt of the letter (条例 arts. 32, 34) ---


def _consulting(org, people, kind=PauseKind.THIRD_PARTY):
    staff = people["police_staff"]
    request = received(org, staff, submitted_on=D(2021, 9, 22))
    return services.start_consultation(
        staff, Channel.WEB, request, on=D(2021, 9, 28), kind=kind, party="某开发企业"
    )


@pytest.mark.parametrize("kind", [PauseKind.THIRD_PARTY, PauseKind.OTHER_AGENCY])
def test_consulted_partys_15_workdays_run_from_receipt_of_the_letter_art32_art34(org, people, kind):
    """条例第三十二条(第三方)、第三十四条(共同制作机关):
    自收到征求意见书之日起15个工作日内提出意见."""
    staff = people["police_staff"]
    request = _consulting(org, people, kind)  # letter of Tue 09-28
    pause = request.pauses.get()
    assert pause.reply_due_on is None  # the letter's date starts nothing
    assert (request.next_due_on, request.next_due_label) == (None, "征求意见书待送达")
    with pytest.raises(Refusal, match="不能早于征求意见日期"):
        services.serve_consultation(
            staff, Channel.WEB, request, served_on=D(2021, 9, 27), way=ServiceWay.POST
        )
    request = services.serve_consultation(
        staff, Channel.WEB, request, served_on=D(2021, 10, 8), way=ServiceWay.POST
    )
    pause.refresh_from_db()
    # Received Fri 10-08: 10-09 (调休), 10-11 … the 15th working day is Thu 10-28 (from the
    # letter's date it would have been 10-25).
    assert (pause.letter_served_on, pause.letter_served_way) == (D(2021, 10, 8), ServiceWay.POST)
    assert pause.reply_due_on == D(2021, 10, 28)
    assert (request.next_due_on, request.next_due_label) == (D(2021, 10, 28), "征求意见答复期限")
    with pytest.raises(Refusal, match="送达已登记"):
        services.serve_consultation(
            staff, Channel.WEB, request, served_on=D(2021, 10, 9), way=ServiceWay.POST
        )
    # The time the consultation takes still does not count from the letter on (art. 33 ¶3).
    request = services.end_consultation(staff, Channel.WEB, request, on=D(2021, 10, 12))
    assert request.reply_due_on == D(2021, 11, 3)


def test_consultation_letter_served_over_the_api_art32(org, people, client):
    request = _consulting(org, people)
    client.force_login(people["police_staff"])
    ok = client.post(
        f"{RECORDS}/{request.pk}/consult_served",
        content_type="application/json",
        data={"served_on": "2021-10-08", "way": "in_person"},
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["next_due_on"] == "2021-10-28"


# --- 条例 art. 35: reasons, 不予处理, 延迟答复期限 ---


def test_unreasonable_volume_is_not_handled_only_after_asking_reasons_art35(org, people):
    """条例第三十五条: 可以要求申请人说明理由；认为申请理由不合理的，告知申请人不予处理."""
    staff = people["police_staff"]
    request = received(org, staff)
    with pytest.raises(Refusal, match="应当先要求申请人说明理由"):
        services.reply(
            staff,
            Channel.WEB,
            request,
            on=D(2021, 10, 12),
            situation=Situation.EXCESSIVE,
            note="理由不合理",
        )
    request = services.ask_reasons(
        staff, Channel.WEB, request, on=D(2021, 10, 8), items="本月已提出申请45件，请说明理由"
    )
    assert request.reasons_asked_on == D(2021, 10, 8)
    assert request.reply_due_on == D(2021, 11, 1)  # the law does not stop the clock for it
    with pytest.raises(Refusal, match="已要求申请人说明理由"):
        services.ask_reasons(staff, Channel.WEB, request, on=D(2021, 10, 9), items="再次")
    with pytest.raises(Refusal, match="第三十五条"):
        services.reply(
            staff, Channel.WEB, request, on=D(2021, 10, 12), situation=Situation.EXCESSIVE
        )
    request = services.reply(
        staff,
        Channel.WEB,
        request,
        on=D(2021, 10, 12),
        situation=Situation.EXCESSIVE,
        note="申请人所述理由不能说明其申请的合理性",
    )
    assert (request.status, request.result) == (Status.REPLIED, ResultRow.EXCESSIVE)


def test_reasonable_but_numerous_requests_get_a_delayed_reply_period_art35(org, people):
    """条例第三十五条: 申请理由合理，但是无法在第三十三条规定的期限内答复的，可以确定延迟答复的
    合理期限并告知申请人."""
    staff = people["police_staff"]
    request = received(org, staff)  # due 11-01
    assert "delay" not in {s.key for s in STEPS.offered(staff, request)}
    with pytest.raises(Refusal, match="要求申请人说明理由"):
        services.delay_reply(
            staff, Channel.WEB, request, on=D(2021, 10, 20), due_on=D(2021, 12, 15), reason="多"
        )
    request = services.ask_reasons(staff, Channel.WEB, request, on=D(2021, 10, 8), items="45件")
    assert "delay" in {s.key for s in STEPS.offered(staff, request)}
    with pytest.raises(Refusal, match="应晚于现答复期限"):
        services.delay_reply(
            staff, Channel.WEB, request, on=D(2021, 10, 20), due_on=D(2021, 11, 1), reason="多"
        )
    request = services.delay_reply(
        staff,
        Channel.WEB,
        request,
        on=D(2021, 10, 20),
        due_on=D(2021, 12, 15),
        reason="理由合理，所涉信息分散于十余年档案",
    )
    assert request.delayed_reply_due_on == D(2021, 12, 15)
    assert (request.reply_due_on, request.next_due_on) == (D(2021, 12, 15), D(2021, 12, 15))
    # An art. 33 extension no longer applies, and the period is set once.
    offered = {s.key for s in STEPS.offered(people["coordinator"], request)}
    assert "extend" not in offered and "delay" not in offered
    request = services.reply(
        staff, Channel.WEB, request, on=D(2021, 12, 14), situation=Situation.DISCLOSE
    )
    assert request.on_time is True


def test_delay_over_the_api_art35(org, people, client):
    staff = people["police_staff"]
    request = services.ask_reasons(
        staff, Channel.WEB, received(org, staff), on=D(2021, 10, 8), items="45件"
    )
    client.force_login(staff)
    ok = client.post(
        f"{RECORDS}/{request.pk}/delay",
        content_type="application/json",
        data={"on": "2021-10-20", "due_on": "2021-12-15", "reason": "理由合理"},
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["reply_due_on"] == "2021-12-15"


# --- reply kinds: art. 36(1)–(7), art. 38, art. 39 ---


def test_each_situation_of_art36_is_its_own_reply_kind():
    """条例第三十六条 lists seven situations; each is a reply kind citing its item."""
    items = "一二三四五六七"
    for n, item in enumerate(items, start=1):
        situation = Situation(f"36_{n}")
        assert f"第三十六条第{item}项" in situation.label
    assert "不予重复处理" in Situation.REPEAT.label  # art. 36(6)
    assert "能够确定负责机关的，告知其名称、联系方式" in Situation.NOT_OURS.label  # art. 36(5)
    assert "依照有关法律、行政法规的规定办理" in Situation.SPECIAL_RULES.label  # art. 36(7)
    assert set(rules.SITUATION_ROWS) == set(Situation)


@pytest.mark.parametrize(
    "situation, row",
    [
        ("38", ResultRow.NEEDS_MAKING),  # art. 38: 加工、分析
        ("39", ResultRow.PETITION),  # art. 39 ¶1: 信访、投诉、举报
        ("39_2", ResultRow.PUBLICATION),  # art. 39 ¶2: 公开出版物
        ("36_6", ResultRow.REPEAT),  # art. 36(6): 不予重复处理
        ("36_4", ResultRow.NOT_HELD),  # art. 36(4): 不存在
        ("2", ResultRow.OTHER),  # art. 2: 不属于政府信息
    ],
)
def test_processing_petitions_and_repeats_are_reply_kinds_art36_art38_art39(
    org, people, situation, row
):
    """条例第三十八条(需要加工、分析，可以不予提供)、第三十九条(信访、投诉、举报 → 不作为
    政府信息公开申请处理；公开出版物 → 告知获取途径)、第三十六条第四项、第六项: own kinds,
    own table 三 rows."""
    staff = people["police_staff"]
    request = services.reply(
        staff, Channel.WEB, received(org, staff), on=D(2021, 10, 8), situation=situation
    )
    assert (request.situation, request.result) == (situation, row)
    with pytest.raises(Refusal, match="只能计入"):
        services.reply(
            staff,
            Channel.WEB,
            received(org, staff),
            on=D(2021, 10, 8),
            situation=situation,
            result=ResultRow.EXCESSIVE,
        )


def test_old_situations_migrate_to_the_distinct_kinds_by_their_row():
    """Migration 0002: old 不予处理 (36_6) rows and 36_4 rows counted as 4.2 keep their table 三
    row and get their own kind; extended rows get their 20 工作日; replied rows their 救济途径."""
    migration = import_module("fazhi.oversight.disclosure.migrations.0002_law_corrections")
    assert migration.SPLIT == {
        ("36_6", "5.1"): Situation.PETITION,
        ("36_6", "5.3"): Situation.PUBLICATION,
        ("36_6", "5.4"): Situation.EXCESSIVE,
        ("36_4", "4.2"): Situation.NEEDS_PROCESSING,
    }
    assert migration.REVIEW_FIRST == rules.REMEDY_REVIEW_FIRST
    assert migration.GENERAL == rules.REMEDY_GENERAL


@pytest.mark.django_db
def test_migration_moves_existing_rows_forward(org, people):
    migration = import_module("fazhi.oversight.disclosure.migrations.0002_law_corrections")
    staff, head = people["police_staff"], people["coordinator"]
    rows = {}
    for name, (situation, row) in {
        "petition": ("36_6", "5.1"),
        "repeat": ("36_6", "5.2"),
        "making": ("36_4", "4.2"),
        "withheld": ("36_3", "3.6"),
    }.items():
        request = received(org, staff)
        DisclosureRequest.objects.filter(pk=request.pk).update(
            situation=situation, result=row, remedy="", status=Status.REPLIED
        )
        rows[name] = request.pk
    extended = services.extend(
        head, Channel.WEB, received(org, staff), on=D(2021, 10, 8), workdays=20, reason="x"
    )
    DisclosureRequest.objects.filter(pk=extended.pk).update(extension_workdays=None)
    migration.forwards(django_apps, None)
    get = DisclosureRequest.objects.get
    assert get(pk=rows["petition"]).situation == Situation.PETITION
    assert get(pk=rows["repeat"]).situation == Situation.REPEAT
    assert get(pk=rows["making"]).situation == Situation.NEEDS_PROCESSING
    assert get(pk=rows["withheld"]).remedy == rules.REMEDY_REVIEW_FIRST
    assert get(pk=rows["petition"]).remedy == rules.REMEDY_GENERAL
    assert get(pk=extended.pk).extension_workdays == 20
    assert get(pk=rows["petition"]).result == ResultRow.PETITION  # table 三 unchanged
    migration.backwards(django_apps, None)
    assert get(pk=rows["petition"]).situation == "36_6"


# --- 复议前置 (行政复议法(2023) art. 23 ¶1(4), ¶2) ---


@pytest.mark.parametrize("situation", ["36_3", "37"])  # art. 36(3), art. 37
def test_a_withholding_reply_states_review_before_litigation_fy23_art23(org, people, situation):
    """行政复议法第二十三条第一款第四项: 申请政府信息公开，行政机关不予公开 → 先申请行政复议；
    第二款: 行政机关在作出行政行为时应当告知."""
    staff = people["police_staff"]
    request = services.reply(
        staff,
        Channel.WEB,
        received(org, staff),
        on=D(2021, 10, 8),
        situation=situation,
        note="属于过程性信息(第十六条第二款)",
    )
    assert request.remedy == rules.REMEDY_REVIEW_FIRST
    assert "应当先" in request.remedy and "不能直接提起行政诉讼" in request.remedy
    assert "第二十三条第一款第四项" in request.remedy
    disclosed = services.reply(
        staff, Channel.WEB, received(org, staff), on=D(2021, 10, 8), situation=Situation.DISCLOSE
    )
    assert disclosed.remedy == rules.REMEDY_GENERAL and "不能直接" not in disclosed.remedy
    entry = AuditEntry.objects.get(object_id=str(request.pk), action="答复")
    assert entry.after["remedy"] == rules.REMEDY_REVIEW_FIRST


def test_review_first_kinds_are_a_setting_fy23_art23(org, people, settings):
    """Whether 36(4)/(5), 38 or 不予处理 answers are "不予公开" is open: a setting."""
    settings.FAZHI_DISCLOSURE_REVIEW_FIRST_SITUATIONS = ("36_3", "37", "38")
    staff = people["police_staff"]
    request = services.reply(
        staff,
        Channel.WEB,
        received(org, staff),
        on=D(2021, 10, 8),
        situation=Situation.NEEDS_PROCESSING,
    )
    assert request.remedy == rules.REMEDY_REVIEW_FIRST


def test_review_first_warning_on_the_reply_form_and_record_page_fy23_art23(org, people, client):
    staff = people["police_staff"]
    request = received(org, staff)
    client.force_login(staff)
    page = client.get(request.get_absolute_url()).content.decode()
    assert 'id="review-first-warning"' in page and "复议前置" in page
    assert "第二十三条第一款第四项" in str(forms.ReplyForm.base_fields["situation"].help_text)
    response = client.post(
        reverse("disclosure:step", args=[request.pk, "reply"]),
        {
            "reply-on": "2021-10-08",
            "reply-situation": "36_3",
            "reply-result": "3.6",
            "reply-note": "属于过程性信息",
            "reply-confirmed": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    page = client.get(request.get_absolute_url()).content.decode()
    assert 'id="remedy"' in page and "不能直接提起行政诉讼" in page
    assert 'id="review-first-warning"' not in page  # answered: the remedy itself shows


def test_tracking_page_states_review_first_for_a_withholding_reply_fy23_art23(org, people, client):
    cache.clear()
    staff = people["police_staff"]
    request = services.reply(
        staff,
        Channel.WEB,
        received(org, staff),
        on=D(2021, 10, 8),
        situation=Situation.WITHHOLD,
        result=ResultRow.WITHHELD_PROCESS,
        note="属于过程性信息",
    )
    page = client.post(
        reverse("disclosure:track"), {"number": request.number, "code": request.check_code}
    ).content.decode()
    assert 'id="track-remedy"' in page and "不能直接提起行政诉讼" in page
    other = received(org, staff)
    page = client.post(
        reverse("disclosure:track"), {"number": other.number, "code": other.check_code}
    ).content.decode()
    assert "不能直接提起行政诉讼" not in page and "行政诉讼" in page
    cache.clear()
