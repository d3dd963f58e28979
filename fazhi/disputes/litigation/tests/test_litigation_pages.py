"""行政应诉 pages and API: permissions across units and counties, the web and API write paths'
audit rows, masking, and list pages whose query count does not grow with the rows."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEntry
from fazhi.disputes.litigation.models import Lawsuit, Status

from .factories import lawsuit

D = dt.date


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_units_see_their_own_lawsuits_and_other_counties_get_404(org, people, login):
    police_case = lawsuit(org, people["police_staff"], plaintiff_id_number="11010519491231002X")
    gov_case = lawsuit(
        org,
        people["coordinator"],
        defendant=org["mile"],
        unit=org["justice"],
        number="(2021)云25行初1号",
        court="红河哈尼族彝族自治州中级人民法院",
    )
    client = login(people["police_staff"])
    page = client.get(reverse("litigation:list")).content.decode()
    assert police_case.number in page and gov_case.number not in page
    detail = client.get(police_case.get_absolute_url()).content.decode()
    assert "1101**********002X" in detail and "11010519491231002X" not in detail
    assert client.get(gov_case.get_absolute_url()).status_code == 404
    client = login(people["land_staff"])
    assert client.get(police_case.get_absolute_url()).status_code == 404
    client = login(people["kaiyuan_staff"])
    assert client.get(police_case.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("litigation:step", args=[police_case.pk, "answer"]),
            {"answer-on": "2021-09-20"},
        ).status_code
        == 404
    )
    client = login(people["leader"])  # sees the subtree, cannot act
    assert client.get(gov_case.get_absolute_url()).status_code == 200
    assert (
        client.post(
            reverse("litigation:step", args=[gov_case.pk, "answer"]),
            {"answer-on": "2021-09-20"},
        ).status_code
        == 403
    )
    assert Lawsuit.objects.get(pk=gov_case.pk).status == Status.RECEIVED


def test_web_registration_and_steps_leave_audit_rows(org, people, login):
    client = login(people["coordinator"])
    response = client.post(
        reverse("litigation:new"),
        {
            "number": "(2021)云25行初3号",
            "court": "红河哈尼族彝族自治州中级人民法院",
            "instance": "first",
            "cause": "房屋征收决定",
            "plaintiff_type": "person",
            "plaintiff_name": "李四",
            "defendant": org["mile"].pk,
            "copy_received_on": "2021-09-16",
        },
    )
    case = Lawsuit.objects.get(number="(2021)云25行初3号")
    assert response.status_code == 302
    assert (case.unit, case.answer_due_on) == (org["justice"], D(2021, 10, 8))
    # The 司法局's 审核人员 handles the suit against the government that the coordinator registered.
    client = login(people["reviewer"])
    url = reverse("litigation:step", args=[case.pk, "answer"])
    assert client.post(url, {"answer-on": "2021-09-28"}).status_code == 302
    url = reverse("litigation:step", args=[case.pk, "hearing"])
    refused = client.post(
        url, {"hearing-on": "2021-10-20", "hearing-excuse": "duty", "hearing-lawyer_name": "王律师"}
    )
    assert refused.status_code == 422 and "不得仅委托律师" in refused.content.decode()
    ok = client.post(
        url,
        {
            "hearing-on": "2021-10-20",
            "hearing-head_appeared": "on",
            "hearing-head_name": "杨副市长",
            "hearing-head_post": "副市长",
            "hearing-head_rank": "deputy",
        },
    )
    assert ok.status_code == 302
    rows = AuditEntry.objects.filter(object_type="litigation.Lawsuit", object_id=str(case.pk))
    assert list(rows.order_by("id").values_list("action", "channel", "actor")) == [
        ("登记应诉", "web", people["coordinator"].pk),
        ("提交答辩状和证据", "web", people["reviewer"].pk),
        ("登记开庭及出庭情况", "web", people["reviewer"].pk),
    ]
    # The history shows the step's details under its form's labels.
    page = client.get(case.get_absolute_url()).content.decode()
    assert "出庭负责人姓名：杨副市长" in page


def _make(org, people, n, start=0):
    for i in range(start, start + n):
        lawsuit(org, people["police_staff"], number=f"(2021)云2504行初{i + 100}号")


def test_list_page_runs_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(people["coordinator"])
    _make(org, people, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("litigation:list")).status_code == 200
    _make(org, people, 30, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("litigation:list")).content.decode()
    assert page.count("行初") >= 33


def test_api_uses_the_same_services_and_masks(org, people, client):
    client.force_login(people["police_staff"])
    response = client.post(
        "/api/litigation/records",
        content_type="application/json",
        data={
            "number": "(2021)云2504行初7号",
            "court": "弥勒市人民法院",
            "cause": "治安管理处罚",
            "plaintiff_type": "person",
            "plaintiff_name": "钱七",
            "plaintiff_id_number": "11010519491231002X",
            "defendant": "532504-gaj",
            "copy_received_on": "2021-09-16",
            "instance": "first",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["plaintiff_id_number"] == "1101**********002X"
    assert (body["next_due_on"], body["defendant"], body["unit"]) == (
        "2021-10-08",
        "532504-gaj",
        "532504-gaj",
    )
    refused = client.post(
        f"/api/litigation/records/{body['id']}/appeal",
        content_type="application/json",
        data={"on": "2021-10-01", "by": "plaintiff", "confirmed": True},
    )
    assert refused.status_code == 422 and "收到应诉通知" in refused.json()["detail"]
    ok = client.post(
        f"/api/litigation/records/{body['id']}/answer",
        content_type="application/json",
        data={"on": "2021-09-28"},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "answered"
    assert list(
        AuditEntry.objects.filter(
            object_id=str(body["id"]), object_type="litigation.Lawsuit"
        ).values_list("channel", flat=True)
    ) == ["api", "api"]
    client.force_login(people["kaiyuan_staff"])
    assert client.get(f"/api/litigation/records/{body['id']}").status_code == 404
    client.force_login(people["coordinator"])
    listed = client.get("/api/litigation/records", {"status": "answered"}).json()
    assert [r["id"] for r in listed["items"]] == [body["id"]] and listed["next"] is None


def test_second_instance_registered_in_the_browser_forms(org, people, login):
    from fazhi.core.audit import Channel
    from fazhi.disputes.litigation import services
    from fazhi.disputes.litigation.models import Instance, Result

    from .factories import decided

    staff = people["police_staff"]
    first = decided(org, staff, result=Result.REVOKED)
    services.appeal(staff, Channel.WEB, first, on=dt.date(2021, 11, 15), by="defendant")
    client = login(staff)
    form = {
        "number": "(2021)云25行终9号",
        "court": "红河哈尼族彝族自治州中级人民法院",
        "instance": "second",
        "cause": first.cause,
        "plaintiff_type": first.plaintiff_type,
        "plaintiff_name": first.plaintiff_name,
        "defendant": first.defendant_id,
        "copy_received_on": "2021-12-01",
    }
    missing = client.post(reverse("litigation:new"), form | {"previous_number": "(2021)无此号"})
    assert "未在本平台登记" in missing.content.decode()
    response = client.post(reverse("litigation:new"), form | {"previous_number": first.number})
    second = Lawsuit.objects.get(number="(2021)云25行终9号")
    assert response.status_code == 302
    assert (second.instance, second.previous_id) == (Instance.SECOND, first.pk)


def test_export_runs_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(people["coordinator"])
    _make(org, people, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("litigation:export"))
    _make(org, people, 20, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("litigation:export"))
    assert response.getvalue().startswith(b"PK")
