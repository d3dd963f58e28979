"""行政复议 in a real browser: a coordinator registers, accepts, extends and closes a case through
the pages, and a refused step shows its reason and changes nothing.

Run with ``pytest -m browser`` (deselected by default); needs the plugin fazhi.testing.browser.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fazhi.core.audit import Channel
from fazhi.core.calendar import get_calendar
from fazhi.core.clocks import Limit, LimitUnit, due_date
from fazhi.core.models import AuditEntry
from fazhi.core.validators import make_id_number
from fazhi.disputes.reconsideration import services
from fazhi.disputes.reconsideration.models import (
    ApplicantType,
    Category,
    Outcome,
    ReceiptChannel,
    ReconsiderationCase,
    Status,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SCREENSHOT = "/tmp/fazhi-browser-case.png"
ID_NUMBER = make_id_number("532526", dt.date(1980, 5, 1), 12)
ONE_DAY = dt.timedelta(days=1)
# 60 日 to decide + 30 日 extension + room for a last day that falls on a rest day: every due date
# the tests compute stays inside the years whose holiday notices the calendar knows.
HORIZON = dt.timedelta(days=110)


def case_dates(now: dt.date) -> tuple[dt.date, dt.date]:
    """(submitted, accepted): working days at least 10 days back, so that no step is in the future.

    Also early enough that the 90-day decision period ends in a known year: a due date in a year
    whose State Council notice nobody has entered is refused (CalendarYearUnknown), by design.
    """
    calendar = get_calendar()
    last_known = dt.date(calendar.known_years[-1], 12, 31)
    submitted = min(now - dt.timedelta(days=10), last_known - HORIZON)
    while not calendar.is_workday(submitted):
        submitted -= ONE_DAY
    return submitted, calendar.next_workday(submitted + ONE_DAY)


def today() -> dt.date:
    return timezone.localdate()


# -- page helpers --------------------------------------------------------------------------------


def status_badge(page):
    return page.locator("h1 .badge").first


def fact(page, label: str):
    """The <dd> after the <dt> labelled `label` on the case page."""
    return page.locator(f"dl.facts dt:text-is('{label}') + dd")


def next_due(page):
    """The record page's line with its next statutory due date."""
    return page.locator("p.due")


