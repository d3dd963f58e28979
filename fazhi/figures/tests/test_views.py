import datetime as dt

from fazhi.disputes.reconsideration.tests.factories import accepted


def test_figures_page_for_overseers_with_record_links(org, people, client):
    case = accepted(org, people["reviewer"], submitted_on=dt.date(2021, 3, 1))
    client.force_login(people["coordinator"])
    page = client.get("/figures/?year=2021").content.decode()
    assert "/figures/rec.accepted/records/?year=2021&amp;unit=532504" in page
    records = client.get("/figures/rec.accepted/records/?year=2021&unit=532504").content.decode()
    assert case.number in records and case.get_absolute_url() in records


def test_figures_refused_to_unit_staff_and_outside_scope(org, people, client):
    client.force_login(people["reviewer"])
    response = client.get("/figures/?year=2021")
    assert response.status_code == 403 and "仅供统筹协调人员和领导" in response.content.decode()
    client.force_login(people["coordinator"])
    assert client.get("/figures/?year=2021&unit=532502").status_code == 404


def test_records_page_runs_a_constant_number_of_queries(
    org, people, client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["coordinator"])
    accepted(org, people["reviewer"], submitted_on=dt.date(2021, 3, 1))
    url = "/figures/rec.accepted/records/?year=2021&unit=532504"
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in range(2, 12):
        accepted(org, people["reviewer"], submitted_on=dt.date(2021, 3, day))
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_absurd_years_answer_404_with_the_reason_not_500(people, client):
    client.force_login(people["coordinator"])
    for year in ("0", "99999", "9" * 20, "-1", "1999"):
        response = client.get("/figures/", {"year": year})
        assert response.status_code == 404, year
    assert client.get("/figures/", {"year": "2021"}).status_code == 200
