"""A 2023 行政复议 case in a real browser from 补正 to decision, every 文书 downloaded as it is
made: 补正通知书 (its 送达 starting the 10 日, art. 31), 受理通知书, 提出答复通知书 (served on the
respondent, whose own staff enter the 答复 with its evidence, art. 48), 听证通知书 (5 工作日 ahead,
art. 51), 延期审理通知书 (art. 62) and the 行政复议决定书.

Run with ``pytest -m browser``."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from fazhi.core.calendar import get_calendar
from fazhi.core.instruments.services import instruments_of
from fazhi.disputes.reconsideration.models import ReconsiderationCase, Status

from .factories import received
from .test_browser import open_step, status_badge, submit_step

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SPAN = 130  # days from receipt to the extended decision due date, with room to spare


def workdays_from(start: dt.date, n: int) -> dt.date:
    return get_calendar().add_workdays(start, n)


def receipt_day() -> dt.date:
    """A working day far enough back that every step is in the past, and early enough that the
    extended due date lies in a year whose holiday notice the calendar knows."""
    calendar = get_calendar()
    last_known = dt.date(calendar.known_years[-1], 12, 31)
    day = min(timezone.localdate() - dt.timedelta(days=75), last_known - dt.timedelta(days=SPAN))
    while not calendar.is_workday(day):
        day -= dt.timedelta(days=1)
    return day


def take(page, label: str, fields: dict, *, button: str | None = None, checks=()):
    details = open_step(page, label)
    for selector, value in fields.items():
        target = details.locator(selector)
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(label=value)
        else:
            target.fill(value)
    for selector in checks:
        details.locator(selector).check()
    submit_step(details, button or label)
    expect(page.locator(".messages li.success")).to_have_text(f"已办理：{label}。")


def download(page, title: str) -> Document:
    """Download the 文书 titled `title` from the case page as DOCX; it opens as Word reads it."""
    row = page.locator("table.papers tbody tr", has_text=title).last
    with page.expect_download() as info:
        row.get_by_role("link", name="DOCX").click()
    assert info.value.suggested_filename.startswith(title)
    with open(info.value.path(), "rb") as f:
        document = Document(io.BytesIO(f.read()))
    assert document.paragraphs[0].text == title
    return document


def test_a_2023_case_through_correction_answer_hearing_extension_and_decision(
    org, people, logged_in_page, page, live_server
):
    d0 = receipt_day()
    served, corrected = workdays_from(d0, 2), workdays_from(d0, 5)
    accepted, copy_sent = workdays_from(corrected, 1), workdays_from(corrected, 2)
    copy_served, answered = workdays_from(copy_sent, 2), workdays_from(copy_sent, 5)
    notice_on, hearing_on = workdays_from(answered, 1), workdays_from(answered, 9)
    consulted, extended = workdays_from(hearing_on, 1), workdays_from(hearing_on, 2)
    decided = workdays_from(extended, 3)
    assert decided < timezone.localdate()
    case = received(org, people["reviewer"], submitted_on=d0)
    url = f"{live_server.url}{case.get_absolute_url()}"

    logged_in_page("coord")
    page.goto(url)
    take(
        page,
        "通知补正",
        {
            "#id_correction-on": d0.isoformat(),
            "#id_correction-items": "申请人的身份证明；行政处罚决定书的文号",
        },
    )
    notice = download(page, "行政复议申请补正通知书")
    assert any("身份证明" in p.text for p in notice.paragraphs)
    take(
        page,
        "补正通知已送达",
        {
            "#id_correction_served-served_on": served.isoformat(),
            "#id_correction_served-way": "邮寄送达",
        },
    )
    expect(page.locator("table.papers")).to_contain_text(f"{served.isoformat()} 邮寄送达")
    take(page, "收到补正材料", {"#id_correction_received-on": corrected.isoformat()})
    take(page, "受理", {"#id_accept-on": accepted.isoformat()})
    expect(status_badge(page)).to_have_text("审理中")
    download(page, "行政复议受理通知书")
    take(page, "发送申请书副本", {"#id_send_copy-on": copy_sent.isoformat()})
    answer_notice = download(page, "提出答复通知书")
    assert any("十日内" in p.text for p in answer_notice.paragraphs)
    take(
        page,
        "申请书副本已送达被申请人",
        {"#id_copy_served-served_on": copy_served.isoformat(), "#id_copy_served-way": "直接送达"},
    )

    # The respondent's own staff enter the 答复 and its evidence, in their own session.
    page.context.clear_cookies()
    logged_in_page("police")
    page.goto(url)
    take(
        page,
        "提交书面答复",
        {"#id_reply-on": answered.isoformat(), "#id_reply-note": "处罚事实清楚、证据确凿"},
        checks=["#id_reply-with_evidence"],
    )
    details = page.locator("details", has=page.locator("summary", has_text="上传附件"))
    details.locator("summary").click()
    details.locator("input[type=file]").set_input_files(
        {"name": "执法记录.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 evidence"}
    )
    details.get_by_role("button", name="上传").click()
    expect(page.locator(".messages li.success")).to_have_text("已上传：执法记录.pdf。")

    page.context.clear_cookies()
    logged_in_page("coord")
    page.goto(url)
    take(
        page,
        "认定为重大、疑难、复杂案件",
        {"#id_mark_major-on": answered.isoformat(), "#id_mark_major-reason": "涉及群体性利益"},
    )
    take(
        page,
        "发出听证通知",
        {
            "#id_notify_hearing-on": notice_on.isoformat(),
            "#id_notify_hearing-hearing_on": hearing_on.isoformat(),
            "#id_notify_hearing-place": "市司法局听证室",
            "#id_notify_hearing-matters": "处罚认定的事实",
        },
    )
    hearing = download(page, "行政复议听证通知书")
    assert any("市司法局听证室" in p.text for p in hearing.paragraphs)
    take(
        page,
        "听证审理",
        {"#id_hearing-on": hearing_on.isoformat()},
        checks=["#id_hearing-respondent_head_attended"],
    )
    take(
        page,
        "提请复议委员会咨询",
        {
            "#id_consult_committee-on": consulted.isoformat(),
            "#id_consult_committee-opinion": "建议维持",
        },
    )
    take(
        page,
        "延长审理期限",
        {
            "#id_extend-on": extended.isoformat(),
            "#id_extend-days": "30",
            "#id_extend-reason": "案情复杂",
        },
    )
    download(page, "延期审理通知书")
    take(
        page,
        "作出决定/结案",
        {
            "#id_decide-on": decided.isoformat(),
            "#id_decide-outcome": "维持",
            "#id_decide-note": "被申请人认定事实清楚",
        },
        checks=["#id_decide-confirmed"],
    )
    expect(status_badge(page)).to_have_text("已决定")
    decision = download(page, "行政复议决定书")
    assert any("本机关决定：维持" in p.text for p in decision.paragraphs)

    case = ReconsiderationCase.objects.get(pk=case.pk)
    assert case.status == Status.DECIDED
    titles = [i.title for i in instruments_of(case)]
    assert titles == [
        "行政复议申请补正通知书",
        "行政复议受理通知书",
        "提出答复通知书",
        "行政复议听证通知书",
        "延期审理通知书",
        "行政复议决定书",
    ]
    numbers = [i.number for i in instruments_of(case)]
    assert len(set(numbers)) == 6 and all("〔" in n for n in numbers)
