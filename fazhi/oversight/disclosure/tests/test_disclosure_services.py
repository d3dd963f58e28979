"""依申请公开 services: receipt dates (条例 art. 31), the reply clock (art. 33) with 补正 restarts
(art. 30), consultation time excluded across 国庆 2021 and its 调休 (art. 33 ¶3), the single
approved extension, fees (条例 art. 42, 109号), replies (arts. 36–39), challenges, audit rows.

2021 国庆: 10-01..10-07 off; Sunday 09-26 and Saturday 10-09 are working days (调休)."""

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core.audit import Channel
from fazhi.core.forms import ServiceWay
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.oversight.disclosure import rules, services
from fazhi.oversight.disclosure.models import (
    ChallengeKind,
    DisclosureRequest,
    FeeMethod,
    PauseKind,
    ReceiptChannel,
    ResultRow,
    Situation,
    Status,
)

from .factories import application, received

D = dt.date


def test_receipt_date_follows_the_channel():
    # art. 31(1): in person → the day it was handed in.
    assert services.receipt_date(application(submitted_on=D(2021, 9, 28))) == D(2021, 9, 28)
    # art. 31(2): registered post → the day signed for; ordinary letter → the confirmation day.
    signed = application(channel=ReceiptChannel.REGISTERED_POST, received_on=D(2021, 9, 30))
    assert services.receipt_date(signed) == D(2021, 9, 30)
    for channel in (ReceiptChannel.REGISTERED_POST, ReceiptChannel.ORDINARY_POST):
        with pytest.raises(Refusal, match="第三十一条"):
            services.receipt_date(application(channel=channel))
    # art. 31(3): internet or fax → the day both sides confirmed.
    with pytest.raises(Refusal, match="双方确认"):
        services.receipt_date(application(channel=ReceiptChannel.FAX))


def test_receive_numbers_the_request_and_starts_the_20_workday_clock(org, people):
    request = received(org, people["police_staff"])
    # From Tue 09-28: 09-29, 09-30, 10-08 (Fri), 10-09 (Sat, 调休) … the 20th is Mon 11-01.
    assert request.reply_due_on == D(2021, 11, 1)
    assert (request.next_due_on, request.next_due_label) == (D(2021, 11, 1), "答复期限")
    assert request.number == "弥公开〔2021〕1号"
    assert len(request.check_code) == services.CODE_LENGTH
    second = received(org, people["land_staff"], agency="land")
    assert second.number == "弥公开〔2021〕2号"  # one sequence per government and year
    entry = AuditEntry.objects.get(object_id=str(request.pk), action="收到政府信息公开申请")
    assert entry.channel == Channel.WEB and entry.after["received_on"] == "2021-09-28"


def test_receive_refuses_bad_identity_and_missing_contact(org, people):
    with pytest.raises(Refusal):
        received(org, people["police_staff"], applicant_id_number="532526198001010010")
    with pytest.raises(Refusal, match="联系方式"):
        received(org, people["police_staff"], applicant_phone="", applicant_address="")
    with pytest.raises(Refusal, match="统一社会信用代码"):
        received(org, people["police_staff"], applicant_type="business")
    assert not DisclosureRequest.objects.exists()


def test_correction_notice_within_7_workdays_counting_the_national_day_make_up_day(org, people):
    staff = people["police_staff"]
    # 7 工作日 from 09-28: 09-29, 09-30, 10-08, 10-09 (调休 Saturday), 10-11, 10-12, 10-13.
    late = received(org, staff)
    with pytest.raises(Refusal, match="7个工作日内"):
        services.request_correction(
            staff, Channel.WEB, late, on=D(2021, 10, 14), items="写明文号", due_on=D(2021, 10, 29)
        )
    in_time = services.request_correction(
        staff, Channel.WEB, late, on=D(2021, 10, 13), items="写明文号", due_on=D(2021, 10, 29)
    )
    assert in_time.status == Status.CORRECTING
    assert in_time.reply_due_on is None  # the clock will restart, it is not merely paused
    assert (in_time.next_due_on, in_time.next_due_label) == (D(2021, 10, 29), "补正期限")


