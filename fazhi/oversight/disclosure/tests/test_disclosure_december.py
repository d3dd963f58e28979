"""A portal request in December, before anyone has entered next year's holiday notice: it is
received all the same (条例 art. 31), its reply due date pending and said to be, and entering the
notice computes it. Staff entry on that day is still refused, as the work calendar requires."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.clocks import ClockError
from fazhi.core.models import AuditEntry, DeadlineMove, OpenItem
from fazhi.core.services import enter_calendar_year
from fazhi.core.workflow import Refusal
from fazhi.oversight.disclosure import rules, services
from fazhi.oversight.disclosure.models import DisclosureRequest, Status

from .factories import application
from .test_disclosure_public import _pdf_text, _portal_form

D = dt.date
SUBMITTED = D(2026, 12, 10)  # 20 工作日 later is in 2027, which chinese-calendar 1.11 lacks


@pytest.fixture(autouse=True)
def december(db, time_machine):
    cache.clear()  # the portal's rate limits
    time_machine.move_to(
        dt.datetime.combine(SUBMITTED, dt.time(10), dt.timezone(dt.timedelta(hours=8))),
        tick=False,
    )


def _enter_2027(people):
    return enter_calendar_year(
        people["coordinator"],
        Channel.WEB,
        year=2027,
        notice="国办发明电〔2026〕1号",
        holidays=[(D(2027, 1, 1), "元旦")],
        workdays=[],
    )


def test_a_portal_request_is_received_with_its_due_date_pending_until_the_notice(
    org, people, client, tmp_path
):
    done = client.post(reverse("disclosure:apply"), _portal_form(org), follow=True)
    request = DisclosureRequest.objects.get()
    assert (request.received_on, request.status) == (SUBMITTED, Status.PROCESSING)
    assert request.reply_due_on is None and request.next_due_on is None
    item = OpenItem.objects.get(procedure="disclosure", record_id=request.pk)
    assert (item.due_on, item.due_label) == (None, "期限待定")  # on the agency's workbench
    assert request.calendar_from <= D(2027, 1, 1) <= request.calendar_until  # 2027 touches it
    assert rules.REPLY_DUE_PENDING in done.content.decode()
    entry = AuditEntry.objects.get(object_id=str(request.pk), action="收到政府信息公开申请")
    assert "2027年的国务院节假日安排尚未录入" in entry.after["due_pending"]

    receipt = client.get(reverse("disclosure:apply_receipt"))
    assert "具体日期待本机关录入" in _pdf_text(receipt.content, tmp_path)
    tracked = {"number": request.number, "code": request.check_code}
    page = client.post(reverse("disclosure:track"), tracked).content.decode()
    assert rules.REPLY_DUE_PENDING in page
    client.force_login(people["police_staff"])
    staff_page = client.get(request.get_absolute_url()).content.decode()
    assert "到期日所在年度的国务院节假日安排尚未录入" in staff_page

    entered = _enter_2027(people)
    assert entered.recomputed.moved == {"依申请公开": 1}
    request.refresh_from_db()
    # 12-11 … 12-31 are 15 工作日; 2027-01-01 is 元旦; 01-04 … 01-08 the other 5.
    assert request.reply_due_on == request.next_due_on == D(2027, 1, 8)
    item.refresh_from_db()
    assert (item.due_on, item.due_label) == (D(2027, 1, 8), "答复期限")
    moves = DeadlineMove.objects.filter(record_type="disclosure.DisclosureRequest")
    # listed for the coordinator under the notice that moved it
    assert [(m.record_id, m.calendar_year_id, m.old_on, m.new_on) for m in moves] == [
        (request.pk, entered.pk, None, D(2027, 1, 8))
    ]
    client.logout()
    page = client.post(reverse("disclosure:track"), tracked).content.decode()
    assert "2027-01-08" in page and rules.REPLY_DUE_PENDING not in page


def test_staff_entry_that_day_is_still_refused_and_nothing_is_saved(org, people):
    app = application(submitted_on=SUBMITTED, received_on=SUBMITTED)
    with pytest.raises(Refusal, match="2027年的国务院节假日安排尚未录入"):
        services.receive(people["police_staff"], Channel.WEB, agency=org["police"], app=app)
    assert not DisclosureRequest.objects.exists()


def test_once_the_notice_is_in_a_portal_request_has_its_date_at_once(org, people, client):
    _enter_2027(people)
    client.post(reverse("disclosure:apply"), _portal_form(org))
    request = DisclosureRequest.objects.get()
    assert request.reply_due_on == D(2027, 1, 8) and not request.due_awaits_calendar


def test_only_an_unentered_year_is_awaited_any_other_failure_refuses(org, monkeypatch):
    def broken_clock(request):
        raise ClockError("暂停区间超出期限")

    monkeypatch.setattr(services, "_compute_due", broken_clock)
    data = _portal_form(org, agency=org["police"])
    with pytest.raises(Refusal, match="暂停区间超出期限"):
        services.apply_on_portal(org["mile"], Channel.WEB, data)
    assert not DisclosureRequest.objects.exists()
