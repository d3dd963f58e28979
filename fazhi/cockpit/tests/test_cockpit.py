"""The 驾驶舱: figures beside last year, one figure by unit and by month, open work by unit —
counted from the records, for leaders and the coordinator only."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.cockpit import services
from fazhi.disputes.reconsideration.tests.factories import accepted, received
from fazhi.figures import registry

D = dt.date


@pytest.fixture
def cases(org, people):
    """复议 cases accepted: two in March 2021 (公安局, 自然资源局 respondents), one in 2020."""
    reviewer = people["reviewer"]
    accepted(org, reviewer, submitted_on=D(2021, 3, 1))
    accepted(org, reviewer, submitted_on=D(2021, 3, 8), respondent=org["land"])
    accepted(org, reviewer, submitted_on=D(2020, 6, 1))


def row(rows, figure_id):
    return next(r for r in rows if r.figure.id == figure_id)


def test_each_figure_beside_last_year_with_the_reports_words(org, cases):
    accepted_row = row(services.overview(org["mile"], 2021), "rec.accepted")
    assert (accepted_row.text, accepted_row.previous_text) == ("2件", "1件")
    assert accepted_row.change == "同比增长100.0%"
    rate = registry.get("rec.on_time_rate")
    assert services.change(rate, 95, 90) == "提高5.00个百分点"
    assert services.change(registry.get("rec.accepted"), 3, 0) == "上年为零"


def test_a_county_sees_its_cases_by_respondent_and_a_prefecture_by_county(org, cases):
    by_unit = dict(services.by_unit(registry.get("rec.accepted"), org["mile"], 2021))
    assert by_unit[org["police"]] == 1 and by_unit[org["land"]] == 1
    assert by_unit[org["justice"]] == 0
    by_county = dict(services.by_unit(registry.get("rec.accepted"), org["prefecture"], 2021))
    assert by_county[org["mile"]] == 2 and by_county[org["kaiyuan"]] == 0


def test_by_month_beside_the_same_month_last_year(org, cases):
    months = services.by_month(registry.get("rec.accepted"), org["mile"], 2021)
    assert months[2] == (3, 2, 0) and months[5] == (6, 0, 1)


def test_open_work_is_ranked_by_what_is_overdue(org, people):
    case = received(org, people["reviewer"], submitted_on=D(2021, 3, 1))  # 5 工作日 to decide
    work = services.open_work(org["mile"], case.next_due_on + dt.timedelta(days=1))
    assert [(w.unit, w.overdue, w.due_soon) for w in work] == [(org["justice"], 1, 0)]
    assert services.open_work(org["kaiyuan"], case.next_due_on) == []


def test_the_page_is_for_overseers_and_its_queries_do_not_grow_with_records(
    org, people, client, cases, django_assert_max_num_queries
):
    url = reverse("cockpit:index") + "?year=2021&figure=rec.accepted"
    client.force_login(people["police_staff"])
    assert client.get(url).status_code == 403
    client.force_login(people["leader"])
    with django_assert_max_num_queries(120) as first:
        page = client.get(url)
    data = page.context["charts"]
    names = {u["name"]: u["value"] for u in data["units"]}
    assert names[org["police"].short_name or org["police"].name] == 1.0
    assert data["months"]["current"][2] == 2.0
    assert 'id="cockpit-data"' in page.content.decode()
    for _ in range(5):
        accepted(org, people["reviewer"], submitted_on=D(2021, 4, 1))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def test_an_unknown_figure_or_year_is_refused(org, people, client):
    client.force_login(people["leader"])
    assert client.get(reverse("cockpit:index") + "?figure=nope").status_code == 404
    assert client.get(reverse("cockpit:index") + "?year=99999").status_code == 404


def test_a_leader_lands_on_the_cockpit_and_staff_on_their_workbench(org, people, client):
    login = reverse("login")
    for persona, landing in (("leader", "cockpit:index"), ("reviewer", "core:workbench")):
        client.logout()
        response = client.post(
            login, {"username": people[persona].username, "password": "pass-Fazhi-2021"}
        )
        assert response.status_code == 302 and response.url == reverse(landing), persona
    client.logout()
    response = client.post(
        f"{login}?next=/fuyi/", {"username": "leader", "password": "pass-Fazhi-2021"}
    )
    assert response.url == "/fuyi/"
