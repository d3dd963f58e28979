"""依申请公开 in a real browser: a member of the public applies on the portal form and gets a
tracking number and code; a staff member sees the request with its due date and replies
(予以公开); the public tracking page then shows 已答复 and nobody's personal data.

Run with ``pytest -m browser`` (deselected by default); needs the plugin fazhi.testing.browser.
"""

import subprocess

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from fazhi.core.calendar import CalendarYearUnknown, get_calendar
from fazhi.oversight.disclosure.models import DisclosureRequest, Status

from .factories import ID_NUMBER

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

NAME, PHONE, ADDRESS = "王小明", "13900001111", "弥勒市弥阳街道温泉路1号"
EMAIL = "wangxm@example.com"


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
    page.locator("#id_delivery_email").fill(EMAIL)
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


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())


def _longest_known_extension(today) -> int:
    """At most 10 工作日, as far as the entered holidays reach (late in a year the next one's
    are often not yet published, and the platform refuses a period it cannot count)."""
    for workdays in range(10, 0, -1):
        try:
            get_calendar().add_workdays(today, 20 + workdays)
        except CalendarYearUnknown:
            continue
        return workdays
    pytest.skip("the extended reply period reaches a year whose holidays are not entered")


def test_public_applies_by_email_gets_the_receipt_and_follows_the_thread(
    page, live_server, logged_in_page, people, tmp_path
):
    """Issue 9, as a member of the public: 电子邮件 asks for the address; the done page's 回执
    holds the number, code and due date and no full ID number; staff extend and answer; the
    applicant tracks with the number bracketed differently and reads the thread."""
    today = timezone.localdate()
    extension = _longest_known_extension(today)
    cache.clear()
    page.set_default_timeout(10_000)

    page.goto(f"{live_server.url}/gongkai/apply/")
    expect(page.locator("label[for=id_applicant_name] .req")).to_have_text("*")
    page.locator("#id_agency").select_option(label="弥勒市公安局")
    page.locator("#id_applicant_type").select_option("person")
    page.locator("#id_applicant_name").fill(NAME)
    page.locator("#id_applicant_id_number").fill(ID_NUMBER)
    page.locator("#id_applicant_phone").fill(PHONE)
    page.locator("#id_description").fill("2021年本市道路交通事故统计数据")
    page.locator("#id_format_wanted").select_option("email")
    page.get_by_role("button", name="提交申请").click()
    # No address for 电子邮件: refused under the field, nothing registered.
    expect(page.locator("#id_delivery_email ~ .errorlist")).to_contain_text(
        "请填写接收信息的电子邮箱"
    )
    assert not DisclosureRequest.objects.exists()
    page.locator("#id_delivery_email").fill(EMAIL)
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("h1")).to_have_text("申请已提交")
    number = page.locator("#tracking-number").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    request = DisclosureRequest.objects.get(number=number)
    assert request.delivery_email == EMAIL

    # The 回执 of the done page, fetched with this browser's session.
    href = page.locator("#receipt-link").get_attribute("href")
    receipt = page.request.get(f"{live_server.url}{href}")
    assert receipt.headers["content-type"] == "application/pdf"
    text = _pdf_text(receipt.body(), tmp_path)
    due = request.reply_due_on
    assert number in text and code in text and f"{due.year}年{due.month}月{due.day}日" in text
    assert ID_NUMBER not in text and "5325**********001X" in text

    # Staff extend the period by 10 工作日 and answer.
    page.context.clear_cookies()
    page = logged_in_page("coord")
    page.goto(f"{live_server.url}/gongkai/")
    page.get_by_role("link", name=number).click()
    extend = page.locator("details", has=page.locator("summary", has_text="延长答复期限")).first
    extend.locator("summary").click()
    extend.locator("#id_extend-on").fill(today.isoformat())
    extend.locator("#id_extend-workdays").fill(str(extension))
    extend.locator("#id_extend-reason").fill("需调取多个科室的统计台账")
    extend.get_by_role("button", name="延长答复期限", exact=True).click()
    expect(page.locator(".messages li.success")).to_contain_text("延长答复期限")
    reply = page.locator("details", has=page.locator("summary", has_text="答复")).first
    reply.locator("summary").click()
    reply.locator("select[name='reply-situation']").select_option("36_2")
    reply.locator("input[name='reply-confirmed']").check()
    reply.locator("button[type=submit]").click()
    expect(page.locator("h1 .badge").first).to_have_text("已答复")

    # The public again: the number typed with [] instead of 〔〕, the code in lower case.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/gongkai/track/")
    page.locator("#id_number").fill(number.replace("〔", "[").replace("〕", "]"))
    page.locator("#id_code").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#track-status")).to_have_text("已答复")
    titles = page.locator("#track-thread .thread-title")
    expect(titles).to_have_text(["收到申请", "延长答复期限", "已答复"])
    expect(page.locator("#track-thread")).to_contain_text(f"延长{extension}个工作日")
    expect(page.locator("#track-thread")).to_contain_text("(一)予以公开")
    expect(page.locator("#track-thread")).to_contain_text("行政复议")
    expect(page.locator("#receipt-form button")).to_be_visible()
    html = page.content()
    for secret in (NAME, ID_NUMBER, PHONE, EMAIL, "统计台账", "李统筹"):
        assert secret not in html
