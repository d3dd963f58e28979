"""One 重大行政决策 in a real browser, from the 决策事项目录 to publication: the 统筹机构 lists the
item in the published catalogue (with its reason) and starts it; the 承办单位 puts the draft to
public comment; a member of the public gives an opinion on the portal form; once the 30 日 have
run, the 承办单位 closes the comment, handles the opinion and publishes the handling, and sends the
draft for 合法性审查 (the 司法局 gives its opinion through the 合法性审核 app); the 统筹机构 records
the 常务会议's decision and publishes it; the portal shows the decision and the masked handling.

Run with ``pytest -m browser`` (deselected by default); needs the plugin fazhi.testing.browser.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from fazhi.governance.decisions.models import Decision, PublicOpinion, Status
from fazhi.governance.legality import services as legality
from fazhi.governance.legality.queries import review_of

from . import factories as f
from .test_portal import enter_next_year

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

TITLE = "弥勒市城区公共停车场收费管理办法"


def _step(page, label: str, fill=None, confirm=False):
    step = page.locator("details", has=page.locator("summary", has_text=label)).first
    step.locator("summary").click()
    if fill:
        fill(step)
    if confirm:
        step.locator("input[name$='-confirmed']").check()
    step.locator("button[type=submit]").click()


def test_a_decision_from_the_catalogue_through_public_comment_to_publication(
    page, live_server, logged_in_page, org, people, settings
):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    enter_next_year()
    cache.clear()
    today = timezone.localdate()
    cat = f.catalogue(org, people, year=today.year)  # agreed by the 市委 and published
    page.set_default_timeout(10_000)

    # The 统筹机构 (司法局 here) lists the item in the published catalogue and starts it.
    page = logged_in_page("reviewer")
    page.goto(f"{live_server.url}{cat.get_absolute_url()}")

    def add(step):
        step.locator("input[name='add_item-title']").fill(TITLE)
        step.locator("select[name='add_item-unit']").select_option(label="弥勒市公安局")
        step.locator("input[name='add_item-reason']").fill("群众反映停车难，年中增列")

    _step(page, "列入决策事项", add)
    page.get_by_role("link", name=TITLE).click()
    d = Decision.objects.get(title=TITLE)

    def start(step):
        step.locator("select[name='start-unit']").select_option(label="弥勒市公安局")
        step.locator("input[name='start-needs_experts']").check()

    _step(page, "启动决策程序", start)
    expect(page.locator("h1 .badge").first).to_have_text("已启动")

    # The 承办单位 (公安局) puts the draft to public comment for 30 日.
    page = logged_in_page("police")
    page.goto(f"{live_server.url}{d.get_absolute_url()}")
    _step(
        page,
        "公开征求意见",
        lambda s: s.locator("textarea[name='open_comment-draft']").fill(
            "拟对城区公共停车场实行分时段收费。"
        ),
    )
    expect(page.locator("h1 .badge").first).to_have_text("公开征求意见中")

    # The public (no session): the portal lists the draft; anyone gives an opinion.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/juece/gongkai/")
    page.get_by_role("link", name=TITLE).click()
    page.locator("#id_name").fill("王小明")
    page.locator("#id_contact").fill("13900001111")
    page.locator("#id_text").fill("建议夜间免费停车。")
    page.get_by_role("button", name="提交意见").click()
    expect(page.locator(".notice").first).to_contain_text("您的意见已提交")
    opinion = PublicOpinion.objects.get(decision=d)
    assert opinion.channel == "portal"

    # Time passes: the 30 日 run out (the record's dates are moved back as if it had been so).
    start = today - dt.timedelta(days=45)
    Decision.objects.filter(pk=d.pk).update(
        listed_on=start,
        started_on=start,
        comment_from=start,
        comment_until=start + dt.timedelta(days=31),
    )
    PublicOpinion.objects.filter(pk=opinion.pk).update(received_on=start + dt.timedelta(days=3))

    page = logged_in_page("police")
    page.goto(f"{live_server.url}{d.get_absolute_url()}")
    _step(page, "结束征求意见")
    expect(page.locator("h1 .badge").first).to_have_text("论证审查中")

    def handle(step):
        step.locator("select[name='handle_opinion-opinion']").select_option(index=1)
        step.locator("select[name='handle_opinion-outcome']").select_option("partly")
        step.locator("input[name='handle_opinion-reason']").fill("夜间22时后限时免费")

    _step(page, "处理公众意见", handle)
    _step(page, "公布意见采纳情况")

    # Flagged at 启动: 专家论证 is required before the meeting (art. 19).
    def experts(step):
        step.locator("input[name='experts-experts']").fill("交通规划专家3名")
        step.locator("textarea[name='experts-opinion']").fill("方案可行，已采纳")

    _step(page, "专家论证", experts)
    _step(page, "送请合法性审查")
    review = review_of(d)
    assert review is not None and review.kind == "decision"
    legality.give_opinion(people["reviewer"], review, opinion="lawful", opinion_on=today)

    # The 统筹机构: the 常务会议's decision, then publication.
    meeting = f.meeting(org, people, number="第30次", held_on=today)
    page = logged_in_page("reviewer")
    page.goto(f"{live_server.url}{d.get_absolute_url()}")
    _step(
        page,
        "集体讨论决定",
        lambda s: s.locator("select[name='decide-meeting']").select_option(label=str(meeting)),
    )
    expect(page.locator("h1 .badge").first).to_have_text("已集体讨论决定")

    def publish(step):
        step.locator("input[name='publish-document_number']").fill("弥政规〔2026〕5号")
        step.locator("textarea[name='publish-text']").fill("城区公共停车场收费管理办法全文")

    _step(page, "公布决策", publish)
    expect(page.locator("h1 .badge").first).to_have_text("已公布")
    d.refresh_from_db()
    assert (d.status, d.meeting) == (Status.PUBLISHED, meeting)

    # The public: the decision and the handling of the opinion, the person masked.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/juece/gongkai/")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.locator("#decision-text")).to_contain_text("收费管理办法全文")
    expect(page.locator("#opinions")).to_contain_text("部分采纳")
    html = page.content()
    assert "王小明" not in html and "13900001111" not in html
