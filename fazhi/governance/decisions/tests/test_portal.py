"""The portal (no login): the published 决策事项目录, a draft open to comment with its public form
(JC art. 15; throttled per address), the published handling of opinions with the person masked
(art. 18), the published decision (art. 32) — and nothing that is not yet public."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import AuditEntry
from fazhi.governance.decisions import services
from fazhi.governance.decisions.models import PublicOpinion

from . import factories as f

W = "web"


def enter_next_year() -> None:
    """A draft opened today runs 30 日 into next year, whose holidays a test enters (the
    coordinator enters each year's notice; a year nobody entered is refused, never guessed)."""
    from fazhi.core.calendar import CalendarYearUnknown, get_calendar
    from fazhi.core.services import enter_calendar_year

    year = timezone.localdate().year + 1
    try:
        get_calendar().next_workday(dt.date(year, 6, 1))
    except CalendarYearUnknown:
        holidays = [(dt.date(year, 1, 1), "元旦")]
        enter_calendar_year(None, "cli", year=year, notice="测试", holidays=holidays, workdays=[])


@pytest.fixture
def today_open(org, people):
    enter_next_year()
    """A draft put to comment today, so the portal's form is open."""
    d = f.started(org, people)
    return services.open_comment(
        people["police_staff"], W, d, on=timezone.localdate(), draft="拟实行分时段收费。"
    )


def test_anyone_gives_an_opinion_on_the_portal(org, people, client, today_open, settings):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    index = client.get(reverse("decisions:portal")).content.decode()
    assert today_open.title in index and "正在公开征求意见" in index
    page = reverse("decisions:portal_decision", args=[today_open.pk])
    assert "提交意见" in client.get(page).content.decode()
    done = client.post(
        page, {"name": "王小明", "contact": "13912345678", "text": "建议夜间免费停车。"}
    )
    assert done.status_code == 302
    opinion = PublicOpinion.objects.get(decision=today_open)
    assert (opinion.channel, opinion.received_on, opinion.name) == (
        "portal",
        timezone.localdate(),
        "王小明",
    )
    entry = AuditEntry.objects.get(action="登记公众意见", object_id=str(today_open.pk))
    assert entry.actor_id is None and entry.actor_label == services.PORTAL_PUBLIC


def test_the_public_form_is_throttled_per_address(org, people, client, today_open, settings):
    settings.FAZHI_DECISION_COMMENT_LIMIT = 2
    page = reverse("decisions:portal_decision", args=[today_open.pk])
    for n in range(3):
        response = client.post(page, {"name": f"市民{n}", "text": "意见"})
    assert response.status_code == 200 and "过于频繁" in response.content.decode()
    assert PublicOpinion.objects.filter(decision=today_open).count() == 2


def test_handling_is_published_with_the_person_masked(org, people, client):
    d = f.prepared(org, people)  # 张三's opinion, 部分采纳, published
    page = client.get(reverse("decisions:portal_decision", args=[d.pk])).content.decode()
    assert "公众意见采纳情况" in page and "部分采纳" in page and "夜间限时免费" in page
    assert "张三" not in page and "13812345678" not in page
    assert "提交意见" not in page  # the period is over


def test_what_is_not_public_is_not_shown(org, people, client):
    listed = f.listed(org, people, published=False)
    assert client.get(reverse("decisions:portal_decision", args=[listed.pk])).status_code == 404
    index = client.get(reverse("decisions:portal")).content.decode()
    assert "尚未公布决策事项目录" in index  # the catalogue is not published yet


def test_published_catalogue_and_decision_are_on_the_portal(org, people, client):
    d = f.decided(org, people)
    d = services.publish(
        people["reviewer"],
        W,
        d,
        on=dt.date(2024, 5, 10),
        party_reported_on=dt.date(2024, 5, 6),
        text="停车收费管理办法全文",
        document_number="弥政规〔2024〕2号",
    )
    index = client.get(reverse("decisions:portal")).content.decode()
    assert "2024年度重大行政决策事项目录" in index and "弥政规〔2024〕2号" in index
    page = client.get(reverse("decisions:portal_decision", args=[d.pk])).content.decode()
    assert "停车收费管理办法全文" in page
