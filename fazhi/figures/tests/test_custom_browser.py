"""A coordinator defines a count indicator in the browser — the operators offered follow the
field chosen (custom.js) — previews it, saves it, and finds its value in the /figures/ table."""

import datetime as dt

import pytest

from fazhi.figures.models import CustomFigure

from .test_custom import decided

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_a_coordinator_defines_a_count_and_sees_it_in_the_figures_table(
    org, people, page, live_server, logged_in_page
):
    staff = people["reviewer"]
    decided(org, staff, dt.date(2021, 3, 1), dt.date(2021, 4, 20), "revoked")
    decided(org, staff, dt.date(2021, 3, 2), dt.date(2021, 4, 21), "revoked")
    decided(org, staff, dt.date(2021, 3, 3), dt.date(2021, 4, 22), "upheld")
    logged_in_page("coord")
    page.goto(f"{live_server.url}/figures/custom/")
    page.get_by_text("定义新指标").click()
    page.locator("#custom-figure[data-ready]").wait_for()  # custom.js has set its listeners
    with page.expect_navigation():  # the page reloads with the procedure's fields; rows were
        page.select_option("#procedure", "reconsideration")  # there before it, so wait for it
    page.locator("#custom-figure[data-ready]").wait_for()
    page.locator(".cond-field option[value=closed_on]").first.wait_for(state="attached")
    page.select_option("#kind", "count")
    page.fill("#slug", "revoked")
    page.fill("#label", "复议撤销原行政行为案件")
    page.fill("#unit", "件")
    page.fill("#section", "六.1")
    page.fill("#definition", "期内审结案件中复议决定撤销原行政行为的件数。")
    rows = page.locator("#conditions-c tr.condition")
    rows.nth(0).locator(".cond-field").select_option("closed_on")
    assert rows.nth(0).locator(".cond-op").input_value() == "period"  # the first fit operator
    rows.nth(1).locator(".cond-field").select_option("outcome")
    op = rows.nth(1).locator(".cond-op")
    assert op.locator("option[value=lt]").is_disabled()  # no "earlier than" for a choice
    assert "撤销(revoked)" in rows.nth(1).locator(".cond-hint").inner_text()
    op.select_option("eq")
    rows.nth(1).locator(".cond-value").fill("撤销")
    page.get_by_text("添加一行").first.click()
    assert page.locator("#conditions-c tr.condition").count() == 4  # three blank rows, and one
    page.click("#preview-button")
    preview = page.locator("#preview")
    assert "复议撤销原行政行为案件" in preview.inner_text() and "尚未保存" in preview.inner_text()
    assert not CustomFigure.objects.exists()
    page.click("#save-button")
    page.get_by_text("已定义指标").wait_for()
    assert CustomFigure.objects.get().figure_id == "custom.revoked"
    page.goto(f"{live_server.url}/figures/?year=2021")
    row = page.locator("tr", has=page.locator("code", has_text="custom.revoked"))
    assert "复议撤销原行政行为案件" in row.inner_text() and "2件" in row.inner_text()
