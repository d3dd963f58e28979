"""Statutory clocks: limits, pauses, extensions, the rest-day rule and `fazhi due-date`."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fazhi.core import calendar as work_calendar
from fazhi.core.calendar import CalendarYearUnknown, WorkCalendar
from fazhi.core.clocks import (
    ClockError,
    Limit,
    LimitUnit,
    Pause,
    add_months,
    days_left,
    due_date,
)

D = dt.date
CAL = WorkCalendar.from_library()
WD, DAYS, MONTHS = LimitUnit.WORKDAYS, LimitUnit.DAYS, LimitUnit.MONTHS


def due(start, limit, pauses=(), extensions=()):
    return due_date(start, limit, pauses=pauses, extensions=extensions, calendar=CAL)


@pytest.fixture(autouse=True)
def fresh_cache():
    work_calendar.invalidate_calendar()
    yield
    work_calendar.invalidate_calendar()


# -- limits and pauses as values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("20 工作日", Limit(20, WD)),
        ("20个工作日", Limit(20, WD)),
        ("15日", Limit(15, DAYS)),
        (" 15 天 ", Limit(15, DAYS)),
        ("3 月", Limit(3, MONTHS)),
        ("3个月", Limit(3, MONTHS)),
    ],
)
def test_limit_parse(text, limit):
    assert Limit.parse(text) == limit


def test_limit_prints_as_it_parses():
    assert str(Limit(20, WD)) == "20 工作日"
    assert Limit.parse(str(Limit(3, MONTHS))) == Limit(3, MONTHS)
    assert Limit(5, "工作日").unit is LimitUnit.WORKDAYS


@pytest.mark.parametrize("text", ["20", "工作日", "20 周", "-3 日", "0 日", "二十个工作日", ""])
def test_bad_limit_text_is_refused_in_chinese(text):
    with pytest.raises(ClockError, match="期限"):
        Limit.parse(text)


def test_bad_limit_values_are_refused():
    with pytest.raises(ClockError):
        Limit(0, WD)
    with pytest.raises(ClockError):
        Limit(5, "周")


def test_inverted_pause_is_refused():
    with pytest.raises(ClockError, match="早于"):
        Pause(D(2021, 10, 9), D(2021, 10, 1))


def test_pause_parse():
    assert Pause.parse("2021-10-01..2021-10-07") == Pause(D(2021, 10, 1), D(2021, 10, 7))
    for text in ("2021-10-01", "2021-10-01..", "2021-10-01..2021-13-01"):
        with pytest.raises(ClockError):
            Pause.parse(text)


def test_add_months_clamps_to_the_month_end():
    assert add_months(D(2021, 11, 30), 3) == D(2022, 2, 28)
    assert add_months(D(2020, 1, 31), 1) == D(2020, 2, 29)
    assert add_months(D(2021, 12, 15), 1) == D(2022, 1, 15)


# -- due dates ------------------------------------------------------------------------------------


def test_workday_limit_across_national_day_2021():
    # 09-29, 09-30, (10-01..07 off), 10-08, 10-09 (调休 Saturday), ... 20th is 11-01.
    assert due(D(2021, 9, 28), "20 工作日") == D(2021, 11, 1)


def test_day_limit_ending_on_a_holiday_moves_to_the_next_working_day():
    assert due(D(2021, 9, 18), "15日") == D(2021, 10, 8)  # 10-03 is 国庆
    assert due(D(2021, 9, 25), "15日") == D(2021, 10, 11)  # 10-10 is an ordinary Sunday


def test_day_limit_ending_on_a_makeup_saturday_stays():
    assert due(D(2021, 9, 24), "15日") == D(2021, 10, 9)  # 调休上班, not a 法定休假日


def test_month_limit():
    assert due(D(2021, 11, 30), "3个月") == D(2022, 2, 28)
    assert due(D(2021, 7, 1), "3 月") == D(2021, 10, 8)  # 10-01 → after 国庆
    assert due(D(2021, 1, 31), "1 月") == D(2021, 3, 1)  # 02-28 is a Sunday


def test_pause_across_national_day_skips_its_working_days_only():
    # Paused 09-30..10-08: working days 09-30 and 10-08 are lost, 国庆 itself was never counted.
    assert due(D(2021, 9, 28), "20 工作日", [Pause(D(2021, 9, 30), D(2021, 10, 8))]) == D(
        2021, 11, 3
    )
    # A 日 clock loses all nine paused days: 09-20 + 30 = 10-20, + 9 = 10-29 (Friday).
    assert due(D(2021, 9, 20), "30日", [Pause(D(2021, 9, 30), D(2021, 10, 8))]) == D(2021, 10, 29)


def test_pause_from_the_start_day_counts_only_the_days_after_it():
    assert due(D(2021, 9, 20), "30日", [Pause(D(2021, 9, 20), D(2021, 9, 22))]) == D(2021, 10, 22)


def test_overlapping_pauses_count_each_day_once():
    pauses = [Pause(D(2021, 3, 2), D(2021, 3, 10)), Pause(D(2021, 3, 5), D(2021, 3, 12))]
    assert due(D(2021, 3, 1), "30日", pauses) == due(
        D(2021, 3, 1), "30日", [Pause(D(2021, 3, 2), D(2021, 3, 12))]
    )


def test_a_pause_brought_inside_by_an_earlier_pause_counts():
    # 03-01 + 10 日 = 03-11; the first pause moves it to 03-16, so the 03-15 pause is inside.
    first, second = Pause(D(2021, 3, 2), D(2021, 3, 6)), Pause(D(2021, 3, 15), D(2021, 3, 16))
    assert due(D(2021, 3, 1), "10日", [first, second]) == D(2021, 3, 18)


def test_a_pause_on_the_last_day_counts():
    assert due(D(2021, 3, 1), "10日", [Pause(D(2021, 3, 11), D(2021, 3, 11))]) == D(2021, 3, 12)


def test_pause_outside_the_clock_is_refused():
    with pytest.raises(ClockError, match="之前"):
        due(D(2021, 9, 28), "20 工作日", [Pause(D(2021, 9, 27), D(2021, 9, 30))])
    with pytest.raises(ClockError, match="之后"):
        due(D(2021, 9, 28), "20 工作日", [Pause(D(2021, 11, 2), D(2021, 11, 5))])


def test_open_pause_stops_the_clock():
    assert due(D(2021, 9, 28), "20 工作日", [Pause(D(2021, 10, 12))]) is None
    closed_then_open = [Pause(D(2021, 3, 2), D(2021, 3, 6)), Pause(D(2021, 3, 10))]
    assert due(D(2021, 3, 1), "10日", closed_then_open) is None


def test_open_pause_after_the_clock_ran_out_is_refused():
    with pytest.raises(ClockError):
        due(D(2021, 9, 28), "20 工作日", [Pause(D(2021, 11, 2))])


def test_extensions_in_the_same_unit_add_up():
    assert due(D(2021, 9, 1), "60日", extensions=["30日"]) == due(D(2021, 9, 1), "90日")
    assert due(D(2021, 9, 28), "20 工作日", extensions=[Limit(20, WD)]) == CAL.add_workdays(
        D(2021, 9, 28), 40
    )
    # Six months from 11-30 end on 05-30; chaining 3 + 3 would give 05-28.
    assert due(D(2021, 11, 30), "3 月", extensions=["3 月"]) == D(2022, 5, 30)


def test_extensions_in_another_unit_chain_from_the_unadjusted_due():
    # 09-18 + 15 日 = 10-03 (unadjusted); 5 工作日 after it: 10-08, 10-09, 10-11, 10-12, 10-13.
    assert due(D(2021, 9, 18), "15日", extensions=["5 工作日"]) == D(2021, 10, 13)
    assert due(D(2021, 9, 28), "20 工作日", extensions=["1 月"]) == D(2021, 12, 1)


def test_pause_in_the_extension_period_counts():
    extended = due(D(2021, 9, 28), "20 工作日", [Pause(D(2021, 11, 2), D(2021, 11, 3))], ["1 月"])
    assert extended == D(2021, 12, 3)


def test_unknown_year_is_refused():
    with pytest.raises(CalendarYearUnknown) as refusal:
        due(D(2026, 12, 1), "60日")
    assert refusal.value.year == 2027


def test_datetime_start_is_a_programming_error():
    with pytest.raises(TypeError):
        due(dt.datetime(2021, 9, 28, 12), "20 工作日")


def test_days_left_counts_working_days():
    deadline = D(2021, 11, 1)
    assert days_left(deadline, D(2021, 10, 29), CAL) == 1
    assert days_left(deadline, deadline, CAL) == 0
    assert days_left(deadline, D(2021, 11, 3), CAL) == -2


def test_due_date_defaults_to_the_cached_calendar(db):
    assert due_date(D(2021, 9, 28), Limit(20, WD)) == D(2021, 11, 1)
    assert days_left(D(2021, 11, 1), D(2021, 10, 29)) == 1


# -- properties -----------------------------------------------------------------------------------

starts = st.dates(D(2005, 1, 1), D(2025, 12, 31))
amounts = st.integers(1, 60)


@settings(max_examples=200, deadline=None)
@given(starts, starts, amounts)
def test_workday_due_is_a_working_day_after_start_and_monotone_in_start(a, b, n):
    a, b = min(a, b), max(a, b)
    due_a, due_b = due(a, Limit(n, WD)), due(b, Limit(n, WD))
    assert CAL.is_workday(due_a) and due_a > a
    assert due_a <= due_b


@settings(max_examples=200, deadline=None)
@given(starts, amounts)
def test_workday_due_is_strictly_increasing_in_n(start, n):
    assert due(start, Limit(n, WD)) < due(start, Limit(n + 1, WD))


@settings(max_examples=200, deadline=None)
@given(starts, amounts)
def test_day_due_is_never_a_rest_day_nor_before_start_plus_n(start, n):
    result = due(start, Limit(n, DAYS))
    assert not CAL.is_rest_day(result)
    assert result >= start + dt.timedelta(n)


@settings(max_examples=200, deadline=None)
@given(starts, amounts, st.integers(0, 30), st.integers(0, 20), st.sampled_from([WD, DAYS]))
def test_a_pause_never_brings_the_due_date_forward(start, n, offset, length, unit):
    unpaused = due(start, Limit(n, unit))
    pause = Pause(start + dt.timedelta(offset), start + dt.timedelta(offset + length))
    assume(pause.start <= unpaused)
    assert due(start, Limit(n, unit), [pause]) >= unpaused


# -- the command line -----------------------------------------------------------------------------


def run_due_date(*args) -> str:
    out = io.StringIO()
    call_command("due-date", *args, stdout=out)
    return out.getvalue()


def test_command_prints_the_iso_date(db):
    assert run_due_date("2021-09-28", "20 工作日") == "2021-11-01\n"
    assert run_due_date("2021-09-28", "20 工作日", "--pause", "2021-09-30..2021-10-08") == (
        "2021-11-03\n"
    )
    assert run_due_date("2021-09-18", "15日", "--extend", "5 工作日") == "2021-10-13\n"


def test_command_has_an_importable_alias(db):
    out = io.StringIO()
    call_command("due_date", "2021-09-28", "20 工作日", stdout=out)
    assert out.getvalue() == "2021-11-01\n"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["2021-13-01", "20 工作日"], "日期“2021-13-01”无效"),
        (["2021-09-28", "20 周"], "期限“20 周”无法识别"),
        (["2021-09-28", "20 工作日", "--pause", "2021-10-09..2021-10-01"], "早于开始日"),
        (["2021-09-28", "20 工作日", "--pause", "2021-09-20..2021-09-30"], "起算日"),
        (["2021-09-28", "20 工作日", "--pause", "2021-12-01..2021-12-03"], "届满日"),
        (["2026-12-28", "5 工作日"], "2027年的国务院节假日安排尚未录入"),
    ],
)
def test_command_refuses_with_a_chinese_reason(db, args, reason):
    with pytest.raises(CommandError, match=reason):
        run_due_date(*args)
