"""The work calendar: which days are 工作日 under the State Council's holiday notices.

工作日 = Monday–Friday, less the State Council's days off, plus its 调休 make-up working days
(reference/legal_deadlines.md §0 and §9). The years 2004–2026 come from chinese-calendar 1.11.0;
a year the coordinator has entered (CalendarYear with its CalendarDay rows) replaces the library for
that year, and is the only source for years the library does not know (2027 onwards). A computation
that needs a year nobody knows raises CalendarYearUnknown: a deadline is refused, never guessed.

Answers come from arrays built once per calendar (one flag per day, one sorted array of working-day
ordinals), so a due date costs a bisect rather than a walk over days. `get_calendar()` caches one
calendar per process and rebuilds it when the table changes: at once in the process that saved the
change (signals below), and within RECHECK_SECONDS in every other process (a version read).
"""

import contextlib
import contextvars
import datetime as dt
import re
import threading
import time
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

LIBRARY_NAME = "chinese-calendar 1.11.0"
RECHECK_SECONDS = 60.0

_REST, _WORK, _UNKNOWN = 0, 1, 2
_LAST_ORDINAL = dt.date.max.toordinal()


class CalendarYearUnknown(ValueError):
    """A computation needs a year whose State Council holiday notice nobody has entered."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year}年的国务院节假日安排尚未录入，无法计算该年的工作日；"
            f"请统筹协调人员在“节假日安排”中录入国务院办公厅通知后再试。"
        )


@dataclass(frozen=True)
class YearSchedule:
    """One year's days off and 调休 working days; every other day follows the weekday."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def library_schedules() -> dict[int, YearSchedule]:
    """chinese-calendar's years, read from its data dicts (its functions answer one day a call)."""
    # Imported with the first calendar built, not at start-up, which needs only the signals below.
    from chinese_calendar import constants as library_data

    holidays, workdays = defaultdict(set), defaultdict(set)
    for day in library_data.holidays:
        holidays[day.year].add(day)
    for day in library_data.workdays:
        workdays[day.year].add(day)
    # The library supports the years from its first to its last holiday (utils._validate_date).
    years = range(min(holidays), max(holidays) + 1)
    return {
        year: YearSchedule(frozenset(holidays[year]), frozenset(workdays[year]), LIBRARY_NAME)
        for year in years
    }


