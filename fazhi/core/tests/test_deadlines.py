"""A corrected holiday notice moves the stored due dates it touches (issue 7, calendar changes).

Before, a due date computed under one calendar stayed as it was when the coordinator entered or
corrected the year's notice: an 依申请公开 reply due on a day that became a holiday stayed there.
"""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.core.calendar import get_calendar, library_schedules
from fazhi.core.deadlines import calendar_now, changed_days
from fazhi.core.models import AuditEntry, DeadlineMove
from fazhi.core.services import enter_calendar_year
from fazhi.oversight.disclosure.tests.factories import received

pytestmark = pytest.mark.django_db

EXTRA_HOLIDAY = dt.date(2021, 10, 12)  # a Tuesday inside the requests' 20 工作日


def notice_2021(coordinator, *extra_holidays: dt.date):
    """The 2021 notice as the library has it, with more days off (a late correction)."""
    schedule = library_schedules()[2021]
    return enter_calendar_year(
        coordinator,
        Channel.WEB,
        year=2021,
        notice="国办发明电〔2020〕27号",
        holidays=[(d, "节日") for d in sorted(schedule.holidays | set(extra_holidays))],
        workdays=[(d, "调休上班") for d in sorted(schedule.workdays)],
    )


def test_a_day_made_a_holiday_moves_the_open_requests_reply_due_by_one_working_day(org, people):
    request = received(org, people["police_staff"])
    before = request.reply_due_on
    assert before > EXTRA_HOLIDAY

    entry = notice_2021(people["coordinator"], EXTRA_HOLIDAY)

    request.refresh_from_db()
    assert request.reply_due_on == get_calendar().next_workday(before + dt.timedelta(days=1))
    assert request.next_due_on == request.reply_due_on
    move = DeadlineMove.objects.get()
    assert (move.label, move.old_on, move.new_on) == ("答复期限", before, request.reply_due_on)
    assert (move.unit, move.record_id, move.calendar_year) == (org["police"], request.pk, entry)
    assert entry.recomputed.moved == {"依申请公开": 1}
    summary = AuditEntry.objects.get(action="节假日安排变更·重算期限")
    assert summary.after["moved"] == {"依申请公开": 1}
    assert summary.after["changed_days"] == [str(EXTRA_HOLIDAY)]


def test_closed_records_and_deadlines_before_the_change_keep_their_dates(org, people):
    early = received(org, people["police_staff"], submitted_on=dt.date(2021, 8, 2))
    replied = received(org, people["police_staff"])
    requests = type(replied)  # the kernel's tests reach a procedure through its factories only
    requests.objects.filter(pk=replied.pk).update(status=requests.statuses.REPLIED)
    dates = {r.pk: r.reply_due_on for r in (early, replied)}
    assert early.reply_due_on < EXTRA_HOLIDAY

    notice_2021(people["coordinator"], EXTRA_HOLIDAY)

    assert dict(requests.objects.values_list("pk", "reply_due_on")) == dates
    assert not DeadlineMove.objects.exists()


def test_entering_the_same_notice_again_moves_nothing_and_audits_no_recompute(org, people):
    received(org, people["police_staff"])
    notice_2021(people["coordinator"])  # the library's own days: no day changes

    entry = notice_2021(people["coordinator"])

    assert entry.recomputed.changed_days == [] and entry.recomputed.total == 0
    assert not AuditEntry.objects.filter(action="节假日安排变更·重算期限").exists()


def test_a_year_unknown_before_counts_as_changed_whole():
    before, after = calendar_now(), calendar_now()
    days = changed_days(before, after, 2021)
    assert days == []
    assert len(changed_days(_without(before, 2021), after, 2021)) == 365


def _without(calendar, year):
    from fazhi.core.calendar import WorkCalendar

    schedules = library_schedules()
    del schedules[year]
    return WorkCalendar(schedules)


