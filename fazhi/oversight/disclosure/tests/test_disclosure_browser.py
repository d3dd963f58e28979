"""依申请公开 in a real browser: a member of the public applies on the portal form and gets a
tracking number and code; a staff member sees the request with its due date and replies
(予以公开); the public tracking page then shows 已答复 and nobody's personal data.

Run with ``pytest -m browser`` (deselected by default); needs the plugin fazhi.testing.browser.
"""

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from fazhi.core.calendar import CalendarYearUnknown, get_calendar
from fazhi.oversight.disclosure.models import DisclosureRequest, Status

from .factories import ID_NUMBER

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

NAME, PHONE, ADDRESS = "王小明", "13900001111", "弥勒市弥阳街道温泉路1号"


def test_public_request_from_portal_form_to_reply(page, live_server, logged_in_page, people):
    today = timezone.localdate()
    try:
        get_calendar().add_workdays(today, 20)
    except CalendarYearUnknown:
        pytest.skip("the 20-工作日 reply period reaches a year whose holidays are not entered")
    cache.clear()
    page.set_default_timeout(10_000)

    # The public: the portal form, no login.
    page.goto(f"{live_server.url}/gongkai/apply/")
    page.locator("#id_agency").select_option(label="弥勒市公安局")
    page.locator("#id_applicant_type").select_option("person")
    page.locator("#id_applicant_name").fill(NAME)
    page.locator("#id_applicant_id_number").fill(ID_NUMBER)
    page.locator("#id_applicant_phone").fill(PHONE)
    page.locator("#id_applicant_address").fill(ADDRESS)
    page.locator("#id_description").fill("2021年本市道路交通事故统计数据")
    page.locator("#id_format_wanted").select_option("email")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("h1")).to_have_text("申请已提交")
    number = page.locator("#tracking-number").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    request = DisclosureRequest.objects.get(number=number)
    assert request.check_code == code and request.received_on == today
    due = request.reply_due_on.isoformat()

    # Staff: the list shows the request with its due date; the reply is one step.
    page = logged_in_page("coord")
    page.goto(f"{live_server.url}/gongkai/")
    row = page.locator("tr", has=page.get_by_role("link", name=number))
    expect(row).to_contain_text(due)
    row.get_by_role("link", name=number).click()
    expect(page.locator("h1 .badge").first).to_have_text("办理中")
    reply = page.locator("details", has=page.locator("summary", has_text="答复")).first
    reply.locator("summary").click()
    reply.locator("select[name='reply-situation']").select_option("36_2")
    reply.locator("input[name='reply-confirmed']").check()  # a concluding step is confirmed
    reply.locator("button[type=submit]").click()
    expect(page.locator("h1 .badge").first).to_have_text("已答复")
    request.refresh_from_db()
    assert request.status == Status.REPLIED and request.on_time

    # The public again (no session): the tracking page shows 已答复 and no personal data.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/gongkai/track/")
    page.locator("#id_number").fill(number)
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#track-status")).to_have_text("已答复")
    expect(page.locator("#track-result-type")).to_contain_text("予以公开")
    html = page.content()
    for secret in (NAME, ID_NUMBER, PHONE, ADDRESS, "交通事故统计"):
        assert secret not in html