class WorkCalendar:
    """Working days over a set of known years, answered from precomputed arrays."""

    def __init__(self, schedules: Mapping[int, YearSchedule]):
        self.known_years: tuple[int, ...] = tuple(sorted(schedules))
        if not self.known_years:
            raise ValueError("a work calendar needs at least one known year")
        self._base = dt.date(self.known_years[0], 1, 1).toordinal()
        self._top = dt.date(self.known_years[-1], 12, 31).toordinal()
        self._kinds = _day_kinds(schedules, self._base, self._top)
        self._workdays = array(
            "i", (self._base + i for i, k in enumerate(self._kinds) if k == _WORK)
        )
        self._workday_dates = tuple(map(dt.date.fromordinal, self._workdays))
        self._known_until = _known_until(self._kinds, self._base)

    @classmethod
    def from_library(cls, entered: Mapping[int, YearSchedule] | None = None) -> "WorkCalendar":
        """The library's years, each replaced by the entered schedule where there is one."""
        return cls(library_schedules() | dict(entered or {}))

    # -- single days ---------------------------------------------------------------------------

    def is_workday(self, day: dt.date) -> bool:
        return self._kind(day) == _WORK

    def is_rest_day(self, day: dt.date) -> bool:
        """A weekend or a holiday that is not a 调休 working day (the MS21 art.85 法定休假日)."""
        return self._kind(day) == _REST

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day on or after `day`."""
        first = day.toordinal()
        i = bisect_left(self._workdays, first)
        return self._answer(first, i)

    # -- spans ---------------------------------------------------------------------------------

    def add_workdays(
        self, start: dt.date, n: int, paused: Iterable[tuple[dt.date, dt.date]] = ()
    ) -> dt.date:
        """The n-th working day after `start` (not counted), skipping working days in `paused`.

        `paused` holds inclusive (from, to) spans whose working days do not count.
        """
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        first = start.toordinal() + 1
        i = bisect_left(self._workdays, first) + n - 1
        if paused:
            i = self._skip_paused(i, paused, first)
        return self._answer(first, i)

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b]; negative, counting (b, a], when b is before a."""
        if b <= a:
            return -self.workdays_between(b, a) if b < a else 0
        after, until = a.toordinal(), b.toordinal()
        _consulted(after + 1, until)
        self._require(after + 1, until)
        return bisect_right(self._workdays, until) - bisect_right(self._workdays, after)

    # -- internals -----------------------------------------------------------------------------

    def _kind(self, day: dt.date) -> int:
        _consulted(day.toordinal(), day.toordinal())
        index = day.toordinal() - self._base
        kind = self._kinds[index] if 0 <= index < len(self._kinds) else _UNKNOWN
        if kind == _UNKNOWN:
            raise CalendarYearUnknown(day.year)
        return kind

    def _skip_paused(self, i: int, paused: Iterable[tuple[dt.date, dt.date]], first: int) -> int:
        """Move index i on past the working days of each pause that begins on or before it."""
        for lo, hi in _merged(paused, first):
            if i >= len(self._workdays) or self._workdays[i] < lo:
                break
            i += bisect_right(self._workdays, hi) - bisect_left(self._workdays, lo)
        return i

    def _answer(self, first: int, i: int) -> dt.date:
        """The working day at index i, once every day from `first` to it is in a known year."""
        index = first - self._base
        # The common case in one test: bulk recomputation comes through here a million times.
        in_range = 0 <= index < len(self._known_until) and i < len(self._workdays)
        if in_range and self._workdays[i] <= self._known_until[index]:
            _consulted(first, self._workdays[i])
            return self._workday_dates[i]
        # Unanswered: whatever year is entered later, from `first` on, may give the answer.
        _consulted(first, _LAST_ORDINAL)
        self._require(first, self._workdays[i] if i < len(self._workdays) else self._top + 1)
        raise AssertionError("_require refuses whatever the test above refused")

    def _require(self, first: int, last: int) -> None:
        """Raise CalendarYearUnknown unless every day in [first, last] lies in a known year."""
        index = first - self._base
        until = self._known_until[index] if 0 <= index < len(self._known_until) else -1
        if until < 0:
            raise CalendarYearUnknown(dt.date.fromordinal(first).year)
        if last > until:
            raise CalendarYearUnknown(dt.date.fromordinal(until + 1).year)


# -- which days a computation read ---------------------------------------------------------------


class ConsultedDays:
    """The span of days whose kind (working day, rest day, unknown) a computation read while
    `recording()`. A result computed from the calendar depends on nothing else of it: a notice
    that changes no day of the span cannot change the result (fazhi.core.deadlines)."""

    NONE = (dt.date.min, dt.date.min)  # an empty span, stored where nothing was read

    __slots__ = ("first", "last")

    def __init__(self):
        self.first: int | None = None
        self.last: int | None = None

    def add(self, first: int, last: int) -> None:
        if self.first is None or first < self.first:
            self.first = first
        if self.last is None or last > self.last:
            self.last = last

    def span(self) -> tuple[dt.date, dt.date]:
        if self.first is None:
            return self.NONE
        return dt.date.fromordinal(self.first), dt.date.fromordinal(self.last)

    @contextlib.contextmanager
    def recording(self):
        token = self.start()
        try:
            yield self
        finally:
            self.stop(token)

    def start(self) -> contextvars.Token:
        """Record from now on (until `stop` with the token given): `recording()` without the
        generator, for the thousands of computations of a batch."""
        return _CONSULTED.set(self)

    @staticmethod
    def stop(token: contextvars.Token) -> None:
        _CONSULTED.reset(token)


_CONSULTED: contextvars.ContextVar[ConsultedDays | None] = contextvars.ContextVar(
    "calendar_consulted", default=None
)


