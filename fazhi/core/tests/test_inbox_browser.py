"""The inbox in a real browser: after `fazhi tick` has written its reminders, 公安局's staff see the
badge in the header, open the inbox, find the reminder with a link to the record and mark it read;
the coordinator 催办 the same record and the staff find the 催办 in their inbox.

Run with ``pytest -m browser`` (deselected by default); needs the plugin fazhi.testing.browser.
"""

import re

import pytest
from playwright.sync_api import expect

from fazhi.core import jobs
from fazhi.core.models import Notice, Urge
from fazhi.oversight.proposals.tests.factories import assign_office, assigned

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_the_inbox_after_a_tick(org, people, logged_in_page, live_server):
    assign_office(org)
    proposal = assigned(org, people["reviewer"])  # 交办 in 2021: long overdue
    jobs.tick()
    notice = Notice.objects.get(unit=org["police"])

    page = logged_in_page("police")
    badge = page.locator("#inbox-link #inbox-count")
    expect(badge).to_have_text("2")  # the reminder and the overdue proposal
    page.locator("#inbox-link").click()
    expect(page).to_have_url(re.compile(r"/inbox/$"))
    reminder = page.locator("#notices + form tr.unread")
    expect(reminder).to_have_count(1)
    expect(reminder).to_contain_text(notice.text)
    expect(page.locator("#due + table")).to_contain_text("逾期")

    reminder.locator("input[type=checkbox]").check()
    page.get_by_role("button", name="所选标为已读").click()
    expect(page.locator(".messages")).to_contain_text("已将1条提醒标为已读")
    expect(page.locator("#notices + form tr.unread")).to_have_count(0)
    expect(page.locator("#inbox-count")).to_have_text("1")

    # the reminder's link leads to the record
    page.locator("#due + table a", has_text=str(proposal)).first.click()
    expect(page.locator("h1")).to_contain_text(str(proposal))

    # the coordinator 催办 it; the staff find it in their inbox
    page.context.clear_cookies()
    page = logged_in_page("coord")
    page.goto(f"{live_server.url}/inbox/")
    page.locator("#due + table a", has_text="催办").first.click()
    page.locator("#urge-note").fill("请本周内答复")
    page.get_by_role("button", name="催办").click()
    expect(page.locator(".messages")).to_contain_text("已催办")
    assert Urge.objects.get().unit == org["police"]

    page.context.clear_cookies()
    page = logged_in_page("police")
    expect(page.locator("#inbox-count")).to_have_text("2")
    page.goto(f"{live_server.url}/inbox/")
    expect(page.locator("#urges + form tr.unread")).to_contain_text("请本周内答复")
