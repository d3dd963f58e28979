"""依申请公开 pages: the public form and tracking page (no personal data, rate limits), staff
permissions across units, the web write path, query budgets of the list."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.models import AuditEntry
from fazhi.oversight.disclosure.models import DisclosureRequest, ReceiptChannel, Status

from .factories import ID_NUMBER, received

D = dt.date


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()  # the rate limits live in the cache (a database table)
    yield
    cache.clear()


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def _portal_form(org, **overrides):
    return {
        "agency": org["police"].pk,
        "applicant_type": "person",
        "applicant_name": "王小明",
        "applicant_id_number": ID_NUMBER,
        "applicant_phone": "13900001111",
        "applicant_address": "弥勒市弥阳街道温泉路1号",
        "description": "2021年本市道路交通事故统计数据",
        "format_wanted": "email",
        "delivery_email": "wangxm@example.com",
        **overrides,
    }


def test_public_form_registers_through_the_service_and_shows_number_and_code(org, client):
    response = client.post(reverse("disclosure:apply"), _portal_form(org), follow=True)
    page = response.content.decode()
    request = DisclosureRequest.objects.get()
    assert request.channel == ReceiptChannel.WEB and request.status == Status.PROCESSING
    assert request.number in page and request.check_code in page
    entry = AuditEntry.objects.get(
        object_type="disclosure.DisclosureRequest", object_id=str(request.pk)
    )
    assert (entry.channel, entry.actor_label) == ("web", "申请人(门户网站)")


def test_public_form_refuses_bad_input_in_chinese(org, client):
    response = client.post(
        reverse("disclosure:apply"), _portal_form(org, applicant_id_number="532526198001010010")
    )
    assert "校验码" in response.content.decode()
    assert not DisclosureRequest.objects.exists()


def test_public_form_is_rate_limited_per_address(org, client, settings):
    settings.FAZHI_DISCLOSURE_APPLY_LIMIT = 2
    for _ in range(2):
        client.post(reverse("disclosure:apply"), _portal_form(org))
    response = client.post(reverse("disclosure:apply"), _portal_form(org))
    assert "过于频繁" in response.content.decode()
    assert DisclosureRequest.objects.count() == 2


def test_public_form_needs_csrf(org):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("disclosure:apply"), _portal_form(org))
    assert response.status_code == 403


def test_tracking_page_shows_progress_and_no_personal_data(org, people, client):
    request = received(org, people["police_staff"])
    response = client.post(
        reverse("disclosure:track"), {"number": request.number, "code": request.check_code}
    )
    page = response.content.decode()
    assert "办理中" in page and "2021-11-01" in page
    for secret in ("张三", ID_NUMBER, "13812345678", "髯翁路", "招标文件"):
        assert secret not in page
    wrong = client.post(reverse("disclosure:track"), {"number": request.number, "code": "AAAAAA"})
    assert "不正确" in wrong.content.decode() and "办理中" not in wrong.content.decode()


def test_staff_of_another_county_see_nothing(org, people, login):
    request = received(org, people["police_staff"])
    client = login(people["kaiyuan_staff"])
    assert client.get(request.get_absolute_url()).status_code == 404
    assert request.number not in client.get(reverse("disclosure:list")).content.decode()
    client = login(people["land_staff"])  # another unit of the same city
    assert client.get(request.get_absolute_url()).status_code == 404


def test_detail_masks_personal_data_until_revealed_with_an_audit_row(org, people, login):
    request = received(org, people["police_staff"])
    client = login(people["police_staff"])
    page = client.get(request.get_absolute_url()).content.decode()
    assert ID_NUMBER not in page and "13812345678" not in page and "髯翁路" not in page
    page = client.post(reverse("disclosure:reveal", args=[request.pk])).content.decode()
    assert ID_NUMBER in page and "髯翁路" in page
    assert AuditEntry.objects.filter(object_id=str(request.pk), action="查看完整个人信息").exists()


def test_staff_entry_and_reply_through_pages(org, people, login):
    client = login(people["police_staff"])
    new_page = client.get(reverse("disclosure:new")).content.decode()
    assert "第三十一条" in new_page  # the registration's intro
    response = client.post(
        reverse("disclosure:new"),
        _portal_form(org)
        | {"channel": "registered", "submitted_on": "2021-09-24", "received_on": "2021-09-28"},
    )
    request = DisclosureRequest.objects.get()
    assert response.status_code == 302 and request.received_on == D(2021, 9, 28)
    step = reverse("disclosure:step", args=[request.pk, "reply"])
    reply = {"reply-on": "2021-10-08", "reply-situation": "36_2", "reply-result": ""}
    assert client.post(step, reply).status_code == 422  # a concluding step is confirmed first
    response = client.post(step, reply | {"reply-confirmed": "on"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.REPLIED and request.on_time
    # Concluded now: the page offers no more than the record of a 复议/诉讼, and a step posted
    # anyway is refused, changing nothing.
    page = client.get(request.get_absolute_url()).content.decode()
    assert "登记复议/诉讼" in page and "通知补正" not in page
    response = client.post(
        reverse("disclosure:step", args=[request.pk, "correction"]),
        {"correction-on": "2021-10-08", "correction-items": "x", "correction-due_on": "2021-10-20"},
    )
    assert response.status_code == 422 and "未能办理“通知补正”" in response.content.decode()
    assert DisclosureRequest.objects.get().status == Status.REPLIED


def test_a_refused_step_shows_the_reason(org, people, login):
    request = received(org, people["police_staff"])
    client = login(people["coordinator"])  # holds the authority: takes the step directly
    response = client.post(
        reverse("disclosure:step", args=[request.pk, "extend"]),
        {"extend-on": "2021-11-02", "extend-workdays": "20", "extend-reason": "检索量大"},
    )
    assert response.status_code == 422 and "已于2021-11-01届满" in response.content.decode()


def test_list_query_count_does_not_grow_with_rows(org, people, login):
    staff = people["coordinator"]
    client = login(staff)
    received(org, staff)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("disclosure:list")).status_code == 200
    for day in range(1, 15):
        received(org, staff, agency="land" if day % 2 else "police", submitted_on=D(2021, 9, day))
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("disclosure:list")).content.decode()
    assert page.count("弥公开〔2021〕") >= 15
    assert len(many) <= len(one)  # more rows, no more queries (a warm page may read less)
    assert reverse("disclosure:annual_table") in page  # the table's own page, linked


def test_export_query_count_does_not_grow_with_rows(org, people, login):
    staff = people["coordinator"]
    client = login(staff)
    received(org, staff)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("disclosure:export")).status_code == 200
    for day in range(1, 15):
        received(org, staff, agency="land" if day % 2 else "police", submitted_on=D(2021, 9, day))
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("disclosure:export")).status_code == 200
    assert len(many) <= len(one)  # more rows, no more queries (a warm page may read less)


def test_annual_table_page(org, people, login):
    received(org, people["police_staff"])
    client = login(people["coordinator"])
    text = client.get(reverse("disclosure:annual_table") + "?year=2021").content.decode()
    assert "本年新收政府信息公开申请数量" in text and "已核对一致" in text
    # A year that is not one of the offered ones is refused in Chinese, not a server error.
    for year in ("0", "99999", "9" * 20, "abc"):
        response = client.get(reverse("disclosure:annual_table"), {"year": year})
        assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