def _consulted(first: int, last: int) -> None:
    days = _CONSULTED.get()
    if days is not None:
        days.add(first, last)


def _day_kinds(schedules: Mapping[int, YearSchedule], base: int, top: int) -> bytearray:
    kinds = bytearray([_UNKNOWN]) * (top - base + 1)
    for year, schedule in schedules.items():
        first = dt.date(year, 1, 1).toordinal()
        for ordinal in range(first, dt.date(year, 12, 31).toordinal() + 1):
            day = dt.date.fromordinal(ordinal)
            kinds[ordinal - base] = _WORK if schedule.is_workday(day) else _REST
    return kinds


def _known_until(kinds: bytearray, base: int) -> array:
    """Per day: the last ordinal of the run of known days it belongs to, or -1 when unknown."""
    until = array("i", [-1]) * len(kinds)
    run_end = -1
    for index in range(len(kinds) - 1, -1, -1):
        if kinds[index] == _UNKNOWN:
            run_end = -1
            continue
        if run_end < 0:
            run_end = base + index
        until[index] = run_end
    return until


def _merged(spans: Iterable[tuple[dt.date, dt.date]], first: int) -> list[tuple[int, int]]:
    """Spans as ordinals, clipped to start at `first`, sorted, overlaps merged (counted once)."""
    clipped = sorted(
        (max(lo.toordinal(), first), hi.toordinal()) for lo, hi in spans if hi.toordinal() >= first
    )
    merged: list[tuple[int, int]] = []
    for lo, hi in clipped:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


# -- the entered years and the process cache ------------------------------------------------------


def entered_schedules() -> dict[int, YearSchedule]:
    """The years the coordinator has entered completely (an incomplete entry is not relied on)."""
    from .models import CalendarDay, CalendarYear, DayKind

    notices = dict(CalendarYear.objects.filter(complete=True).values_list("year", "notice"))
    days = CalendarDay.objects.filter(year__year__in=notices).values_list(
        "year__year", "date", "kind"
    )
    holidays, workdays = defaultdict(set), defaultdict(set)
    for year, day, kind in days:
        (workdays if kind == DayKind.WORKDAY else holidays)[year].add(day)
    return {
        year: YearSchedule(frozenset(holidays[year]), frozenset(workdays[year]), notice)
        for year, notice in notices.items()
    }


def _table_version() -> tuple:
    """Changes whenever a year or a day is added, removed or (through save()) edited."""
    from .models import CalendarDay, CalendarYear

    years = CalendarYear.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    days = CalendarDay.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return years["n"], years["latest"], days["n"], days["last"]


@dataclass(frozen=True)
class _Cached:
    calendar: WorkCalendar
    version: tuple
    checked_at: float


_cached: _Cached | None = None
_build_lock = threading.Lock()


def get_calendar() -> WorkCalendar:
    """The process's calendar; the table's version is re-read at most every RECHECK_SECONDS."""
    cached = _cached
    if cached is not None and time.monotonic() - cached.checked_at < RECHECK_SECONDS:
        return cached.calendar
    with _build_lock:
        return _refresh().calendar


def _refresh() -> _Cached:
    global _cached
    # Read the version before the data: a change in between only causes one extra rebuild later.
    version, now = _table_version(), time.monotonic()
    if _cached is not None and _cached.version == version:
        _cached = _Cached(_cached.calendar, version, now)
    else:
        _cached = _Cached(WorkCalendar.from_library(entered_schedules()), version, now)
    return _cached


def invalidate_calendar() -> None:
    """Forget this process's calendar; the next get_calendar() rebuilds it from the table."""
    global _cached
    _cached = None


def _year_changed(sender, instance, raw=False, **kwargs) -> None:
    invalidate_calendar()
    # Once more after commit: a rebuild inside the transaction may have read rows later rolled back.
    transaction.on_commit(invalidate_calendar)


_WHOLE_NOTICE = contextvars.ContextVar("calendar_whole_notice", default=False)