def step(page, label: str):
    """The <details> block of a step form, by its summary's exact label."""
    summary = page.locator("summary", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    return page.locator(".actions details").filter(has=summary)


def open_step(page, label: str):
    details = step(page, label)
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    return details


def submit_step(details, label: str):
    details.get_by_role("button", name=label, exact=True).click()


def history_actions(page):
    return page.locator("h2:text-is('办理记录') + table tbody tr td:nth-child(2)")


def case_audit(case):
    return AuditEntry.objects.filter(object_type=case._meta.label, object_id=str(case.pk)).order_by(
        "id"
    )


# -- tests ---------------------------------------------------------------------------------------


def test_coordinator_takes_a_case_from_receipt_to_decision(people, logged_in_page):
    now = today()
    submitted, accepted = case_dates(now)
    extended = min(now, accepted + dt.timedelta(days=30))
    decided = min(now, extended + dt.timedelta(days=7))
    review_due = get_calendar().add_workdays(submitted, 5)
    due_before = due_date(accepted, Limit(60, LimitUnit.DAYS))
    due_after = due_date(
        accepted, Limit(60, LimitUnit.DAYS), extensions=[Limit(30, LimitUnit.DAYS)]
    )

    page = logged_in_page("coord")
    nav = page.locator("header.top nav")
    nav.get_by_role("button", name="纠纷化解 ▾").hover()  # the menu opens on hover
    nav.get_by_role("link", name="行政复议", exact=True).click()
    expect(page.get_by_role("heading", name="行政复议", exact=True)).to_be_visible()
    page.get_by_role("link", name="登记复议申请").click()
    expect(page.get_by_role("heading", name="登记复议申请")).to_be_visible()

    # 登记: an applicant in person, against 弥勒市公安局's 治安处罚.
    page.locator("#id_applicant_name").fill("张三")
    page.locator("#id_applicant_type").select_option(label="自然人")
    page.locator("#id_applicant_id_number").fill(ID_NUMBER)
    page.locator("#id_applicant_phone").fill("13812345678")
    page.locator("#id_respondent").select_option(label="弥勒市公安局")
    page.locator("#id_act").fill("弥公(治)决字〔2026〕第123号行政处罚决定")
    page.locator("#id_category").select_option(label="治安处罚")
    page.locator("#id_receipt_channel").select_option(label="当面递交")
    page.locator("#id_submitted_on").fill(submitted.isoformat())
    page.get_by_role("button", name="登记复议申请", exact=True).click()

    expect(page.locator(".messages li.success")).to_contain_text("已登记")
    expect(page).to_have_url(re.compile(r"/fuyi/\d+/$"))
    expect(status_badge(page)).to_have_text("待审查")
    expect(fact(page, "收到申请")).to_have_text(submitted.isoformat())
    expect(next_due(page)).to_contain_text("受理审查")
    expect(next_due(page).locator(".badge")).to_contain_text(review_due.isoformat())
    expect(fact(page, "身份证号码")).to_have_text(ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:])
    assert ID_NUMBER not in page.content()  # the full 身份证号码 never reaches the page
    case = ReconsiderationCase.objects.get()
    assert page.url.endswith(f"/fuyi/{case.pk}/")

    # 受理
    details = open_step(page, "受理")
    details.locator("#id_accept-on").fill(accepted.isoformat())
    submit_step(details, "受理")
    expect(page.locator(".messages li.success")).to_have_text("已办理：受理。")
    expect(status_badge(page)).to_have_text("审理中")
    expect(fact(page, "受理")).to_have_text(accepted.isoformat())
    expect(fact(page, "决定期限")).to_have_text(due_before.isoformat())

    # 发送申请书副本 (行政复议法(2023) art. 48): the respondent's answer waits for its 送达.
    details = open_step(page, "发送申请书副本")
    details.locator("#id_send_copy-on").fill(accepted.isoformat())
    submit_step(details, "发送申请书副本")
    expect(page.locator(".messages li.success")).to_have_text("已办理：发送申请书副本。")

    # 延长审理期限 by 30 日: the coordinator holds the authority, so he takes the step himself.
    details = open_step(page, "延长审理期限")
    details.locator("#id_extend-on").fill(extended.isoformat())
    details.locator("#id_extend-days").fill("30")
    details.locator("#id_extend-reason").fill("案情复杂，需调取执法记录仪视频")
    submit_step(details, "延长审理期限")
    expect(page.locator(".messages li.success")).to_have_text("已办理：延长审理期限。")
    expect(fact(page, "决定期限")).to_have_text(f"{due_after.isoformat()}（已延长30日）")
    expect(next_due(page)).to_contain_text(f"作出决定 {due_after.isoformat()}")

    # 听取意见 (art. 49): an ordinary case is decided after hearing the parties.
    details = open_step(page, "听取意见")
    details.locator("#id_hear_views-on").fill(extended.isoformat())
    details.locator("#id_hear_views-way").select_option(label="通过电话听取")
    details.locator("#id_hear_views-note").fill("申请人坚持撤销请求")
    submit_step(details, "听取意见")
    expect(page.locator(".messages li.success")).to_have_text("已办理：听取意见。")

    # 作出决定/结案: 维持.
    details = open_step(page, "作出决定/结案")
    details.locator("#id_decide-on").fill(decided.isoformat())
    details.locator("#id_decide-outcome").select_option(label="维持")
    details.locator("#id_decide-confirmed").check()  # a destructive step is confirmed
    submit_step(details, "作出决定/结案")
    expect(page.locator(".messages li.success")).to_have_text("已办理：作出决定/结案。")
    expect(status_badge(page)).to_have_text("已决定")
    expect(fact(page, "结果")).to_have_text("维持")
    expect(fact(page, "结案")).to_contain_text(decided.isoformat())
    expect(next_due(page)).to_have_count(0)
    # A closed case is read-only: no step forms any more (only its papers' 送达 is recorded).
    expect(page.locator(".actions details")).to_have_count(0)
    expect(page.get_by_role("heading", name="办理", exact=True)).to_have_count(0)
    expect(page.get_by_text("本案件对您只读。")).to_be_visible()
    expect(history_actions(page)).to_have_text(
        ["收到复议申请", "受理", "发送申请书副本", "延长审理期限", "听取意见", "结案"]
    )
    page.screenshot(path=SCREENSHOT, full_page=True)

    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.DECIDED, Outcome.UPHELD)
    assert (case.accepted_on, case.extension_days, case.closed_on) == (accepted, 30, decided)
    assert case.decision_due_on == due_after
    rows = list(case_audit(case).values_list("action", "channel", "actor__username"))
    assert rows == [
        ("收到复议申请", Channel.WEB, "coord"),
        ("受理", Channel.WEB, "coord"),
        ("发送申请书副本", Channel.WEB, "coord"),
        ("延长审理期限", Channel.WEB, "coord"),
        ("听取意见", Channel.WEB, "coord"),
        ("结案", Channel.WEB, "coord"),
    ]


