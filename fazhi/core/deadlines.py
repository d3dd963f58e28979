"""Stored due dates follow the calendar: when a year's holiday notice is entered or corrected (as
in early 2020, when the State Council extended the Spring Festival holiday by a late notice), the
due dates of every open record the change touches are recomputed by their procedure's own rules,
audited as one system change, and each moved deadline is listed for the coordinator
(DeadlineMove). Nothing stays silently wrong.

Which records: open ones whose stored due dates were counted over a changed day. Each record
keeps the span of days its due dates were last computed over (ClockedRecord.calendar_from/_until,
recorded by workflow.refresh_or_refuse through calendar.ConsultedDays); a computation depends on
no other day of the calendar, so a notice that changes none of them cannot move them. A 60-日
decision period counted in calendar days depends only on the days from its nominal last day to
the working day it rolls to; a 5-工作日 period on every day it spans. Records whose span is not
known (saved before it was kept) are recomputed by any change, which records their span.
"""

import datetime as dt
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from . import audit
from .calendar import CalendarYearUnknown, WorkCalendar, entered_schedules, invalidate_calendar
from .models import CalendarYear, DeadlineMove
from .records import ClockedRecord

BATCH = 2000


@dataclass
class Recomputed:
    changed_days: list[dt.date] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)  # per procedure
    unresolved: dict[str, int] = field(default_factory=dict)  # reason -> records

    @property
    def total(self) -> int:
        return sum(self.moved.values())


def calendar_now() -> WorkCalendar:
    """The calendar as the table holds it at this moment (not the process cache)."""
    return WorkCalendar.from_library(entered_schedules())


def changed_days(before: WorkCalendar, after: WorkCalendar, year: int) -> list[dt.date]:
    """The days of `year` that turned from working day to rest day or back. A year the calendar
    did not know before changed as a whole: every date counted through it was refused then."""
    day, days = dt.date(year, 1, 1), []
    while day.year == year:
        try:
            was = before.is_workday(day)
        except CalendarYearUnknown:
            return _whole_year(year)
        if after.is_workday(day) != was:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _whole_year(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - first).days)]


def recompute_after_change(
    actor,
    channel: str,
    entry: CalendarYear,
    before: WorkCalendar,
    progress: Callable[[str, int], None] | None = None,
) -> Recomputed:
    """Recompute every open record the change of `entry`'s year touches, in batches of BATCH
    records, then audit it once. The caller holds the transaction of the notice itself, so the
    notice and the moved dates are kept together or not at all."""
    from .procedures import all_procedures  # the declarations import the models

    invalidate_calendar()
    result = Recomputed(changed_days(before, calendar_now(), entry.year))
    if not result.changed_days:
        return result
    for procedure in all_procedures():
        if issubclass(procedure.model, ClockedRecord):
            _recompute(procedure, entry, result, progress)
    audit.record(actor, channel, "节假日安排变更·重算期限", entry, None, _summary(entry, result))
    return result


def _recompute(procedure, entry, result: Recomputed, progress) -> None:
    model = procedure.model
    ids = array(
        "q", touched(model, result.changed_days).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        moved, unresolved = procedure.steps.recompute_due(ids[start : start + BATCH])
        DeadlineMove.objects.bulk_create(_moves(entry, moved), batch_size=1000)
        result.moved[procedure.label] = result.moved.get(procedure.label, 0) + len(moved)
        for reason, count in unresolved.items():
            result.unresolved[reason] = result.unresolved.get(reason, 0) + count
        if progress:
            progress(procedure.label, min(start + BATCH, len(ids)))


def touched(model, days: list[dt.date]):
    """The open records whose due dates were counted over one of `days` (sorted), or over days
    not known."""
    counted_over = Q(pk__in=[])
    for first, last in _runs(days):
        counted_over |= Q(calendar_from__lte=last, calendar_until__gte=first)
    open_records = model.objects.filter(status__in=model.statuses.open())
    return open_records.filter(Q(calendar_from__isnull=True) | counted_over)


def _runs(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days as (first, last) runs: a whole year is one, a correction a few."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in days:
        if runs and day - runs[-1][1] == dt.timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _moves(entry: CalendarYear, moved: list[tuple]) -> list[DeadlineMove]:
    """The moves to list, each with its record's name (the moved records come with the related
    rows their names read: Steps.recompute_due)."""
    rows = []
    for obj, diff in moved:
        label_now = diff.get("next_due_label", (None, obj.next_due_label))[1]
        common = {
            "calendar_year": entry,
            "record_type": obj._meta.label,
            "record_id": obj.pk,
            "record": str(obj)[:200],
            "unit_id": getattr(obj, f"{obj.scope_field}_id"),
        }
        for label, (old, new) in _named(obj, diff, label_now).items():
            rows.append(DeadlineMove(**common, label=label[:40], old_on=old, new_on=new))
    return rows


def _named(obj, diff: dict, next_label: str) -> dict[str, tuple]:
    """Each moved date under its Chinese name; the next deadline only where it is not the same
    move as a named date (the decision due date and the next deadline are one deadline)."""
    named = {
        str(obj._meta.get_field(name).verbose_name): dates
        for name, dates in diff.items()
        if name not in ("next_due_on", "next_due_label")
    }
    if "next_due_on" in diff and diff["next_due_on"] not in named.values():
        named[next_label or "下一期限"] = diff["next_due_on"]
    return named


def _summary(entry: CalendarYear, result: Recomputed) -> dict:
    return {
        "notice": entry.notice,
        "changed_days": [str(d) for d in result.changed_days[:60]],
        "changed_day_count": len(result.changed_days),
        "moved": result.moved,
        "unresolved": result.unresolved,
    }
