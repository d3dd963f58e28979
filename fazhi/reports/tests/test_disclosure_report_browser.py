"""The 政府信息公开工作年度报告 in a real browser: the coordinator starts it from the list of
reports and enters table 二's returns; the published report, tables and all, read on a phone.

Run with ``pytest -m browser`` (deselected by default); needs the plugin fazhi.testing.browser.
"""

import pytest
from playwright.sync_api import expect

from fazhi.core.audit import Channel
from fazhi.reports import ogi, services
from fazhi.reports.models import AnnualReport, ReportKind
from fazhi.reports.tests import workflow

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_the_coordinator_starts_the_report_and_enters_the_returns(
    live_server, logged_in_page, people
):
    page = logged_in_page("coord")
    page.goto(f"{live_server.url}/reports/")
    page.locator("#id_kind").select_option(ReportKind.DISCLOSURE)
    page.locator("#id_year").fill("2021")
    page.get_by_role("button", name="新建草稿").click()
    expect(page.locator("#publication-deadline")).to_contain_text("2022年3月31日")
    expect(page.locator("table.report-table")).to_have_count(3)
    expect(page.locator("table.report-table-2 td.missing").first).to_have_text("待填报")
    page.get_by_role("link", name="填报表二数据").click()
    for cell in ogi.returned_cells():
        page.locator(f'[id="id_{cell.key}"]').fill("3")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存填报数据")
    expect(page.locator("table.report-table-2 td.missing")).to_have_count(0)
    expect(page.locator(".report-appendix .problems")).to_contain_text("本项为填报数据")
    report = AnnualReport.objects.get(kind=ReportKind.DISCLOSURE)
    assert report.statistical_returns["licensing"] == "3"


def test_the_published_report_and_its_tables_read_on_a_phone(
    browser, browser_context_args, live_server, org, people
):
    draft = services.create_report(
        people["coordinator"], Channel.WEB, org["mile"], 2021, ReportKind.DISCLOSURE
    )
    values = {cell.key: "0" for cell in ogi.returned_cells()}
    services.enter_returns(people["coordinator"], Channel.WEB, draft, values)
    report = workflow.sign(draft, people)
    phone = browser.new_context(
        **(browser_context_args | {"viewport": {"width": 375, "height": 812}}),
        is_mobile=True,
        has_touch=True,
    )
    try:
        page = phone.new_page()
        page.goto(f"{live_server.url}/")
        page.get_by_role("link", name="弥勒市人民政府2021年政府信息公开工作年度报告").click()
        expect(page.locator("h1.report-title")).to_contain_text("政府信息公开工作年度报告")
        expect(page.locator("table.report-table")).to_have_count(3)
        expect(page.locator("table.report-table-4")).to_contain_text("复议后起诉")
        expect(page.get_by_role("link", name="下载 PDF")).to_be_visible()
        page.wait_for_load_state("load")  # its stylesheets applied: the width is the phone's
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"页面宽 {width}px，超出手机屏幕"
        # Table 四's fifteen columns scroll inside their own box, not the page.
        box = page.locator("table.report-table-4").locator("xpath=..")
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")
        assert page.locator(".report-appendix").count() == 0
        assert "待填报" not in page.content() and "本项为填报数据" not in page.content()
        assert report.doc_number in page.content()
    finally:
        phone.close()
