"""Statutory clocks: start + limit + pauses + extensions → due date.

Counting rules (reference/legal_deadlines.md §0):
- 民事诉讼法(2021) art.85: the start day is not counted; a period whose last day is a
  法定休假日 ends on the first day after it. 行政诉讼法 art.101 applies this to 行政诉讼,
  行政复议法(2017) art.40 and (2023) art.88 to 行政复议. 行诉解释(2018) art.48 says "节假日",
  which is why a weekend counts as a rest day here. A 调休 Saturday is a working day, so it is
  not a rest day for this rule (§9 implementation notes).
- 工作日 periods count working days from the day after the start (by analogy to art.85; the
  政府信息公开条例 is silent).
- 月 periods end on the same day of the month n months later, or on that month's last day when
  it has no such day (民法典 art.202; that text is not in laws/).
- Paused spans (补正, 第三方征求意见, 中止) do not count: a 工作日 clock skips their working
  days, a 日 or 月 clock is extended by their calendar days.
"""

import datetime as dt
import re
from calendar import monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models

from .calendar import WorkCalendar, get_calendar


class ClockError(ValueError):
    """A clock that cannot be computed as given (bad limit text, pause outside the clock, ...)."""


class LimitUnit(models.TextChoices):
    WORKDAYS = "工作日", "工作日"
    DAYS = "日", "日"
    MONTHS = "月", "月"


_LIMIT_TEXT = re.compile(r"^\s*(\d+)\s*个?\s*(工作日|日|天|月)\s*$")
_UNIT_VALUES = frozenset(LimitUnit.values)  # a TextChoices' `.values` is a new list each call
_UNIT_WORDS = {
    "工作日": LimitUnit.WORKDAYS,
    "日": LimitUnit.DAYS,
    "天": LimitUnit.DAYS,
    "月": LimitUnit.MONTHS,
}


@dataclass(frozen=True)
class Limit:
    """A statutory period: e.g. 20 工作日 (OGI art.33), 60 日 (FY17 art.31), 3 月."""

    amount: int
    unit: LimitUnit

    def __post_init__(self):
        if self.unit not in _UNIT_VALUES:
            raise ClockError(f"期限单位“{self.unit}”无效，应为“工作日”“日”或“月”")
        object.__setattr__(self, "unit", LimitUnit(self.unit))
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 1:
            raise ClockError(f"期限“{self.amount}”无效，应为正整数")

    @classmethod
    def parse(cls, text: str) -> "Limit":
        """Read "20 工作日", "20个工作日", "15日", "15 天", "3 月" or "3个月"."""
        match = _LIMIT_TEXT.match(str(text))
        if not match:
            raise ClockError(f"期限“{text}”无法识别，应写作“20 工作日”“15 日”或“3 月”")
        return cls(int(match[1]), _UNIT_WORDS[match[2]])

    @classmethod
    def of(cls, value: "Limit | str") -> "Limit":
        return value if isinstance(value, Limit) else cls.parse(value)

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.value}"


@dataclass(frozen=True)
class Pause:
    """An inclusive span that does not count; `end` None means the clock is still stopped."""

    start: dt.date
    end: dt.date | None = None

    def __post_init__(self):
        if self.end is not None and self.end < self.start:
            raise ClockError(f"暂停期间的结束日 {self.end} 早于开始日 {self.start}")

    @classmethod
    def parse(cls, text: str) -> "Pause":
        """Read "FROM..TO" (both ISO dates, inclusive)."""
        start, sep, end = str(text).partition("..")
        if not sep or not end.strip():
            raise ClockError(f"暂停期间“{text}”无法识别，应写作“2021-10-08..2021-10-15”")
        return cls(parse_date(start), parse_date(end))

    def __str__(self) -> str:
        return f"{self.start}..{self.end or ''}"


def parse_date(text: str) -> dt.date:
    """An ISO date (YYYY-MM-DD), refused in Chinese when it is not a real day."""
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ClockError(f"日期“{text}”无效，应为真实存在的日期，写作 YYYY-MM-DD") from None


class _Stopped(Exception):
    """An open pause inside the clock: there is no due date until it ends."""