def test_refused_step_shows_the_reason_and_changes_nothing(
    org, people, live_server, logged_in_page
):
    submitted, accepted = case_dates(today())
    coord = people["coordinator"]
    case = services.receive(
        coord,
        Channel.CLI,
        organ=org["mile"],
        unit=org["justice"],
        app=services.Application(
            applicant_name="李四",
            applicant_type=ApplicantType.NATURAL_PERSON,
            respondent=org["police"],
            act="治安管理处罚决定",
            category=Category.PUBLIC_SECURITY,
            receipt_channel=ReceiptChannel.IN_PERSON,
            submitted_on=submitted,
            applicant_id_number=ID_NUMBER,
        ),
    )
    case = services.accept(coord, Channel.CLI, case, on=accepted)
    before = case_audit(case).count()
    too_early = accepted - ONE_DAY

    page = logged_in_page("coord")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(status_badge(page)).to_have_text("审理中")
    details = open_step(page, "作出决定/结案")
    details.locator("#id_decide-on").fill(too_early.isoformat())
    details.locator("#id_decide-outcome").select_option(label="维持")
    details.locator("#id_decide-confirmed").check()
    submit_step(details, "作出决定/结案")

    expect(page.locator(".messages li.error")).to_have_text(
        "未能办理“作出决定/结案”，请按提示修改。"
    )
    refused = step(page, "作出决定/结案")
    expect(refused).to_have_attribute("open", "")  # the bound form comes back opened, values kept
    expect(refused.locator(".errorlist")).to_have_text(
        f"结案日期({too_early:%Y-%m-%d})不能早于受理日期({accepted:%Y-%m-%d})。"
    )
    expect(refused.locator("#id_decide-on")).to_have_value(too_early.isoformat())
    expect(refused.locator("#id_decide-outcome")).to_have_value(Outcome.UPHELD)
    expect(status_badge(page)).to_have_text("审理中")
    expect(page.locator("h1 .badge")).to_have_count(1)
    expect(history_actions(page)).to_have_text(["收到复议申请", "受理"])

    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_on) == (Status.ACCEPTED, "", None)
    assert case_audit(case).count() == before


# -- page regressions found by looking at the pages ---------------------------------------------


def test_site_stylesheet_is_applied(people, logged_in_page):
    page = logged_in_page("coord")
    display = page.evaluate("getComputedStyle(document.querySelector('header.top')).display")
    assert display == "flex"


def test_date_fields_default_to_today(people, live_server, logged_in_page):
    page = logged_in_page("coord")
    page.goto(f"{live_server.url}/fuyi/new/")
    assert page.locator("#id_submitted_on").input_value() == today().isoformat()
