"""The 文书 of 依申请公开: issued by the steps, signed by the agency, the 收费通知's 送达 recorded
on it by the step that starts the payment period (条例 art. 42), the reply worded for its
situation with its 救济途径 (行政复议法(2023) art. 23: 不予公开 goes to 复议 first)."""

import datetime as dt

from fazhi.core.audit import Channel
from fazhi.core.forms import ServiceWay
from fazhi.core.instruments.services import instruments_of
from fazhi.oversight.disclosure import services
from fazhi.oversight.disclosure.models import FeeMethod, Situation

from .factories import received

D = dt.date


def test_the_fee_notice_is_issued_and_its_service_starts_the_payment_period(org, people):
    staff = people["police_staff"]
    request = received(org, staff)
    request = services.notify_fee(
        staff, Channel.WEB, request, on=D(2021, 10, 11), method=FeeMethod.PER_PAGE, pages=45
    )
    [notice] = instruments_of(request)
    assert notice.title == "信息处理费收费通知书" and notice.signer == org["police"].name
    assert notice.served_on is None and "次日起20个工作日内缴纳" in notice.body
    services.serve_fee_notice(
        staff, Channel.WEB, request, served_on=D(2021, 10, 14), way=ServiceWay.POST
    )
    notice.refresh_from_db()
    assert (notice.served_on, notice.served_way) == (D(2021, 10, 14), ServiceWay.POST)


def test_a_withholding_reply_is_worded_for_its_situation_with_review_first(org, people):
    staff = people["police_staff"]
    request = received(org, staff)
    services.reply(
        staff,
        Channel.WEB,
        request,
        on=request.received_on + dt.timedelta(days=3),
        situation=Situation.WITHHOLD,
        note="属于行政执法案卷信息",
    )
    [answer] = instruments_of(request)
    assert answer.title == "政府信息公开申请答复书"
    assert "本机关决定不予公开" in answer.body and "属于行政执法案卷信息" in answer.body
    assert "行政复议" in answer.body  # the stored 救济途径: 复议 before any lawsuit
    assert "【" not in answer.body
