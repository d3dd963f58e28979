"""One 重大 行政处罚 case in a real browser, from 立案 through 法制审核, the decision and its
publication to the portal: the 公安局's 法制员 opens the case with two certified officers, takes
the investigation to its end, flags it 重大 by an item of the published 目录清单, sends it to
法制审核 — the decision is not offered before the review agrees (行政处罚法第五十八条) — records
the review (their own act), 告知, decides, and publishes it; the public portal then shows the
decision with the party's name masked.

Run with ``pytest -m browser`` (deselected by default); needs the plugin fazhi.testing.browser.
"""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from fazhi.enforcement.cases.models import Case, LegalReview
from fazhi.governance.decisions.tests.test_portal import enter_next_year

from .factories import assign_filing, criterion, officers

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

TITLE = "销售过期食品案"


def _step(page, label: str, fill=None):
    step = page.locator("details", has=page.locator("summary", has_text=label)).first
    step.locator("summary").click()
    if fill:
        fill(step)
    step.locator("button[type=submit]").click()


def test_a_major_case_from_opening_through_review_to_the_portal(
    page, live_server, logged_in_page, org, people, settings
):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    enter_next_year()  # the 90 日 from today's 立案 may run into next year
    cache.clear()
    assign_filing(org)
    criterion(people["police_staff"], org["police"])
    crew = officers(org["police"])
    page.set_default_timeout(10_000)

    page = logged_in_page("police")
    page.goto(f"{live_server.url}/zhifa/new/")
    page.locator("select[name='kind']").select_option(label="行政处罚")
    page.locator("select[name='field']").select_option(label="公安")
    page.locator("input[name='title']").fill(TITLE)
    page.locator("select[name='party_kind']").select_option(label="自然人")
    page.locator("input[name='party_name']").fill("张三丰")
    page.locator("select[name='officers']").select_option([str(o.pk) for o in crew])
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("#case-officers")).to_contain_text("张执法")
    case = Case.objects.get(title=TITLE)

    _step(page, "开始调查取证")
    _step(page, "调查终结")
    _step(
        page,
        "认定为重大执法决定",
        lambda s: s.locator("select[name='mark_major-criterion']").select_option(index=1),
    )
    expect(page.locator("#case-major")).to_contain_text("是")
    expect(page.locator("summary", has_text="作出决定")).to_have_count(0)  # art. 58
    _step(page, "提交法制审核")
    _step(
        page,
        "法制审核",
        lambda s: s.locator("select[name='review-opinion']").select_option(label="同意"),
    )
    expect(page.locator("#case-reviews")).to_contain_text("同意")
    _step(page, "告知陈述申辩")

    def decide(step):
        step.locator("select[name='decide-outcome']").select_option(label="给予行政处罚")
        step.locator("textarea[name='decide-conclusion']").fill("警告并处罚款人民币3000元")

    _step(page, "作出决定", decide)
    _step(page, "执法公示")
    expect(page.locator("#case-publication")).to_contain_text("已公示")
    assert LegalReview.objects.get(case=case).reviewer.username == "police"

    page.goto(f"{live_server.url}/zhifa/gongshi/")
    table = page.locator("#enf-published")
    expect(table).to_contain_text(TITLE)
    expect(table).to_contain_text("警告并处罚款人民币3000元")
    expect(table).not_to_contain_text("张三丰")
