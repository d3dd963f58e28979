import datetime as dt

from django.urls import reverse

from fazhi.core.templatetags.deadlines import due_state
from fazhi.disputes.reconsideration.tests.factories import accepted, received


def test_due_states():
    today = dt.date(2021, 10, 8)
    assert due_state(dt.date(2021, 10, 7), today) == "overdue"
    assert due_state(dt.date(2021, 10, 9), today) == "soon"
    assert due_state(dt.date(2021, 11, 9), today) == "ok"
    assert due_state(None, today) == "none"


def test_workbench_lists_my_units_open_cases_with_overdue_marks(org, people, client):
    late = accepted(org, people["reviewer"], submitted_on=dt.date(2021, 3, 1))
    fresh = received(
        org,
        people["reviewer"],
        submitted_on=dt.date.today() - dt.timedelta(days=1),
        applicant_name="新申请人",
    )
    client.force_login(people["reviewer"])
    page = client.get(reverse("core:workbench")).content.decode()
    assert late.number in page and fresh.number in page
    assert "badge overdue" in page and "已逾期" in page
    assert page.index(late.number) < page.index(fresh.number)  # soonest due first
    client.force_login(people["kaiyuan_staff"])
    assert late.number not in client.get(reverse("core:workbench")).content.decode()


def test_missing_next_year_calendar_is_announced_from_october(db):
    from fazhi.core.views import calendar_gap

    assert calendar_gap(dt.date(2026, 11, 29)) == 2027  # chinese-calendar 1.11 stops at 2026
    assert calendar_gap(dt.date(2026, 9, 30)) is None
    assert calendar_gap(dt.date(2025, 11, 29)) is None  # 2026 is known