@contextlib.contextmanager
def whole_notice():
    """Days replaced as one notice, whose year is saved with them: the year is marked changed
    once, not once a day (a notice is ~35 days)."""
    token = _WHOLE_NOTICE.set(True)
    try:
        yield
    finally:
        _WHOLE_NOTICE.reset(token)


def _day_changed(sender, instance, raw=False, **kwargs) -> None:
    from .models import CalendarYear

    _year_changed(sender, instance)
    if not raw and not _WHOLE_NOTICE.get():
        # Other processes notice a change through the year's updated_at (see _table_version).
        CalendarYear.objects.filter(pk=instance.year_id).update(updated_at=timezone.now())


for _name, _signal in (("save", post_save), ("delete", post_delete)):
    _signal.connect(
        _year_changed, sender="core.CalendarYear", dispatch_uid=f"calendar-year-{_name}"
    )
    _signal.connect(_day_changed, sender="core.CalendarDay", dispatch_uid=f"calendar-day-{_name}")


# -- a State Council notice, typed one range a line ------------------------------------------------

NOTICE_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")
WEEKDAY_NOTE = re.compile(r"[（(]\s*(星期|周)[一二三四五六日天]\s*[)）]")
# What may stand around the dates without being the festival's name.
_SEPARATORS = " \t\u3000至到~～—－-:：,，、;；()（）"
_DAY_WORDS = ("调休上班", "放假", "上班", "调休")
MAX_RANGE_DAYS = 31  # the longest break (春节, 国庆) is 8–9 days: a longer range is a typing error
NAME_LENGTH = 20  # CalendarDay.name's max_length
LINE_FORMAT = (
    "每行写一个日期，或“起始日期至结束日期”，再写节日名称，如“2027-01-01至2027-01-03 元旦”"
)


def parse_notice_lines(text: str, label: str, year: int | None = None) -> list[tuple[dt.date, str]]:
    """The days of lines like "2027-01-01至2027-01-03 元旦" (one date or a range, then the name),
    as (date, name) pairs. Every bad line is reported at once, by its number, in Chinese; with
    `year`, a date outside that year is one."""
    days, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            days += _parse_notice_line(line, year)
        except ValueError as error:
            errors.append(f"{label}第{number}行“{line.strip()}”：{error}")
    if errors:
        raise ValidationError(errors)
    return days


def _parse_notice_line(line: str, year: int | None) -> list[tuple[dt.date, str]]:
    found = list(NOTICE_DATE.finditer(line))
    if not found or len(found) > 2:
        raise ValueError(LINE_FORMAT)
    dates = [_date_of(match) for match in found]
    outside = [d for d in dates if year is not None and d.year != year]
    if outside:
        raise ValueError(f"{outside[0].isoformat()} 不在{year}年内")
    first, last = dates[0], dates[-1]
    if last < first:
        raise ValueError("结束日期早于起始日期")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise ValueError(f"一段超过{MAX_RANGE_DAYS}天，请检查日期")
    name = _name_of(WEEKDAY_NOTE.sub(" ", NOTICE_DATE.sub(" ", line)))
    if len(name) > NAME_LENGTH:
        raise ValueError(f"节日名称不能超过{NAME_LENGTH}个字")
    return [(first + dt.timedelta(days=i), name) for i in range((last - first).days + 1)]


def _date_of(match: re.Match) -> dt.date:
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        raise ValueError(f"“{match.group(0).strip()}”不是有效日期") from None


def _name_of(rest: str) -> str:
    name = rest.strip(_SEPARATORS)
    for word in _DAY_WORDS:
        name = name.removesuffix(word)
    return name.strip(_SEPARATORS)


def notice_lines(days: Iterable[tuple[dt.date, str]]) -> str:
    """The inverse of parse_notice_lines: consecutive days of one name as one range a line."""
    lines: list[list] = []
    for day, name in sorted(days):
        if lines and lines[-1][2] == name and lines[-1][1] + dt.timedelta(days=1) == day:
            lines[-1][1] = day
        else:
            lines.append([day, day, name])
    return "\n".join(
        f"{first.isoformat()}{'' if last == first else '至' + last.isoformat()} {name}".rstrip()
        for first, last, name in lines
    )