def test_correction_restarts_the_reply_clock_from_the_corrected_request(org, people):
    staff = people["police_staff"]
    request = received(org, staff, submitted_on=D(2021, 9, 22))
    request = services.request_correction(
        staff, Channel.WEB, request, on=D(2021, 9, 29), items="写明文号", due_on=D(2021, 10, 20)
    )
    request = services.receive_correction(staff, Channel.WEB, request, on=D(2021, 10, 11))
    # Restart, not pause: 20 工作日 counted from 10-11 in full → Mon 11-08.
    assert request.clock_start_on == D(2021, 10, 11)
    assert request.reply_due_on == D(2021, 11, 8)
    assert request.received_on == D(2021, 9, 22)  # still received (and counted) on 09-22
    with pytest.raises(Refusal, match="一次性"):
        services.request_correction(
            staff, Channel.WEB, request, on=D(2021, 10, 12), items="再补", due_on=D(2021, 10, 20)
        )


def test_no_correction_by_the_deadline_is_abandonment(org, people):
    staff = people["police_staff"]
    request = services.request_correction(
        staff,
        Channel.WEB,
        received(org, staff),
        on=D(2021, 9, 29),
        items="写明文号",
        due_on=D(2021, 10, 15),
    )
    with pytest.raises(Refusal, match="届满前"):
        services.abandon_correction(staff, Channel.WEB, request, on=D(2021, 10, 15))
    request = services.abandon_correction(staff, Channel.WEB, request, on=D(2021, 10, 18))
    assert (request.status, request.result) == (Status.ABANDONED, ResultRow.NO_CORRECTION)
    assert request.concluded_on == D(2021, 10, 18) and request.next_due_on is None


def test_third_party_consultation_across_national_day_is_not_counted(org, people):
    staff = people["police_staff"]
    request = received(org, staff, submitted_on=D(2021, 9, 22))
    assert request.reply_due_on == D(2021, 10, 25)  # with 09-26 (Sunday, 调休) a working day
    request = services.start_consultation(
        staff,
        Channel.WEB,
        request,
        on=D(2021, 9, 28),
        kind=PauseKind.THIRD_PARTY,
        party="某开发企业",
    )
    assert request.status == Status.CONSULTING
    assert request.reply_due_on is None  # stopped while the consultation is open
    # The third party answers within 15 工作日 of RECEIVING the letter (art. 32); received the
    # same day here: 10-25 across 国庆.
    request = services.serve_consultation(
        staff, Channel.WEB, request, served_on=D(2021, 9, 28), way=ServiceWay.IN_PERSON
    )
    assert (request.next_due_on, request.next_due_label) == (D(2021, 10, 25), "征求意见答复期限")
    request = services.end_consultation(staff, Channel.WEB, request, on=D(2021, 10, 12))
    # Working days 09-28, 09-29, 09-30, 10-08, 10-09, 10-11, 10-12 (7) do not count:
    # 10-25 + 7 工作日 = 11-03.
    assert request.reply_due_on == D(2021, 11, 3)
    request = services.reply(
        staff, Channel.WEB, request, on=D(2021, 11, 3), situation=Situation.DISCLOSE
    )
    assert request.on_time is True and request.reply_due_on == D(2021, 11, 3)


def test_extension_once_by_20_workdays_with_the_heads_consent(org, people):
    staff, head = people["police_staff"], people["coordinator"]
    request = received(org, staff)
    with pytest.raises(Refusal, match="负责人同意"):
        services.extend(
            staff, Channel.WEB, request, on=D(2021, 10, 20), workdays=20, reason="检索量大"
        )
    request = services.extend(
        head, Channel.WEB, request, on=D(2021, 10, 20), workdays=20, reason="检索量大"
    )
    assert request.reply_due_on == D(2021, 11, 29)  # 11-01 + 20 工作日
    assert request.extension_approver == head
    with pytest.raises(Refusal, match="只能延长一次"):
        services.extend(head, Channel.WEB, request, on=D(2021, 10, 21), workdays=20, reason="再延")
    entry = AuditEntry.objects.get(object_id=str(request.pk), action="延长答复期限")
    assert entry.actor == head and entry.after["details"]["approver"] == "李统筹"


def test_extension_refused_once_the_reply_period_is_over(org, people):
    request = received(org, people["police_staff"])
    with pytest.raises(Refusal, match="已于2021-11-01届满"):
        services.extend(
            people["coordinator"],
            Channel.WEB,
            request,
            on=D(2021, 11, 2),
            workdays=20,
            reason="检索量大",
        )


def test_fee_tariffs_of_109():
    assert [rules.fee_per_request(n) for n in (10, 11, 30, 31, 40, 41)] == [
        0,
        100,
        100,
        200,
        200,
        300,
    ]
    assert [rules.fee_per_page(p) for p in (30, 31, 100, 150, 250)] == [0, 10, 700, 1700, 4700]


