"""Helpers every service function uses to refuse bad input before it writes anything.

A refusal is a `Refusal` (a ValidationError) with a Chinese message that the views, the API, the
importers and the command line all show as they are.
"""

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .calendar import CalendarYearUnknown, ConsultedDays
from .clocks import ClockError
from .held import is_held
from .models import OrgUnit
from .records import ClockedRecord


class Refusal(ValidationError):
    """A request the rules do not allow; nothing was changed."""


class RowRefusal(Refusal):
    """A refused row of a batch (a ledger's line, an import's row); `index` is its position in
    the rows given. Nothing of the batch was changed."""

    def __init__(self, index: int, message):
        super().__init__(message)
        self.index = index


def locked(obj: models.Model) -> models.Model:
    """Re-read the object under a row lock, so the check and the write see the same state; with
    the units it names, which the step's rules, its 文书 and its audit row read (joined in the
    same query; only the record's own row is locked). Inside `held.holding()`, the instance a
    step of the same transaction returned is the row as it stands, and is not read again."""
    if is_held(obj):
        return obj
    return locking(type(obj)).get(pk=obj.pk)


def locking(model: type[models.Model]) -> models.QuerySet:
    """The model's rows as `locked` reads one: under a row lock, with the units they name; for
    a step that changes several records at once (并案: the members read together)."""
    return model.objects.select_for_update(of=("self",)).select_related(*_unit_fields(model))


@functools.cache
def _unit_fields(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(
        f.name for f in model._meta.concrete_fields if f.many_to_one and f.related_model is OrgUnit
    )


def require_status(obj, allowed: Iterable[str], action: str) -> None:
    allowed = list(allowed)
    if obj.status not in allowed:
        names = dict(type(obj)._meta.get_field("status").flatchoices)
        labels = "、".join(str(names[s]) for s in allowed)
        current = obj.get_status_display()
        raise Refusal(
            f"无法{action}：案件当前状态为“{current}”，只有“{labels}”的案件可以{action}。"
        )


def local_today() -> dt.date:
    """Today in settings.TIME_ZONE. Fazhi never activates another zone, so the default zone is
    the local one; `timezone.localdate()` looks the active zone up in a context-local first, which
    cost every dated step of a large import ~30 µs."""
    return dt.datetime.now(timezone.get_default_timezone()).date()


def require_date(
    on, *, label: str, not_before: dt.date | None = None, before_label: str = ""
) -> dt.date:
    """A step's date must be a real date, not in the future, and not before the step it follows."""
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise Refusal(f"{label}无效：{on!r} 不是日期。")
    today = local_today()
    if on > today:
        raise Refusal(f"{label}不能晚于今天({today:%Y-%m-%d})：{on:%Y-%m-%d}。")
    if not_before and on < not_before:
        raise Refusal(f"{label}({on:%Y-%m-%d})不能早于{before_label}({not_before:%Y-%m-%d})。")
    return on


def require_year_of(year: int, day: dt.date, *, label: str, day_label: str, after: int = 1) -> int:
    """A year a record is of (a 年度 list, a session's year) must fit the day it was made: the
    year before that day's to `after` years after it, or the year was mistyped."""
    if not (day.year - 1 <= year <= day.year + after):
        raise Refusal(f"{label} {year} 与{day_label} {day:%Y-%m-%d} 不符。")
    return year


def parse_date(text: str, label: str) -> dt.date:
    """Parse an ISO date typed by a person; refuse with the reason instead of guessing."""
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise Refusal(f"{label}无效：“{text}”不是有效日期(应为 YYYY-MM-DD，且该日存在)。") from None


@dataclass(frozen=True)
class Frame:
    """What the common transition frame needs to know about one kind of record."""

    open_statuses: Callable[[], Iterable[str]]
    snapshot: Callable[[models.Model], dict]
    refresh_due: Callable[[models.Model], None]
    default_on: Callable[[models.Model], dt.date]


def refresh_or_refuse(compute_due: Callable[[models.Model], None], obj) -> None:
    """Recompute a record's due dates; one that cannot be computed (a year whose holidays nobody
    has entered, a pause outside the clock) refuses the step instead of guessing."""
    days = ConsultedDays()
    token = days.start()  # not a `with`: a ledger recomputes thousands a batch, twice
    try:
        compute_due(obj)
    except (ClockError, CalendarYearUnknown) as exc:
        raise Refusal(f"无法计算法定期限：{exc}") from exc
    finally:  # a refused computation's span too: a notice entered later may resolve it
        days.stop(token)
        if isinstance(obj, ClockedRecord):
            obj.calendar_from, obj.calendar_until = days.span()
