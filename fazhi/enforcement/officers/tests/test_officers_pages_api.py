"""The 执法队伍与执法人员 ledgers as pages and API: scope (another unit or county sees nothing:
404), the 身份证号 and phone masked (the reveal is for the officer's own unit and audited), the
printable card whose QR code holds the public verification address, the public verification page
(masked name, validity, 404 for an unknown token, throttled), creation and a step through the
API, and list pages whose query count does not grow."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.enforcement.officers import pages, services
from fazhi.enforcement.officers.models import Certificate, Officer

from .factories import certificate, officer, team

DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()  # the verification page's rate limit lives in the cache
    yield
    cache.clear()


@pytest.fixture
def login(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def today():
    return timezone.localdate()


def test_another_unit_and_another_county_see_nothing(org, people, login):
    o = officer(people["police_staff"])
    c = certificate(people["coordinator"], o)
    for persona in ("land_staff", "kaiyuan_staff"):
        client = login(people[persona])
        assert client.get(o.get_absolute_url()).status_code == 404
        assert client.get(c.get_absolute_url()).status_code == 404
        assert client.get(reverse("officers_certificates:card", args=[c.pk])).status_code == 404
        assert client.get(f"/api/enforcement/officers/records/{o.pk}").status_code == 404
        assert client.get("/api/enforcement/certificates/records").json()["items"] == []
    assert login(people["leader"]).get(o.get_absolute_url()).status_code == 200


def test_id_number_and_phone_are_masked_and_revealed_only_to_the_unit(org, people, login):
    o = officer(people["police_staff"])
    client = login(people["leader"])  # sees the officer, does not handle them
    page = client.get(o.get_absolute_url()).content.decode()
    assert o.id_number not in page and "13987654321" not in page
    assert o.id_number[:4] + "*" * 10 + o.id_number[-4:] in page and "139****4321" in page
    assert client.post(reverse("officers:reveal", args=[o.pk])).status_code in (403, 404)
    coordinator = login(people["coordinator"])  # registers officers, not of their own unit
    assert coordinator.post(reverse("officers:reveal", args=[o.pk])).status_code in (403, 404)
    client = login(people["leader"])
    api = client.get(f"/api/enforcement/officers/records/{o.pk}").json()
    assert o.id_number not in str(api) and api["phone"] == "139****4321"
    staff = login(people["police_staff"])
    revealed = staff.post(reverse("officers:reveal", args=[o.pk])).content.decode()
    assert o.id_number in revealed and "13987654321" in revealed
    assert AuditEntry.objects.filter(action="查看完整个人信息", object_id=str(o.pk)).exists()


def test_the_printable_card_carries_the_qr_code_of_the_verification_address(org, people, login):
    c = certificate(people["coordinator"], officer(people["police_staff"]))
    page = login(people["police_staff"]).get(reverse("officers_certificates:card", args=[c.pk]))
    html = page.content.decode()
    site = (settings.FAZHI_SITE_URL or "http://testserver").rstrip("/")
    url = site + reverse("officers_certificates:verify", args=[c.token])
    assert url in html
    assert c.token in url
    addressed_by = url.rstrip("/").rsplit("/", 1)[-1]
    assert addressed_by == c.token and addressed_by not in (str(c.pk), c.number)
    assert pages.qr_svg(url) in html  # the QR code is that of the token URL, as inline SVG
    assert "<svg" in html and "<img" not in html


def test_the_qr_code_decodes_to_the_token_url(org, people):
    """segno's matrix of the URL equals the matrix the page embeds (the QR holds the URL)."""
    import segno

    c = certificate(people["coordinator"], officer(people["police_staff"]))
    url = "https://fazhi.example.gov.cn" + reverse("officers_certificates:verify", args=[c.token])
    qr = segno.make(url, error="m")
    assert pages.qr_svg(url) == qr.svg_inline(scale=4, border=2)
    assert segno.make(url, error="m").matrix == qr.matrix


def test_the_public_verification_page(org, people, client):
    holder = officer(people["police_staff"], name="张小三")
    c = certificate(people["coordinator"], holder, field="transport")
    url = reverse("officers_certificates:verify", args=[c.token])
    page = client.get(url)  # nobody logged in
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert "张**" in html and "张小三" not in html
    assert c.number in html and "交通运输" in html and "弥勒市人民政府" in html
    assert "今日" in html and "有效。" in html
    assert holder.id_number not in html and holder.phone not in html
    services.suspend(people["coordinator"], Channel.WEB, c, on=today(), reason="违纪")
    assert "无效。" in client.get(url).content.decode()
    missing = client.get(reverse("officers_certificates:verify", args=["no-such-token"]))
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()


def test_the_verification_page_is_throttled(org, people, client, settings):
    settings.FAZHI_CERTIFICATE_VERIFY_LIMIT = 3
    c = certificate(people["coordinator"], officer(people["police_staff"]))
    url = reverse("officers_certificates:verify", args=[c.token])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429 and "查询过于频繁" in refused.content.decode()


def test_api_registers_an_officer_and_the_coordinator_suspends_a_card(org, people, login):
    from .factories import id_number

    staff = login(people["police_staff"])
    created = staff.post(
        "/api/enforcement/officers/records",
        {
            "unit": "532504-gaj",
            "name": "钱七",
            "id_number": id_number(),
            "registered_on": (today() - 10 * DAY).isoformat(),
        },
        "application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    foreign = staff.post(
        "/api/enforcement/officers/records",
        {
            "unit": "532504-zrzyj",
            "name": "孙八",
            "id_number": id_number(),
            "registered_on": today().isoformat(),
        },
        "application/json",
    )
    assert foreign.status_code in (403, 422) and Officer.objects.count() == 1
    c = certificate(people["coordinator"], Officer.objects.get(pk=pk))
    refused = staff.post(
        f"/api/enforcement/certificates/records/{c.pk}/suspend",
        {"on": today().isoformat(), "reason": "违纪"},
        "application/json",
    )
    assert refused.status_code in (403, 422)
    coordinator = login(people["coordinator"])
    done = coordinator.post(
        f"/api/enforcement/certificates/records/{c.pk}/suspend",
        {"on": today().isoformat(), "reason": "违纪"},
        "application/json",
    )
    assert done.status_code == 200, done.content
    assert Certificate.objects.get().status == "suspended"
    channels = AuditEntry.objects.filter(object_type="officers.Officer", object_id=str(pk))
    assert list(channels.values_list("channel", flat=True)) == ["api"]


def test_the_officer_page_lists_certificates_and_training_hours(org, people, login):
    o = officer(people["police_staff"])
    certificate(people["coordinator"], o, number="532504219876")
    html = login(people["police_staff"]).get(o.get_absolute_url()).content.decode()
    assert "532504219876" in html and "培训学时" in html and "不少于60学时" in html


def _make(org, people, start, n):
    coordinator = people["coordinator"]
    for i in range(start, start + n):
        unit = [org["police"], org["land"], org["justice"]][i % 3]
        o = officer(coordinator, unit=unit, name=f"执法员{i}")
        certificate(coordinator, o)
        team(coordinator, unit=unit, name=f"综合执法大队{i}")


@pytest.mark.parametrize(
    "url_name", ["officers:list", "officers_certificates:list", "officers_teams:list"]
)
def test_list_pages_run_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries, url_name
):
    client = login(people["coordinator"])
    _make(org, people, 0, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    _make(org, people, 3, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse(url_name)).content.decode()
    assert (
        page.count("执法员") >= 20 or page.count("综合执法大队") >= 20 or page.count("5325") >= 20
    )