@pytest.mark.parametrize("pauses, due", [(True, D(2021, 11, 5)), (False, D(2021, 11, 1))])
def test_fee_wait_pauses_the_clock_only_if_configured(org, people, settings, pauses, due):
    settings.FAZHI_DISCLOSURE_FEE_PAUSES_CLOCK = pauses
    staff = people["police_staff"]
    request = received(org, staff)
    with pytest.raises(Refusal, match="不收取信息处理费"):
        services.notify_fee(
            staff, Channel.WEB, request, on=D(2021, 10, 11), method=FeeMethod.PER_PAGE, pages=30
        )
    request = services.notify_fee(
        staff, Channel.WEB, request, on=D(2021, 10, 11), method=FeeMethod.PER_PAGE, pages=45
    )
    assert (request.status, request.fee_amount) == (Status.FEE_PENDING, Decimal(150))
    request = services.receive_fee(staff, Channel.WEB, request, on=D(2021, 10, 14))
    # Paid after 4 working days (10-11..10-14): when they do not count, the due date moves 4.
    assert request.reply_due_on == due


def test_unpaid_fee_ends_handling(org, people):
    staff = people["police_staff"]
    request = services.notify_fee(
        staff,
        Channel.WEB,
        received(org, staff),
        on=D(2021, 10, 11),
        method=FeeMethod.PER_PAGE,
        pages=101,
    )
    request = services.serve_fee_notice(
        staff, Channel.WEB, request, served_on=D(2021, 10, 11), way=ServiceWay.IN_PERSON
    )
    assert request.fee_due_on == D(2021, 11, 8)  # received the day it was sent
    request = services.lapse_fee(staff, Channel.WEB, request, on=D(2021, 11, 9))
    assert (request.status, request.result) == (Status.ABANDONED, ResultRow.NO_FEE)


def test_reply_types_map_to_the_annual_table_rows(org, people):
    staff = people["police_staff"]
    with pytest.raises(Refusal, match="理由"):
        services.reply(
            staff,
            Channel.WEB,
            received(org, staff),
            on=D(2021, 10, 8),
            situation="36_3",
            result=ResultRow.WITHHELD_SECRET,
        )
    with pytest.raises(Refusal, match="只能计入"):
        services.reply(
            staff,
            Channel.WEB,
            received(org, staff),
            on=D(2021, 10, 8),
            situation="36_2",
            result=ResultRow.PARTIAL,
        )
    # art. 36(1), (5), (7): the UNCONFIRMED defaults of rules.SITUATION_ROWS.
    expected = {
        Situation.ALREADY_PUBLIC: ResultRow.DISCLOSED,
        Situation.NOT_OURS: ResultRow.NOT_HELD,
        Situation.SPECIAL_RULES: ResultRow.OTHER,
    }
    for situation, row in expected.items():
        request = services.reply(
            staff, Channel.WEB, received(org, staff), on=D(2021, 10, 8), situation=situation
        )
        assert (request.status, request.result) == (Status.REPLIED, row)


def test_replied_request_is_read_only_and_challenge_links_a_reconsideration(org, people):
    staff = people["police_staff"]
    request = services.reply(
        staff, Channel.WEB, received(org, staff), on=D(2021, 10, 8), situation="36_5"
    )
    with pytest.raises(Refusal, match="当前状态为“已答复”"):
        services.extend(
            people["coordinator"], Channel.WEB, request, on=D(2021, 10, 8), workdays=5, reason="x"
        )
    with pytest.raises(Refusal, match="不能早于"):
        services.record_challenge(
            staff, Channel.WEB, request, kind=ChallengeKind.LITIGATION, filed_on=D(2021, 10, 1)
        )
    from fazhi.disputes.reconsideration.tests.factories import received as reconsideration_received

    case = reconsideration_received(
        org, people["reviewer"], submitted_on=D(2021, 11, 2), category="disclosure"
    )
    request = services.record_challenge(
        staff,
        Channel.WEB,
        request,
        kind=ChallengeKind.RECONSIDERATION,
        filed_on=D(2021, 11, 2),
        reconsideration_number=case.number,
    )
    assert request.challenges.get().reconsideration == case
    entry = AuditEntry.objects.get(object_id=str(request.pk), action="登记复议/诉讼")
    assert entry.after["details"]["reconsideration_number"] == case.number


def test_tracking_needs_number_and_code(org, people):
    request = received(org, people["police_staff"])
    assert services.find_for_tracking(request.number, request.check_code.lower()) == request
    assert services.find_for_tracking(request.number, "AAAAAA") is None
    assert services.find_for_tracking("弥公开〔2021〕9号", request.check_code) is None
