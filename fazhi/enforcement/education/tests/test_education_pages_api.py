"""The 普法学法 ledgers as pages and API: scope (another unit or county sees nothing: 404),
materials attached with the kernel's attachments, creation and a step through the API, list
pages whose query count does not grow, the portal's 普法责任清单 (no login, no personal data)
and the staff list of items without activity."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.models import AuditEntry
from fazhi.enforcement.education.models import Activity, ActivityStatus, DutyItem

from .factories import activity, item, today

DAY = dt.timedelta(days=1)


@pytest.fixture
def login(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def test_another_unit_and_another_county_see_nothing(org, people, login):
    a = activity(org, people["police_staff"])
    i = item(org, people["police_staff"])
    for persona in ("land_staff", "kaiyuan_staff"):
        client = login(people[persona])
        assert client.get(a.get_absolute_url()).status_code == 404
        assert client.get(i.get_absolute_url()).status_code == 404
        assert client.get(f"/api/education/activities/records/{a.pk}").status_code == 404
        assert client.get("/api/education/activities/records").json()["items"] == []
        assert client.get("/api/education/duties/records").json()["items"] == []
    assert login(people["leader"]).get(a.get_absolute_url()).status_code == 200
    assert login(people["police_staff"]).get(i.get_absolute_url()).status_code == 200


def test_materials_are_attached_to_the_activity(org, people, login):
    a = activity(org, people["police_staff"])
    client = login(people["police_staff"])
    photo = SimpleUploadedFile("活动照片.jpg", b"\xff\xd8\xff\xe0 photo", "image/jpeg")
    client.post(reverse("education:attach", args=[a.pk]), {"file": photo, "note": "现场照片"})
    assert "活动照片.jpg" in client.get(a.get_absolute_url()).content.decode()
    assert AuditEntry.objects.filter(action="上传附件").count() == 1
    other = login(people["land_staff"])
    again = SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", "application/pdf")
    assert other.post(reverse("education:attach", args=[a.pk]), {"file": again}).status_code == 404


def test_api_registers_and_revokes(org, people, login):
    client = login(people["police_staff"])
    created = client.post(
        "/api/education/activities/records",
        {
            "unit": "532504-gaj",
            "kind": "leaflets",
            "held_on": (today() - DAY).isoformat(),
            "title": "发放反诈宣传资料",
            "quantity": 800,
        },
        "application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    refused = client.post(
        "/api/education/activities/records",
        {
            "unit": "532504-gaj",
            "kind": "law_event",
            "held_on": today().isoformat(),
            "title": "送法进校园",
            "quantity": 3,
        },
        "application/json",
    )
    assert refused.status_code == 422 and "不计数量" in refused.json()["detail"]
    revoked = client.post(
        f"/api/education/activities/records/{pk}/revoke",
        {"on": today().isoformat(), "reason": "重复登记", "confirmed": True},
        "application/json",
    )
    assert revoked.status_code == 200, revoked.content
    assert Activity.objects.get(pk=pk).status == ActivityStatus.REVOKED
    channels = AuditEntry.objects.filter(object_type="education.Activity", object_id=str(pk))
    assert list(channels.values_list("channel", flat=True)) == ["api", "api"]
    foreign = login(people["kaiyuan_staff"]).post(
        "/api/education/activities/records",
        {"unit": "532504-gaj", "kind": "law_event", "held_on": today().isoformat(), "title": "x"},
        "application/json",
    )
    assert foreign.status_code in (403, 422) and Activity.objects.count() == 1


def test_the_revoke_step_from_the_page_asks_for_confirmation(org, people, login):
    a = activity(org, people["police_staff"])
    client = login(people["police_staff"])
    url = reverse("education:step", args=[a.pk, "revoke"])
    data = {"revoke-on": today().isoformat(), "revoke-reason": "重复登记"}
    assert client.post(url, data).status_code == 422
    client.post(url, data | {"revoke-confirmed": "on"})
    assert Activity.objects.get(pk=a.pk).status == ActivityStatus.REVOKED


def test_the_correct_form_starts_from_the_activity(org, people, login):
    staff = people["police_staff"]
    a = activity(org, staff, title="送法进校园——弥阳一小")
    item(org, staff, laws="《本年度的清单事项》")
    item(org, staff, laws="《上年度的清单事项》", year=today().year - 1)
    client = login(staff)
    page = client.get(a.get_absolute_url()).content.decode()
    assert 'value="送法进校园——弥阳一小"' in page and "更正原因" in page
    assert "《本年度的清单事项》" in page and "《上年度的清单事项》" not in page
    url = reverse("education:step", args=[a.pk, "correct"])
    data = {"kind": "law_event", "held_on": a.held_on.isoformat(), "title": "送法进校园——弥阳二小"}
    client.post(url, {f"correct-{k}": v for k, v in (data | {"reason": "校名写错"}).items()})
    a.refresh_from_db()
    assert (a.title, a.corrections, a.attendance) == ("送法进校园——弥阳二小", 1, None)


def test_the_registration_pages_render(org, people, login):
    client = login(people["police_staff"])
    for name in ("education:new", "education_duties:new"):
        page = client.get(reverse(name))
        assert page.status_code == 200 and "普法" in page.content.decode()


def _make(org, people, start, n):
    staff = people["coordinator"]
    for k in range(start, start + n):
        unit = [org["police"], org["land"], org["miyang"]][k % 3]
        published = item(org, staff, unit=unit, laws=f"法律{k}")
        activity(org, staff, unit=unit, title=f"送法活动{k}", duty_item=published)


@pytest.mark.parametrize("url_name", ["education:list", "education_duties:list"])
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
    assert page.count("送法活动") >= 20 or page.count("法律") >= 20


def test_the_items_ledger_shows_which_items_have_no_activity(org, people, login):
    staff = people["police_staff"]
    done = item(org, staff, laws="《道路交通安全法》")
    item(org, staff, laws="《禁毒法》")
    activity(org, staff, duty_item=done, held_on=today().replace(month=1, day=1))
    client = login(staff)
    listing = client.get(reverse("education_duties:list")).content.decode()
    assert "未开展" in listing and "1场(次)" in listing
    page = client.get(reverse("education_duties:undone")).content.decode()
    assert "《禁毒法》" in page and "《道路交通安全法》" not in page
    # another county's staff sees none of the city's
    assert (
        "《禁毒法》"
        not in login(people["kaiyuan_staff"])
        .get(reverse("education_duties:undone"))
        .content.decode()
    )


def test_the_public_list_shows_published_items_and_no_personal_data(org, people, client):
    staff = people["police_staff"]
    item(
        org,
        staff,
        laws="《中华人民共和国道路交通安全法》",
        measures="送法进校园；咨询电话 13987654321，身份证 532526199001011234",
    )
    item(org, staff, laws="《草拟中的清单》", publish=False)
    item(org, people["kaiyuan_staff"], laws="《开远市的清单》")
    page = client.get(reverse("education_duties:public"), {"year": today().year})
    assert page.status_code == 200  # no login
    text = page.content.decode()
    assert "《中华人民共和国道路交通安全法》" in text and "弥勒市公安局" in text
    assert "《草拟中的清单》" not in text and "《开远市的清单》" not in text
    assert "13987654321" not in text and "532526199001011234" not in text
    for name in (staff.full_name, staff.username, people["coordinator"].full_name):
        assert name not in text
    assert DutyItem.objects.count() == 3
