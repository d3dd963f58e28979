"""The work calendar: the State Council schedules, unknown years, entered years and the cache."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core import calendar as work_calendar
from fazhi.core.audit import Channel
from fazhi.core.calendar import CalendarYearUnknown, WorkCalendar, YearSchedule, get_calendar
from fazhi.core.models import CalendarDay, CalendarYear
from fazhi.core.services import enter_calendar_year

D = dt.date
LIBRARY = WorkCalendar.from_library()


def days(first: str, last: str | None = None) -> list[dt.date]:
    start = D.fromisoformat(first)
    end = D.fromisoformat(last) if last else start
    return [start + dt.timedelta(n) for n in range((end - start).days + 1)]


# reference/legal_deadlines.md §9, machine-readable form (国办发明电〔2020〕27号, 〔2021〕11号).
STATE_COUNCIL = {
    2021: {
        "off": days("2021-01-01", "2021-01-03")
        + days("2021-02-11", "2021-02-17")
        + days("2021-04-03", "2021-04-05")
        + days("2021-05-01", "2021-05-05")
        + days("2021-06-12", "2021-06-14")
        + days("2021-09-19", "2021-09-21")
        + days("2021-10-01", "2021-10-07"),
        "work": days("2021-02-07")
        + days("2021-02-20")
        + days("2021-04-25")
        + days("2021-05-08")
        + days("2021-09-18")
        + days("2021-09-26")
        + days("2021-10-09"),
    },
    2022: {
        "off": days("2022-01-01", "2022-01-03")
        + days("2022-01-31", "2022-02-06")
        + days("2022-04-03", "2022-04-05")
        + days("2022-04-30", "2022-05-04")
        + days("2022-06-03", "2022-06-05")
        + days("2022-09-10", "2022-09-12")
        + days("2022-10-01", "2022-10-07"),
        "work": days("2022-01-29")
        + days("2022-01-30")
        + days("2022-04-02")
        + days("2022-04-24")
        + days("2022-05-07")
        + days("2022-10-08")
        + days("2022-10-09"),
    },
}


@pytest.fixture(autouse=True)
def fresh_cache():
    """A test's rows are rolled back without signals; never let its calendar outlive it."""
    work_calendar.invalidate_calendar()
    yield
    work_calendar.invalidate_calendar()


@pytest.mark.parametrize("year", sorted(STATE_COUNCIL))
def test_library_matches_the_state_council_notice(year):
    notice = STATE_COUNCIL[year]
    assert [d for d in notice["off"] if LIBRARY.is_workday(d)] == []
    assert [d for d in notice["work"] if not LIBRARY.is_workday(d)] == []
    special = set(notice["off"]) | set(notice["work"])
    for day in days(f"{year}-01-01", f"{year}-12-31"):
        if day not in special:
            assert LIBRARY.is_workday(day) == (day.weekday() < 5), day


def test_national_day_2021():
    assert LIBRARY.is_workday(D(2021, 10, 9))  # Saturday, 调休上班
    assert LIBRARY.is_workday(D(2021, 9, 26))  # Sunday, 调休上班
    assert not any(LIBRARY.is_workday(d) for d in days("2021-10-01", "2021-10-07"))
    assert LIBRARY.is_rest_day(D(2021, 10, 4)) and not LIBRARY.is_rest_day(D(2021, 10, 9))
    assert LIBRARY.is_rest_day(D(2021, 10, 10))  # an ordinary Sunday


def test_add_workdays_counts_from_the_day_after_start():
    assert LIBRARY.add_workdays(D(2021, 9, 28), 1) == D(2021, 9, 29)
    assert LIBRARY.add_workdays(D(2021, 9, 28), 3) == D(2021, 10, 8)
    assert LIBRARY.add_workdays(D(2021, 9, 28), 4) == D(2021, 10, 9)
    assert LIBRARY.add_workdays(D(2021, 9, 28), 20) == D(2021, 11, 1)
    assert LIBRARY.add_workdays(D(2021, 10, 3), 1) == D(2021, 10, 8)  # start on a holiday


def test_add_workdays_skips_paused_working_days():
    # 09-29, 09-30, 10-08 and 10-09 are the working days in the pause.
    paused = [(D(2021, 9, 29), D(2021, 10, 9))]
    assert LIBRARY.add_workdays(D(2021, 9, 28), 20, paused) == D(2021, 11, 5)
    overlapping = [(D(2021, 9, 29), D(2021, 10, 8)), (D(2021, 10, 1), D(2021, 10, 9))]
    assert LIBRARY.add_workdays(D(2021, 9, 28), 20, overlapping) == D(2021, 11, 5)
    after_due = [(D(2021, 12, 1), D(2021, 12, 31))]
    assert LIBRARY.add_workdays(D(2021, 9, 28), 20, after_due) == D(2021, 11, 1)


def test_add_workdays_refuses_n_below_one():
    with pytest.raises(ValueError):
        LIBRARY.add_workdays(D(2021, 9, 28), 0)


def test_next_workday_and_workdays_between():
    assert LIBRARY.next_workday(D(2021, 10, 1)) == D(2021, 10, 8)
    assert LIBRARY.next_workday(D(2021, 10, 8)) == D(2021, 10, 8)
    assert LIBRARY.workdays_between(D(2021, 9, 28), D(2021, 11, 1)) == 20
    assert LIBRARY.workdays_between(D(2021, 11, 1), D(2021, 11, 1)) == 0
    assert LIBRARY.workdays_between(D(2021, 11, 1), D(2021, 9, 28)) == -20
    assert LIBRARY.workdays_between(D(2026, 12, 31), D(2026, 12, 31)) == 0  # needs no 2027


