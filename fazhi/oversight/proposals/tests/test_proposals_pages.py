"""The 建议提案 pages: permissions across units and counties, the web write path, query budgets."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.oversight.proposals import services
from fazhi.oversight.proposals.models import Proposal, Status

from .factories import answered, assigned, received

D = dt.date


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_units_see_what_they_lead_or_assist_and_other_counties_get_404(org, people, login):
    staff = people["reviewer"]  # 司法局 registers and 交办
    led = assigned(org, staff, unit=org["police"], title="关于公安事项的建议")
    assisted = assigned(org, staff, unit=org["miyang"], co_units=[org["police"]], title="协办件")
    other = assigned(org, staff, unit=org["land"], title="自然资源件")
    police = login(people["police_staff"])
    page = police.get(reverse("proposals:list")).content.decode()
    assert "关于公安事项的建议" in page and "协办件" in page and "自然资源件" not in page
    assert police.get(other.get_absolute_url()).status_code == 404
    # a 协办 unit reads but does not answer; the 主办 unit answers
    page = police.get(assisted.get_absolute_url()).content.decode()
    assert "本建议提案对您只读" in page
    response = police.post(
        reverse("proposals:step", args=[assisted.pk, "answer"]),
        {"answer-on": "2021-04-01", "answer-category": "A"},
    )
    assert response.status_code == 403
    assert Proposal.objects.get(pk=assisted.pk).status == Status.ASSIGNED
    assert police.get(led.get_absolute_url()).status_code == 200
    kaiyuan = login(people["kaiyuan_staff"])
    assert kaiyuan.get(led.get_absolute_url()).status_code == 404
    assert "关于公安事项" not in kaiyuan.get(reverse("proposals:list")).content.decode()
    leader = login(people["leader"])
    page = leader.get(reverse("proposals:list")).content.decode()
    assert "自然资源件" in page and "协办件" in page


def test_register_assign_answer_rate_through_pages_leaves_web_audit_rows(org, people, login):
    client = login(people["reviewer"])  # the registering office
    response = client.post(
        reverse("proposals:new"),
        {
            "source": "cppcc",
            "year": "2021",
            "number": "15",
            "title": "关于加强饮用水源地保护的提案",
            "proposers": "何芳",
            "received_on": "2021-01-18",
        },
    )
    p = Proposal.objects.get()
    assert response.status_code == 302 and response.url == p.get_absolute_url()
    assert (p.office, p.government) == (org["justice"], org["mile"])
    client.post(
        reverse("proposals:step", args=[p.pk, "assign"]),
        {
            "assign-on": "2021-03-02",
            "assign-unit": org["land"].pk,
            "assign-co_units": [org["miyang"].pk],
        },
    )
    land = login(people["land_staff"])  # the 主办 unit answers
    land.post(
        reverse("proposals:step", args=[p.pk, "answer"]),
        {"answer-on": "2021-04-20", "answer-category": "A", "answer-summary": "已采纳"},
    )
    client = login(people["reviewer"])  # the office records the 委员's rating
    refused = client.post(
        reverse("proposals:step", args=[p.pk, "rate"]),
        {"rate-on": "2021-04-01", "rate-satisfaction": "satisfied"},
    )
    assert refused.status_code == 422 and "不能早于" in refused.content.decode()
    client.post(
        reverse("proposals:step", args=[p.pk, "rate"]),
        {"rate-on": "2021-04-28", "rate-satisfaction": "satisfied"},
    )
    p.refresh_from_db()
    assert (p.status, p.unit, p.due_on, p.closed_on) == (
        Status.CLOSED,
        org["land"],
        D(2021, 6, 2),
        D(2021, 4, 28),
    )
    rows = AuditEntry.objects.filter(object_type=p._meta.label, object_id=str(p.pk))
    assert list(rows.order_by("id").values_list("action", "channel")) == [
        ("收到建议提案", "web"),
        ("交办", "web"),
        ("答复", "web"),
        ("登记满意度", "web"),
    ]
    page = client.get(p.get_absolute_url()).content.decode()
    assert "A类(已解决或采纳)" in page and "满意" in page


def _make(org, people, n):
    for _ in range(n):
        received(org, people["reviewer"])  # offered to the office for 交办 in bulk
    for _ in range(n):
        answered(org, people, co_units=[org["miyang"], org["land"]])


@pytest.mark.parametrize("who", ["reviewer", "coordinator", "police_staff"])
def test_list_page_runs_a_constant_number_of_queries(org, people, login, who):
    client = login(people[who])
    _make(org, people, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("proposals:list")).status_code == 200
    _make(org, people, 30)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("proposals:list")).content.decode()
    assert len(many.captured_queries) <= len(few.captured_queries)  # a warm page may read less
    assert page.count("市公安局") >= 30 or page.count("弥勒市公安局") >= 30
    with CaptureQueriesContext(connection) as export:
        assert client.get(reverse("proposals:export")).status_code == 200
    _make(org, people, 10)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("proposals:export"))
    assert len(more.captured_queries) <= len(export.captured_queries)


def test_detail_page_of_a_merged_group(org, people, login):
    staff = people["reviewer"]
    lead = assigned(org, staff)
    member = received(org, staff, title="并入件")
    services.merge(staff, Channel.WEB, lead, on=D(2021, 3, 5), members=[member])
    client = login(people["police_staff"])  # the 主办 unit answers the main one for both
    assert "并入件" in client.get(lead.get_absolute_url()).content.decode()
    assert (
        reverse("proposals:step", args=[lead.pk, "answer"])
        in client.get(lead.get_absolute_url()).content.decode()
    )
    page = client.get(member.get_absolute_url()).content.decode()
    assert "一并办理" in page and reverse("proposals:step", args=[member.pk, "answer"]) not in page
