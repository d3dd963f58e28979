"""The annual report in a real browser: drafted by the coordinator (with the figure picker and
the preview), approved by a reviewer and signed by a leader, each in their own session; and the
published report read on a phone.

Run with ``pytest -m browser`` (deselected by default); needs the plugin fazhi.testing.browser.
"""

import pytest
from playwright.sync_api import expect

from fazhi.core.audit import Channel
from fazhi.reports import services
from fazhi.reports.models import AnnualReport, ReportStatus
from fazhi.reports.tests import workflow
from fazhi.testing.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def session(browser, browser_context_args, live_server):
    """Another person's browser: a context of its own (its own cookies), logged in."""
    contexts = []

    def open_as(username: str):
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        return log_in(context.new_page(), live_server, username)

    yield open_as
    for context in contexts:
        context.close()


def test_coordinator_drafts_reviewer_approves_leader_signs(
    page, live_server, logged_in_page, session, people
):
    # The coordinator drafts: a new report, part 九 written with the picker, previewed, sent.
    page = logged_in_page("coord")
    page.goto(f"{live_server.url}/reports/")
    page.locator("#id_year").fill("2021")
    page.get_by_role("button", name="新建草稿").click()
    expect(page.locator("#report-status")).to_have_text("起草中")
    report = AnnualReport.objects.get(year=2021)
    page.goto(f"{live_server.url}/reports/{report.pk}/parts/9/")
    text = page.locator("#id_body_template")
    text.fill("存在的不足：全年共受理行政复议案件")
    page.locator("#figure-search").fill("行政复议 受理")
    pick = page.locator("#figure-list li:not([hidden]) .fig-pick").first
    figure_id = pick.get_attribute("data-tag")
    text.press("End")
    pick.click()
    assert figure_id in text.input_value()
    page.get_by_role("button", name="预览").click()
    expect(page.locator("#part-preview")).to_contain_text("存在的不足：全年共受理行政复议案件")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    page.get_by_role("button", name="送审").click()
    expect(page.locator("#report-status")).to_have_text("待审核")

    # The reviewer, in their own session, approves with a comment.
    reviewer = session("reviewer")
    reviewer.goto(f"{live_server.url}/reports/{report.pk}/")
    reviewer.locator("#approve-comment").fill("数据核对无误")
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.locator("#report-status")).to_have_text("待签发")
    expect(reviewer.get_by_role("link", name="签发…")).to_have_count(0)  # not theirs to sign

    # The leader, in theirs, signs: the problems need a reason.
    leader = session("leader")
    leader.goto(f"{live_server.url}/reports/{report.pk}/")
    leader.get_by_role("link", name="签发…").click()
    problems = leader.locator("#sign-problems")
    expect(problems).to_contain_text(
        "一、依法全面履行政府职能（一）提升政务服务水平：本项数据尚未纳入平台统计"
    )
    leader.locator("#id_doc_number").fill(workflow.DOC_NUMBER)
    leader.locator("#id_index_number").fill(workflow.INDEX_NUMBER)
    leader.locator("#id_issued_on").fill("2022-03-16")
    leader.get_by_role("button", name="签发", exact=True).click()
    expect(leader.locator(".errorlist.nonfield")).to_contain_text("须写明带问题签发的理由")
    leader.locator("#id_problems_reason").fill(workflow.REASON)
    leader.get_by_role("button", name="签发", exact=True).click()
    expect(leader.locator("#report-status")).to_have_text("已签发")
    expect(leader.locator("dl.facts")).to_contain_text("周市长")

    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED
    assert (report.submitted_by, report.reviewed_by, report.issued_by) == (
        people["coordinator"],
        people["reviewer"],
        people["leader"],
    )
    assert report.problems_reason == workflow.REASON


def test_the_published_report_reads_on_a_phone(
    browser, browser_context_args, live_server, org, people
):
    draft = services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    report = workflow.sign(draft, people)
    phone = browser.new_context(
        **(browser_context_args | {"viewport": {"width": 375, "height": 812}}),
        is_mobile=True,
        has_touch=True,
    )
    try:
        page = phone.new_page()
        page.goto(f"{live_server.url}/nianbao/{report.pk}/")
        expect(page.locator("h1.report-title")).to_contain_text("法治政府建设工作情况的报告")
        expect(page.get_by_role("link", name="下载 PDF")).to_be_visible()
        expect(page.get_by_role("link", name="下载 Word（DOCX）")).to_be_visible()
        expect(page.locator("header.top")).to_be_visible()
        assert page.locator(".report-appendix").count() == 0
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"页面宽 {width}px，超出手机屏幕"
        assert "待补数据" not in page.content() and "一致性检查" not in page.content()
    finally:
        phone.close()
