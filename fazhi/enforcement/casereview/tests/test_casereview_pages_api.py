"""案卷评查 as pages and API: the campaign page (rubric, the draw's public page and its 核验, the
results by department), a department sees only its own files and results (page and export),
another county sees nothing (404), a draw the kernel refuses shows its Chinese message, the
scoring form refuses points above an item's 分值, creation and a step through the API, and list
pages whose query count does not grow."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.audit import Channel
from fazhi.core.ledger import keyset
from fazhi.core.models import AuditEntry
from fazhi.enforcement.casereview import services
from fazhi.enforcement.casereview.models import Campaign, CampaignStatus, FileStatus, ReviewFile

from .factories import COMMITMENT, assign, campaign, closed_case, drawn, full_marks

W = Channel.WEB
D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def reviewed(org, people):
    """A campaign over 公安局 and 自然资源局, one file each, both scored."""
    closed_case(org, people["police_staff"])
    closed_case(org, people["land_staff"], unit=org["land"], n=7, field="natural_resources")
    c = drawn(org, people, departments=[org["police"], org["land"]])
    for f in c.files.all():
        services.score(people["reviewer"], W, f, scored_on=D(2025, 9, 1), **full_marks(f, less=4))
    return c


def test_the_campaign_page_shows_the_rubric_the_draw_and_the_results(org, people, login, reviewed):
    page = login(people["coordinator"]).get(reviewed.get_absolute_url()).content.decode()
    assert "事实清楚、证据确凿" in page and "已随抽取公示冻结" in page
    assert reverse("draws:draw", args=[reviewed.draw_id]) in page
    assert "核验通过" in page
    assert "弥勒市公安局" in page and "弥勒市自然资源局" in page and "96.0" in page
    assert reverse("casereview:results_export", args=[reviewed.pk]) in page


def test_a_department_sees_only_its_own_files_and_results(org, people, login, reviewed):
    police_file = reviewed.files.get(unit=org["police"])
    land_file = reviewed.files.get(unit=org["land"])
    client = login(people["police_staff"])
    page = client.get(reviewed.get_absolute_url()).content.decode()
    assert "弥勒市公安局" in page and "弥勒市自然资源局</td>" not in page
    assert client.get(police_file.get_absolute_url()).status_code == 200
    assert client.get(land_file.get_absolute_url()).status_code == 404
    content = client.get(reverse("casereview:results_export", args=[reviewed.pk])).getvalue()
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert rows[0][:3] == ("执法部门", "案号", "案由(事项)")
    assert [r[0] for r in rows[1:]] == ["弥勒市公安局"]
    api = client.get("/api/casereview/files/records").json()["items"]
    assert [i["id"] for i in api] == [police_file.pk]
    # the coordinator's export has both
    content = login(people["coordinator"]).get(
        reverse("casereview:results_export", args=[reviewed.pk])
    )
    rows = list(load_workbook(io.BytesIO(content.getvalue())).active.values)
    assert sorted(r[0] for r in rows[1:]) == ["弥勒市公安局", "弥勒市自然资源局"]


def test_another_county_sees_nothing(org, people, login, reviewed):
    client = login(people["kaiyuan_staff"])
    assert client.get(reviewed.get_absolute_url()).status_code == 404
    assert client.get(reviewed.files.first().get_absolute_url()).status_code == 404
    assert client.get(reverse("casereview:results_export", args=[reviewed.pk])).status_code == 404
    assert client.get("/api/casereview/records").json()["items"] == []


def test_a_draw_the_kernel_refuses_shows_its_message_on_the_page(org, people, login):
    closed_case(org, people["police_staff"])
    c = campaign(org, people, per_department=3)
    client = login(people["coordinator"])
    response = client.post(
        reverse("casereview:step", args=[c.pk, "commit"]),
        {
            "commit-seed_method": "commit_reveal",
            "commit-seed_commitment": COMMITMENT,
            "commit-on": "2025-08-04",
            "commit-confirmed": "on",
        },
    )
    page = response.content.decode()
    assert "无法公示抽取" in page and "弥勒市公安局" in page
    assert Campaign.objects.get(pk=c.pk).status == CampaignStatus.PLANNING


def test_the_scoring_form_refuses_points_above_an_items_maximum(org, people, login):
    closed_case(org, people["police_staff"])
    file = drawn(org, people).files.get()
    client = login(people["reviewer"])
    page = client.get(file.get_absolute_url()).content.decode()
    assert "主体合法(满分10)" in page
    data = {f"score-{k}": str(v) for k, v in full_marks(file).items()}
    first = file.campaign.items.first()
    data |= {"score-scored_on": "2025-09-01", f"score-item_{first.pk}": "11"}
    url = reverse("casereview_files:step", args=[file.pk, "score"])
    refused = client.post(url, data)
    assert refused.status_code == 422
    file.refresh_from_db()
    assert file.status == FileStatus.PENDING
    client.post(url, data | {f"score-item_{first.pk}": "9.5"})
    file.refresh_from_db()
    assert file.status == FileStatus.SCORED and str(file.total) == "99.5"
    # the police's own staff is not offered the step on its own unit's file
    own = login(people["police_staff"]).post(url, data)
    assert own.status_code in (403, 404, 422)


def test_api_creates_a_campaign_and_edits_its_rubric(org, people, login):
    assign(org)
    client = login(people["coordinator"])
    created = client.post(
        "/api/casereview/records",
        {
            "title": "2025年度行政执法案卷评查",
            "year": 2025,
            "departments": ["532504-gaj", "532504-zrzyj"],
            "per_department": 2,
            "reviewers": ["reviewer"],
            "rubric": "主体合法 40\n程序合法 60",
            "planned_on": "2025-08-01",
        },
        "application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    c = Campaign.objects.get(pk=pk)
    assert c.departments.count() == 2 and c.items.count() == 2
    refused = client.post(
        f"/api/casereview/records/{pk}/rubric", {"rubric": "主体合法"}, "application/json"
    )
    assert refused.status_code == 422 and "无法识别" in refused.json()["detail"]
    done = client.post(
        f"/api/casereview/records/{pk}/rubric", {"rubric": "总分 100"}, "application/json"
    )
    assert done.status_code == 200, done.content
    assert [i.name for i in c.items.all()] == ["总分"]
    channels = AuditEntry.objects.filter(object_type="casereview.Campaign", object_id=str(pk))
    assert list(channels.values_list("channel", flat=True)) == ["api", "api"]
    # another county's 司法局 cannot take the step
    foreign = login(people["kaiyuan_staff"]).post(
        f"/api/casereview/records/{pk}/rubric", {"rubric": "总分 100"}, "application/json"
    )
    assert foreign.status_code == 404


def _campaigns(org, people, n):
    for _ in range(n):
        campaign(org, people)


def test_the_campaign_list_runs_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries
):
    client = login(people["coordinator"])
    _campaigns(org, people, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("casereview:list")).status_code == 200
    _campaigns(org, people, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("casereview:list")).content.decode()
    assert page.count("2025年度行政执法案卷评查") >= 12


def test_the_file_list_runs_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries
):
    for n in range(6):
        closed_case(org, people["police_staff"], n=n + 1)
    client = login(people["coordinator"])
    drawn(org, people, per_department=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("casereview_files:list")).status_code == 200
    c = Campaign.objects.get()
    # a second campaign draws five files from the same pool
    second = drawn(org, people, per_department=5)
    assert second.files.count() == 5 and c.files.count() == 1
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("casereview_files:list")).content.decode()
    assert page.count("弥公(治)立字") >= 6


def test_a_reviewer_scores_a_file_through_the_api(org, people, login):
    """The score step's fields are made per rubric item: the API takes them by the page form's
    names (documented on the operation), refuses points above an item's 分值, and ignores names
    that are not the file's fields."""
    closed_case(org, people["police_staff"])
    c = drawn(org, people, departments=[org["police"]])
    file = c.files.get()
    url = f"/api/casereview/files/records/{file.pk}/score"
    client = login(people["reviewer"])
    marks = {k: str(v) for k, v in full_marks(file, less=4).items()}
    first = next(k for k in marks if k.startswith("item_"))
    body = {"scored_on": "2025-09-01", **marks, first: "999", "status": "closed"}
    refused = client.post(url, body, "application/json")
    assert refused.status_code == 422
    file.refresh_from_db()
    assert file.status == FileStatus.PENDING and file.total is None
    done = client.post(url, {**body, first: marks[first]}, "application/json")
    assert done.status_code == 200, done.content
    file.refresh_from_db()
    assert file.status == FileStatus.SCORED and file.total == file.max_total - 4
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    [score_in] = [s for name, s in schema.items() if name.endswith("ScoreIn")]
    assert score_in["additionalProperties"] is True and "item_<项目编号>" in score_in["description"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cursor", ["99999999999999999999~1", "-99999999999999999999~1", "nan~1", "1e400~1"]
)
def test_a_number_cursor_beyond_the_columns_range_is_refused_not_sent_to_the_database(cursor):
    """A cursor on an integer or decimal sort column (年度, 人数, 得分率 …) is checked against
    the column's own range: a 20-digit year reached the database and answered 500."""
    for model, sort in ((Campaign, "-year"), (ReviewFile, "percent")):
        with pytest.raises(keyset.BadCursor):
            keyset.page(model.objects.all(), sort, after=cursor, size=3)
