"""Each record keeps the span of days its due dates were counted over, and a holiday notice
recomputes only the records whose span it touches (issue 7, calendar changes at 1 000 000 open
items). Narrowing must never miss a move: after any correction, every open record's stored dates
are what its procedure's rules give under the new calendar."""

import contextlib
import datetime as dt
import random

import pytest

from fazhi.core.audit import Channel
from fazhi.core.calendar import (
    CalendarYearUnknown,
    ConsultedDays,
    WorkCalendar,
    invalidate_calendar,
    library_schedules,
)
from fazhi.core.clocks import due_date
from fazhi.core.deadlines import touched
from fazhi.core.procedures import for_model
from fazhi.core.services import enter_calendar_year
from fazhi.disputes.reconsideration.tests import factories as reconsideration
from fazhi.oversight.disclosure.tests import factories as disclosure

D = dt.date


def span_of(compute) -> tuple[dt.date, dt.date]:
    days = ConsultedDays()
    with days.recording(), contextlib.suppress(CalendarYearUnknown):
        compute()
    return days.span()


def test_a_count_depends_on_the_days_it_spans_and_on_no_other():
    calendar = WorkCalendar.from_library()
    start = D(2021, 9, 28)  # Tuesday before the National Day week
    fifth = calendar.add_workdays(start, 5)
    assert fifth == D(2021, 10, 11)
    assert span_of(lambda: calendar.add_workdays(start, 5)) == (D(2021, 9, 29), fifth)
    # 60 日 in calendar days: only the last day and the rest days it rolls over are read
    # (2021-11-27 is a Saturday: the period ends on Monday the 29th).
    assert due_date(start, "60日", calendar=calendar) == D(2021, 11, 29)
    assert span_of(lambda: due_date(start, "60日", calendar=calendar)) == (
        D(2021, 11, 27),
        D(2021, 11, 29),
    )
    assert span_of(lambda: calendar.is_workday(D(2021, 5, 3))) == (D(2021, 5, 3), D(2021, 5, 3))
    assert span_of(lambda: None) == ConsultedDays.NONE


def test_a_count_refused_for_an_unknown_year_depends_on_every_day_after_its_start():
    schedules = library_schedules()
    calendar = WorkCalendar({2021: schedules[2021]})
    assert span_of(lambda: calendar.add_workdays(D(2021, 12, 20), 20)) == (
        D(2021, 12, 21),
        dt.date.max,
    )


@pytest.mark.django_db
def test_a_step_stores_the_span_beside_the_due_dates(org, people):
    request = disclosure.received(org, people["police_staff"])
    case = reconsideration.accepted(org, people["reviewer"])
    request.refresh_from_db()
    case.refresh_from_db()

    assert request.calendar_from > request.received_on
    assert request.calendar_until == request.reply_due_on  # 20 工作日: every day up to the due
    # 60 日: the decision period is read near its end only; the 7- and 10-日 periods near theirs
    assert case.calendar_from > case.accepted_on + dt.timedelta(days=6)
    assert case.calendar_until == case.decision_due_on


@pytest.mark.django_db
def test_a_day_off_outside_a_records_span_does_not_recompute_it(org, people):
    case = reconsideration.accepted(org, people["reviewer"])
    request = disclosure.received(org, people["police_staff"])
    inside_both = D(2021, 10, 12)  # within the 20 工作日 and the 60 日
    case.refresh_from_db()
    assert case.accepted_on < inside_both < case.calendar_from

    assert list(touched(type(case), [inside_both])) == []
    assert list(touched(type(request), [inside_both])) == [request]


@pytest.mark.django_db
def test_a_record_whose_span_is_not_known_is_recomputed_by_any_change(org, people):
    case = reconsideration.accepted(org, people["reviewer"])
    model = type(case)
    model.objects.filter(pk=case.pk).update(calendar_from=None, calendar_until=None)
    far = D(2021, 3, 3)

    assert list(touched(model, [far])) == [case]
    correct(people["coordinator"], 2021, {far})
    case.refresh_from_db()
    assert (case.calendar_from, case.calendar_until) != (None, None)
    assert list(touched(model, [far])) == []


@pytest.mark.django_db
def test_a_record_left_unresolved_is_recomputed_once_the_missing_year_is_entered(org, people):
    request = disclosure.received(org, people["police_staff"], submitted_on=D(2026, 11, 20))
    december = {D(2026, 12, d) for d in range(7, 32)}

    entry = correct(people["coordinator"], 2026, december)
    assert sum(entry.recomputed.unresolved.values()) == 1  # now due in 2027, not entered
    kept = type(request).objects.get(pk=request.pk)
    assert kept.reply_due_on == request.reply_due_on
    assert kept.calendar_until == dt.date.max

    entry = enter_calendar_year(
        people["coordinator"],
        Channel.WEB,
        year=2027,
        notice="国办发明电〔2026〕1号",
        holidays=[(D(2027, 1, 1), "元旦")],
        workdays=[],
    )
    assert entry.recomputed.moved == {"依申请公开": 1}
    kept.refresh_from_db()
    assert kept.reply_due_on.year == 2027 and kept.calendar_until == kept.reply_due_on


@pytest.mark.django_db
def test_after_any_correction_every_open_records_dates_are_what_the_rules_give(org, people):
    """Narrowing never misses a move: a seeded series of corrections over records of a working-
    day clock (依申请公开, 20 工作日) and of calendar-day clocks (行政复议, 7/10/60 日)."""
    rng = random.Random(7)
    starts = [D(2021, 8, 2) + dt.timedelta(days=rng.randrange(0, 120)) for _ in range(12)]
    for on in starts[:6]:
        disclosure.received(org, people["police_staff"], submitted_on=on)
    for on in starts[6:]:
        reconsideration.accepted(org, people["reviewer"], submitted_on=on)
    models = {
        type(r)
        for r in (
            disclosure.example(org, people),
            reconsideration.received(org, people["reviewer"]),
        )
    }
    extra: set[dt.date] = set()
    for _ in range(4):
        extra |= {D(2021, 8, 1) + dt.timedelta(days=rng.randrange(0, 200)) for _ in range(3)}
        correct(people["coordinator"], 2021, extra)
        assert stale_records(models) == []


def stale_records(models) -> list:
    """Open records whose stored dates differ from what their rules give now."""
    invalidate_calendar()
    stale = []
    for model in models:
        frame = for_model(model).steps.frame
        fields = [
            f.name for f in model._meta.concrete_fields if f.get_internal_type() == "DateField"
        ]
        for stored in model.objects.open():
            fresh = model.objects.prefetch_related(*frame.prefetch).get(pk=stored.pk)
            frame.refresh_due(fresh)
            diff = [n for n in fields if getattr(fresh, n) != getattr(stored, n)]
            if [n for n in diff if n not in ("calendar_from", "calendar_until")]:
                stale.append((stored, diff))
    return stale


def correct(coordinator, year: int, extra_holidays: set[dt.date]):
    """The year's notice as the library has it, with more days off (a late correction)."""
    schedule = library_schedules()[year]
    return enter_calendar_year(
        coordinator,
        Channel.WEB,
        year=year,
        notice="国办发明电（更正）",
        holidays=[(d, "放假") for d in sorted(schedule.holidays | extra_holidays)],
        workdays=[(d, "调休上班") for d in sorted(schedule.workdays - extra_holidays)],
    )