def test_the_recompute_costs_the_same_queries_for_many_records(
    org, people, django_assert_max_num_queries
):
    for _ in range(30):
        received(org, people["police_staff"])
    schedule = library_schedules()[2021]
    from fazhi.core.procedures import all_procedures

    # A fixed cost, and one scan per procedure with a clock — never one per record (30 records
    # at one query each would add 60 or more).
    clocked = sum(hasattr(p.model, "next_due_on") for p in all_procedures())
    with django_assert_max_num_queries(39 + clocked):
        enter_calendar_year(
            people["coordinator"],
            Channel.WEB,
            year=2021,
            notice="国办发明电〔2020〕27号",
            holidays=[(d, "节日") for d in sorted(schedule.holidays | {EXTRA_HOLIDAY})],
            workdays=[(d, "调休上班") for d in sorted(schedule.workdays)],
        )
    assert DeadlineMove.objects.count() == 30


def test_the_moves_page_shows_a_unit_its_own_moves_only(org, people, client):
    request = received(org, people["police_staff"])
    notice_2021(people["coordinator"], EXTRA_HOLIDAY)

    client.force_login(people["police_staff"])
    page = client.get("/deadlines/moves/").content.decode()
    assert request.number in page and "答复期限" in page

    client.force_login(people["kaiyuan_staff"])
    page = client.get("/deadlines/moves/").content.decode()
    assert request.number not in page and "没有因节假日安排变更而变动的期限" in page
    assert client.get("/deadlines/moves/?before=99999999999999999999").status_code == 404


def test_a_recompute_that_fails_keeps_neither_the_notice_nor_any_moved_date(
    org, people, monkeypatch
):
    """Kept apart, the notice would stay and entering it again would find no day changed."""
    from fazhi.core.models import CalendarYear

    request = received(org, people["police_staff"])

    def broken(*args):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr("fazhi.core.deadlines._recompute", broken)
    with pytest.raises(RuntimeError):
        notice_2021(people["coordinator"], EXTRA_HOLIDAY)

    assert not CalendarYear.objects.filter(year=2021).exists()
    assert not DeadlineMove.objects.exists()
    before = request.reply_due_on
    request.refresh_from_db()
    assert request.reply_due_on == before


def test_the_moves_page_costs_the_same_queries_for_one_move_or_many(
    org, people, client, django_assert_max_num_queries
):
    for _ in range(12):
        received(org, people["police_staff"])
    notice_2021(people["coordinator"], EXTRA_HOLIDAY)
    assert DeadlineMove.objects.count() == 12
    client.force_login(people["police_staff"])
    with django_assert_max_num_queries(8):
        page = client.get("/deadlines/moves/").content.decode()
    assert page.count("答复期限") == 12


def test_moved_records_whose_names_read_a_relation_cost_no_query_each(org, people):
    """A 复议 case's name (and so its open item's title and its listed move) names the
    被申请人: the moved cases' related rows are read once for the batch, not once a case."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.disputes.reconsideration.tests.factories import received as case_received

    def queries_to_enter(*extra: dt.date) -> int:
        schedule = library_schedules()[2021]
        with CaptureQueriesContext(connection) as seen:
            enter_calendar_year(
                people["coordinator"],
                Channel.WEB,
                year=2021,
                notice="国办发明电〔2020〕27号",
                holidays=[(d, "节日") for d in sorted(schedule.holidays | set(extra))],
                workdays=[(d, "调休上班") for d in sorted(schedule.workdays)],
            )
        return len(seen)

    def cases(n: int) -> None:
        for _ in range(n):
            case_received(org, people["reviewer"], submitted_on=dt.date(2021, 10, 8))

    # Both counted entries update the year and each holds two days more than the library's
    # (a notice costs a query per day: fazhi.core.calendar's signals), one of them new.
    far = dt.date(2021, 12, 21)  # after the cases' deadlines: it moves none
    queries_to_enter()
    cases(2)
    few = queries_to_enter(EXTRA_HOLIDAY, far)
    moved_few = DeadlineMove.objects.count()
    cases(10)
    many = queries_to_enter(EXTRA_HOLIDAY, EXTRA_HOLIDAY + dt.timedelta(days=1))
    assert moved_few >= 2 and DeadlineMove.objects.count() - moved_few >= 12
    assert many == few
