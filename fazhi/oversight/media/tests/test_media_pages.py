"""政务新媒体 pages: permissions across units and counties, web audit rows, query budgets."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.models import AuditEntry
from fazhi.oversight.media.models import Account, AccountStatus

from .factories import account, campaign

D = dt.date


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_other_county_and_other_unit_get_404(org, people, login):
    acc = account(org, people["coordinator"])
    c = campaign(org, people["coordinator"])
    client = login(people["kaiyuan_staff"])
    assert client.get(acc.get_absolute_url()).status_code == 404
    assert client.get(c.get_absolute_url()).status_code == 404
    assert acc.name not in client.get(reverse("media:list")).content.decode()
    client = login(people["land_staff"])
    assert client.get(acc.get_absolute_url()).status_code == 404
    # The campaign is the government's: a unit of the same county reads it, cannot run it.
    assert client.get(c.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("media_campaigns:step", args=[c.pk, "finding"]),
        {
            "finding-account": acc.pk,
            "finding-on": "2021-05-12",
            "finding-problem": "zombie",
            "finding-action": "close",
        },
    )
    assert response.status_code == 403
    assert Account.objects.get(pk=acc.pk).status == AccountStatus.NORMAL


def test_register_and_close_through_pages_leave_web_audit_rows(org, people, login):
    client = login(people["police_staff"])
    response = client.post(
        reverse("media:new"),
        {
            "unit": org["police"].pk,
            "platform": "douyin",
            "name": "弥勒警方",
            "opened_on": "2020-01-02",
        },
    )
    acc = Account.objects.get()
    assert response.status_code == 302 and response.url == acc.get_absolute_url()
    bad = client.post(
        reverse("media:step", args=[acc.pk, "close"]),
        {"close-on": "2019-01-01", "close-reason": "dormant", "close-confirmed": "on"},
    )
    assert "不能早于" in bad.content.decode()
    client.post(
        reverse("media:step", args=[acc.pk, "close"]),
        {"close-on": "2021-02-01", "close-reason": "dormant", "close-confirmed": "on"},
    )
    acc.refresh_from_db()
    assert acc.status == AccountStatus.CLOSED
    rows = list(
        AuditEntry.objects.filter(object_type="media.Account").values_list("action", "channel")
    )
    assert rows == [("登记政务新媒体账号", "web"), ("关停账号", "web")]
    page = client.get(acc.get_absolute_url()).content.decode()
    assert "<summary>" not in page  # closed: read-only


def test_campaign_finding_through_page(org, people, login):
    acc = account(org, people["coordinator"])
    c = campaign(org, people["coordinator"])
    client = login(people["reviewer"])  # 司法局 leads the campaign
    client.post(
        reverse("media_campaigns:step", args=[c.pk, "finding"]),
        {
            "finding-account": acc.pk,
            "finding-on": "2021-05-12",
            "finding-problem": "poorly_run",
            "finding-action": "rectify",
            "finding-note": "长期不更新",
        },
    )
    acc.refresh_from_db()
    assert acc.status == AccountStatus.RECTIFYING
    assert AuditEntry.objects.filter(action="集中整治责令整改", channel="web").count() == 1


def _make(org, people, n, start=0):
    for i in range(start, start + n):
        account(
            org,
            people["coordinator"],
            name=f"账号名称{i}",
            unit=[org["police"], org["land"]][i % 2],
        )


@pytest.mark.parametrize("url_name", ["media:list", "media_campaigns:list"])
def test_list_pages_run_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries, url_name
):
    client = login(people["coordinator"])
    _make(org, people, 3)
    campaign(org, people["coordinator"], name="整治0")
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    _make(org, people, 30, start=3)
    for i in range(1, 20):
        campaign(org, people["coordinator"], name=f"整治{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse(url_name)).content.decode()
    assert page.count("账号名称") >= 30 or page.count("整治") >= 20


@pytest.mark.parametrize("url_name", ["media:export", "media_campaigns:export"])
def test_exports_run_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries, url_name
):
    client = login(people["coordinator"])
    _make(org, people, 3)
    campaign(org, people["coordinator"], name="整治0")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url_name)).getvalue()
    _make(org, people, 30, start=3)
    for i in range(1, 20):
        campaign(org, people["coordinator"], name=f"整治{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = client.get(reverse(url_name)).getvalue()
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert len(rows) - 1 in (33, 20)
