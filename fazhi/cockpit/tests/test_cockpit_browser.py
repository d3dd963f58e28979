"""The 驾驶舱 in a real browser with every request off the server blocked: ECharts comes from the
project's static files and draws the charts; on a phone nothing overflows the screen."""

import datetime as dt

import pytest

from fazhi.disputes.reconsideration.tests.factories import accepted

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_the_charts_draw_with_the_network_blocked(org, people, page, live_server, logged_in_page):
    accepted(org, people["reviewer"], submitted_on=dt.date(2021, 3, 1))
    outside = []

    def only_this_server(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    logged_in_page("leader")
    page.goto(f"{live_server.url}/cockpit/?year=2021&figure=rec.accepted")
    for chart in ("#chart-units", "#chart-months", "#chart-work"):
        page.locator(f"{chart} canvas").first.wait_for()
    assert "charts-drawn" in page.locator("body").get_attribute("class")
    assert outside == []

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    page.locator("#chart-units canvas").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
