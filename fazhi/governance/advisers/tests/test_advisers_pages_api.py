"""The 法律顾问 ledgers as pages and API: scope (another unit or county sees nothing: 404),
personal data masked (the reveal is audited), the contract attached with the kernel's attachments,
creation and a step through the API, and list pages whose query count does not grow."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.models import AuditEntry
from fazhi.governance.advisers.models import Engagement, EngagementStatus, WorkEntry

from .factories import LICENCE, adviser, engagement, today, work

DAY = dt.timedelta(days=1)


@pytest.fixture
def login(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def test_another_unit_and_another_county_see_nothing(org, people, login):
    e = engagement(org, people["police_staff"])
    line = work(org, people["police_staff"], of=e)
    for persona in ("land_staff", "kaiyuan_staff"):
        client = login(people[persona])
        assert client.get(e.get_absolute_url()).status_code == 404
        assert client.get(line.get_absolute_url()).status_code == 404
        assert client.get(f"/api/advisers/engagements/records/{e.pk}").status_code == 404
        assert client.get("/api/advisers/work/records").json()["items"] == []
    assert login(people["kaiyuan_staff"]).get(e.adviser.get_absolute_url()).status_code == 404
    # the city's leader sees them
    assert login(people["leader"]).get(e.get_absolute_url()).status_code == 200


def test_licence_and_phone_are_masked_and_the_reveal_is_audited(org, people, login):
    a = adviser(org, people["police_staff"])
    client = login(people["police_staff"])
    page = client.get(a.get_absolute_url()).content.decode()
    assert LICENCE not in page and "13987654321" not in page
    assert "1532*********3456" in page and "139****4321" in page
    api = client.get(f"/api/advisers/register/records/{a.pk}").json()
    assert (api["licence_id_number"], api["phone"]) == ("1532*********3456", "139****4321")
    revealed = client.post(reverse("advisers_register:reveal", args=[a.pk])).content.decode()
    assert LICENCE in revealed and "13987654321" in revealed
    assert AuditEntry.objects.filter(action="查看完整个人信息", object_id=str(a.pk)).exists()


def test_the_contract_is_attached_to_the_engagement(org, people, login):
    e = engagement(org, people["police_staff"])
    client = login(people["police_staff"])
    contract = SimpleUploadedFile("法律顾问聘用合同.pdf", b"%PDF-1.4 contract", "application/pdf")
    client.post(reverse("advisers:attach", args=[e.pk]), {"file": contract, "note": "聘用合同"})
    page = client.get(e.get_absolute_url()).content.decode()
    assert "法律顾问聘用合同.pdf" in page
    assert AuditEntry.objects.filter(action="上传附件").count() == 1
    # another unit cannot attach to it
    other = login(people["land_staff"])
    again = SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", "application/pdf")
    assert other.post(reverse("advisers:attach", args=[e.pk]), {"file": again}).status_code == 404


def test_api_engages_renews_and_records_work(org, people, login):
    a = adviser(org, people["police_staff"])
    client = login(people["police_staff"])
    start = today() - 100 * DAY
    created = client.post(
        "/api/advisers/engagements/records",
        {
            "unit": "532504-gaj",
            "adviser": str(a.pk),
            "start_on": start.isoformat(),
            "end_on": (start + 364 * DAY).isoformat(),
            "fee": "30000",
        },
        "application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "engaged"
    refused = client.post(
        f"/api/advisers/engagements/records/{pk}/renew",
        {"end_on": (start + 400 * DAY).isoformat(), "start_on": start.isoformat()},
        "application/json",
    )
    assert refused.status_code == 422 and "应晚于原聘期届满日期" in refused.json()["detail"]
    renewed = client.post(
        f"/api/advisers/engagements/records/{pk}/renew",
        {"end_on": (start + 729 * DAY).isoformat()},
        "application/json",
    )
    assert renewed.status_code == 200 and renewed.json()["renewals"] == 1
    line = client.post(
        "/api/advisers/work/records",
        {
            "engagement": str(pk),
            "done_on": (today() - DAY).isoformat(),
            "kind": "contract",
            "subject": "审核政府采购合同5份",
            "count": 5,
        },
        "application/json",
    )
    assert line.status_code == 201, line.content
    assert WorkEntry.objects.get().count == 5
    channels = AuditEntry.objects.filter(object_type="advisers.Engagement", object_id=str(pk))
    assert list(channels.values_list("channel", flat=True)) == ["api", "api"]
    # another county's staff cannot name this engagement
    kaiyuan = login(people["kaiyuan_staff"])
    foreign = kaiyuan.post(
        "/api/advisers/work/records",
        {
            "engagement": str(pk),
            "done_on": today().isoformat(),
            "kind": "contract",
            "subject": "x",
            "count": 1,
        },
        "application/json",
    )
    assert foreign.status_code in (403, 422) and WorkEntry.objects.count() == 1


def test_the_terminate_step_from_the_page_asks_for_confirmation(org, people, login):
    e = engagement(org, people["police_staff"])
    client = login(people["police_staff"])
    url = reverse("advisers:step", args=[e.pk, "terminate"])
    data = {"terminate-on": today().isoformat(), "terminate-reason": "合同解除"}
    assert client.post(url, data).status_code == 422
    client.post(url, data | {"terminate-confirmed": "on"})
    assert Engagement.objects.get(pk=e.pk).status == EngagementStatus.TERMINATED


def _make(org, people, start, n):
    staff = people["coordinator"]
    for i in range(start, start + n):
        unit = [org["police"], org["land"], org["miyang"]][i % 3]
        who = adviser(
            org, staff, unit=unit, name=f"律师{i}", licence_id_number=f"{15325201500000000 + i}"
        )
        e = engagement(org, staff, unit=unit, who=who)
        work(org, staff, of=e, subject=f"审核合同{i}")


@pytest.mark.parametrize(
    "url_name", ["advisers:list", "advisers_register:list", "advisers_work:list"]
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
    assert page.count("律师") >= 20 or page.count("审核合同") >= 20


def test_the_registers_export_masks_licence_and_phone(org, people, login):
    import io

    from openpyxl import load_workbook

    adviser(org, people["police_staff"])
    content = login(people["coordinator"]).get(reverse("advisers_register:export")).getvalue()
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    cells = [str(c) for row in rows[1:] for c in row if c is not None]
    assert "执业证号" in rows[0] and "联系电话" in rows[0]
    assert LICENCE not in cells and "13987654321" not in cells and "139****4321" in cells