def due_date(
    start: dt.date,
    limit: Limit | str,
    pauses: Iterable[Pause] = (),
    extensions: Iterable[Limit | str] = (),
    calendar: WorkCalendar | None = None,
) -> dt.date | None:
    """The last day of the period, or None while an open pause has stopped the clock.

    Extensions run after the base period: one in the same unit lengthens it (60 日 + 30 日 = 90 日
    from the start, as in 行政复议法(2017) art.31 / (2023) art.62); one in another unit runs on
    from the previous period's last day before the rest-day rule moved it.
    Raises ClockError for a pause that is not inside the clock, CalendarYearUnknown when a needed
    year's holiday notice has not been entered.
    """
    if isinstance(start, dt.datetime):
        raise TypeError("start must be a date; convert a datetime to local time and take .date()")
    calendar = calendar or get_calendar()
    if not pauses and not extensions:  # the common case, kept cheap for bulk recomputation
        limit = Limit.of(limit)
        if limit.unit == LimitUnit.WORKDAYS:
            return calendar.add_workdays(start, limit.amount)
        return _legal_last_day(_count(start, limit, [], calendar), limit.unit, calendar)
    periods = _periods(Limit.of(limit), [Limit.of(e) for e in extensions])
    pending = _merged_pauses(start, pauses)
    end = start
    try:
        for index, period in enumerate(periods):
            is_last = index == len(periods) - 1
            end, pending = _run_period(end, period, pending, calendar, is_last)
    except _Stopped:
        return None
    due = _legal_last_day(end, periods[-1].unit, calendar)
    if pending:
        raise ClockError(f"暂停期间 {pending[0]} 开始于期限届满日 {due} 之后，不在计时期间内")
    return due


def days_left(due: dt.date, today: dt.date, calendar: WorkCalendar | None = None) -> int:
    """Working days from today to the due date: 0 on the day itself, negative once overdue."""
    return (calendar or get_calendar()).workdays_between(today, due)


def _periods(base: Limit, extensions: Sequence[Limit]) -> list[Limit]:
    # Same-unit extensions are summed rather than chained, so that 3 月 + 3 月 is 6 月 from the
    # start (11-30 → 05-30), not 3 月 from a month-end clamped to 02-28 (→ 05-28).
    periods = [base]
    for extension in extensions:
        if extension.unit == periods[-1].unit:
            periods[-1] = Limit(periods[-1].amount + extension.amount, extension.unit)
        else:
            periods.append(extension)
    return periods


def _merged_pauses(start: dt.date, pauses: Iterable[Pause]) -> list[Pause]:
    """Pauses sorted with overlaps merged, so that no day is taken out twice."""
    merged: list[Pause] = []
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.start < start:
            raise ClockError(f"暂停期间 {pause} 开始于计时起算日 {start} 之前")
        last = merged[-1] if merged else None
        if last is not None and (last.end is None or pause.start <= last.end + dt.timedelta(1)):
            end = None if last.end is None or pause.end is None else max(last.end, pause.end)
            merged[-1] = Pause(last.start, end)
        else:
            merged.append(pause)
    return merged


def _run_period(
    start: dt.date, limit: Limit, pauses: list[Pause], calendar: WorkCalendar, is_last: bool
) -> tuple[dt.date, list[Pause]]:
    """The period's unadjusted last day, and the pauses that begin after it.

    A pause counts when it begins on or before the period's last day; counting it moves that day
    later, which may bring the next pause inside. On the final period "the last day" is the one
    after the rest-day rule, since the clock legally runs until then.
    """
    used: list[Pause] = []
    end = _count(start, limit, used, calendar)
    for index, pause in enumerate(pauses):
        horizon = _legal_last_day(end, limit.unit, calendar) if is_last else end
        if pause.start > horizon:
            return end, pauses[index:]
        if pause.end is None:
            raise _Stopped
        used.append(pause)
        end = _count(start, limit, used, calendar)
    return end, []


def _count(start: dt.date, limit: Limit, pauses: list[Pause], calendar: WorkCalendar) -> dt.date:
    if limit.unit == LimitUnit.WORKDAYS:
        return calendar.add_workdays(start, limit.amount, [(p.start, p.end) for p in pauses])
    if limit.unit == LimitUnit.DAYS:
        end = start + dt.timedelta(days=limit.amount)
    else:
        end = add_months(start, limit.amount)
    return end + dt.timedelta(days=_paused_days(pauses, start))


def _paused_days(pauses: list[Pause], start: dt.date) -> int:
    """Calendar days of (already merged) pauses after the start day, which itself never counts."""
    first = start + dt.timedelta(days=1)
    return sum((p.end - max(p.start, first)).days + 1 for p in pauses if p.end >= first)


def _legal_last_day(end: dt.date, unit: LimitUnit, calendar: WorkCalendar) -> dt.date:
    # 民事诉讼法 art.85: a last day that is a 法定休假日 moves to the first working day after it.
    if unit == LimitUnit.WORKDAYS:
        return end
    return calendar.next_workday(end)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, or that month's last day (民法典 art.202)."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month_index + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))