def test_known_years_are_the_library_years():
    assert LIBRARY.known_years == tuple(range(2004, 2027))


def test_a_year_nobody_knows_is_refused_with_a_chinese_message():
    with pytest.raises(CalendarYearUnknown) as refusal:
        LIBRARY.add_workdays(D(2026, 12, 28), 5)
    assert refusal.value.year == 2027
    assert str(refusal.value).startswith("2027年的国务院节假日安排尚未录入")
    for ask in (
        lambda: LIBRARY.is_workday(D(2027, 1, 4)),
        lambda: LIBRARY.next_workday(D(2027, 1, 1)),
        lambda: LIBRARY.workdays_between(D(2026, 12, 1), D(2027, 1, 10)),
    ):
        with pytest.raises(CalendarYearUnknown):
            ask()
    with pytest.raises(CalendarYearUnknown) as before:
        LIBRARY.is_workday(D(2003, 12, 31))
    assert before.value.year == 2003


def test_the_last_days_of_a_known_year_need_nothing_more():
    assert LIBRARY.add_workdays(D(2026, 12, 28), 3) == D(2026, 12, 31)


def test_a_gap_year_between_known_years_is_refused():
    schedule_2028 = YearSchedule(frozenset(), frozenset(), "测试")
    gap = WorkCalendar.from_library({2028: schedule_2028})
    assert gap.is_workday(D(2028, 1, 3))
    with pytest.raises(CalendarYearUnknown) as refusal:
        gap.add_workdays(D(2026, 12, 30), 5)
    assert refusal.value.year == 2027


@settings(max_examples=200, deadline=None)
@given(st.dates(D(2005, 1, 1), D(2025, 12, 31)), st.integers(1, 60))
def test_index_agrees_with_the_library_walked_day_by_day(start, n):
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(1)
        counted += chinese_calendar.is_workday(day)
    assert LIBRARY.add_workdays(start, n) == day


# -- entered years (database) ---------------------------------------------------------------------

NOTICE_2027 = {
    "holidays": [(d, "元旦") for d in days("2027-01-01", "2027-01-03")]
    + [(d, "春节") for d in days("2027-02-06", "2027-02-12")],
    "workdays": [(D(2027, 2, 20), "春节")],
}


def test_2027_is_refused_until_the_notice_is_entered(db, django_capture_on_commit_callbacks):
    with pytest.raises(CalendarYearUnknown):
        get_calendar().add_workdays(D(2026, 12, 28), 5)
    with django_capture_on_commit_callbacks(execute=True):
        enter_calendar_year(
            None, Channel.CLI, year=2027, notice="国办发明电〔2026〕测试号", **NOTICE_2027
        )
    cal = get_calendar()
    assert 2027 in cal.known_years
    # 12-29, 12-30, 12-31, (01-01..03 元旦), 01-04, 01-05
    assert cal.add_workdays(D(2026, 12, 28), 5) == D(2027, 1, 5)
    assert cal.is_workday(D(2027, 2, 20))  # the entered 调休 Saturday
    assert not cal.is_workday(D(2027, 2, 8))  # an entered 春节 Monday


def test_an_incomplete_entry_is_not_relied_on(db):
    CalendarYear.objects.create(year=2027, notice="录入中", complete=False)
    with pytest.raises(CalendarYearUnknown):
        get_calendar().is_workday(D(2027, 1, 4))


def test_an_entered_year_replaces_the_library_at_once_after_save(db):
    assert get_calendar().is_workday(D(2026, 12, 31))  # warm cache: library data
    entry = CalendarYear.objects.create(year=2026, notice="更正通知")
    CalendarDay.objects.create(year=entry, date=D(2026, 12, 31), kind="holiday", name="测试")
    cal = get_calendar()
    assert not cal.is_workday(D(2026, 12, 31))
    # The entered year is the whole year: the library's 2026 国庆 is gone with it.
    assert cal.is_workday(D(2026, 10, 1))
    entry.delete()
    assert get_calendar().is_workday(D(2026, 12, 31))


def test_the_calendar_is_cached_between_changes(db):
    assert get_calendar() is get_calendar()


def test_a_change_from_another_process_is_seen_after_the_recheck(db, monkeypatch):
    entry = CalendarYear.objects.create(year=2026, notice="更正通知")
    day = CalendarDay.objects.create(year=entry, date=D(2026, 12, 31), kind="holiday")
    before = get_calendar()
    assert not before.is_workday(D(2026, 12, 31))
    # Another process's save: no signal here, only the rows and the year's updated_at change.
    CalendarDay.objects.filter(pk=day.pk).update(kind="workday")
    CalendarYear.objects.filter(pk=entry.pk).update(
        updated_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    )
    assert get_calendar() is before  # within RECHECK_SECONDS nothing is read
    monkeypatch.setattr(work_calendar, "RECHECK_SECONDS", 0.0)
    assert get_calendar().is_workday(D(2026, 12, 31))


def test_saving_a_day_marks_its_year_changed_for_other_processes(db):
    entry = CalendarYear.objects.create(year=2027, notice="测试")
    CalendarYear.objects.filter(pk=entry.pk).update(
        updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    CalendarDay.objects.create(year=entry, date=D(2027, 1, 1), kind="holiday")
    entry.refresh_from_db()
    assert entry.updated_at.year > 2020
