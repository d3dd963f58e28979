"""The staff workbench gathers each domain's open items with their next statutory due date.

A domain registers a source: a function of the user returning a queryset of its visible open
records; the workbench lists the open items of the declared sources from the kernel's
open-items table in one query, whatever the number of rows or of procedures.
"""

import datetime as dt
import functools
import html
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe

from .bulk import AnyOf
from .models import OpenItem
from .permissions import subtree_ids
from .records import detail_url_parts
from .templatetags.deadlines import due_badge_on


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    open_items: Callable[..., QuerySet]
    lists: Q | None = None  # the OpenItem rows it lists, if fewer than all the procedure's


_SOURCES: dict[str, Source] = {}


def add(key: str, label: str, open_items: Callable[..., QuerySet], lists: Q | None = None) -> None:
    _SOURCES[key] = Source(key, label, open_items, lists)


def register(key: str, label: str):
    def wrap(func: Callable[..., QuerySet]):
        add(key, label, func)
        return func

    return wrap


def sources() -> list[Source]:
    return list(_SOURCES.values())


def listed() -> Q:
    """The OpenItem rows the declared sources list: every open record of a procedure, or those
    its `workbench_lists` names (a media account is open while in normal use, but only one under
    整改 is work; an effective normative document only once a due date is set)."""
    whole = [source.key for source in sources() if source.lists is None]
    condition = Q(procedure__in=whole)
    for source in sources():
        if source.lists is not None:
            condition |= Q(procedure=source.key) & source.lists
    return condition


def items_for(user, limit: int = 50) -> list[tuple[Source, list[OpenItem]]]:
    """The open items of every source, soonest due first (undated last), at most `limit` each:
    one query on the kernel's open-items table (fazhi.core.openitems), whatever the number of
    procedures — the records the user's units handle or must act on."""
    scope = user.scope_unit()
    declared = {source.key: source for source in sources()}
    if scope is None or not declared:
        return []
    found: dict[str, list[OpenItem]] = {key: [] for key in declared}
    for row in _soonest(subtree_ids(scope), declared.values(), limit):
        found[row.procedure].append(row)
    for items in found.values():  # a UNION ALL's parts come back in no promised order
        items.sort(key=lambda item: (item.due_on is None, item.due_on or MAX_DATE, item.id))
    return [(declared[key], items) for key, items in found.items()]


SOONEST = (F("due_on").asc(nulls_last=True), F("id").asc())
MAX_DATE = dt.date.max


def _soonest(units, declared, limit: int):
    """The first `limit` items of each source in `units`. On PostgreSQL a LATERAL subquery per
    procedure walks the index on (procedure, due_on, id) and stops at `limit`: 1 ms for a
    county's 15 000 open items at 1 000 000 cases, where a window over them all sorted the lot
    (48 ms), and one plan where a UNION ALL of a part per procedure took 5 ms to plan. SQLite,
    which has no LATERAL, numbers the rows with a window."""
    if connection.vendor != "postgresql":
        return (
            _in_units(units)
            .filter(listed())
            .annotate(rank=Window(RowNumber(), partition_by=[F("procedure")], order_by=SOONEST))
            .filter(rank__lte=limit)
            .order_by("procedure", *SOONEST)
        )
    # The ids as an array, not a subquery: the planner then knows how much of the table the
    # scope is, and reads a small unit's few items by the unit indexes instead of the walk.
    ids = list(units.values_list("pk", flat=True))
    sql, params = _lateral_sql(tuple(source.key for source in declared), limit)
    return OpenItem.objects.raw(sql, [ids if param == _IDS else param for param in params])


_IDS = [-1]  # stands for the scope's unit ids in the statement made once per process


@functools.lru_cache(maxsize=16)
def _lateral_sql(keys: tuple[str, ...], limit: int) -> tuple[str, tuple]:
    """The workbench's statement, compiled once: the ORM took ~2 ms a page to build the same
    text from the declared sources' conditions, which do not change while the process runs."""
    each = (
        OpenItem.objects.filter(AnyOf("unit_id", _IDS) | AnyOf("acting_unit_id", _IDS))
        .filter(listed(), procedure=RawSQL("wanted.key", ()))
        .order_by(*SOONEST)[:limit]
    )
    sql, params = each.query.sql_with_params()
    return (
        f"SELECT item.* FROM unnest(%s::text[]) AS wanted(key) CROSS JOIN LATERAL ({sql}) item",
        (list(keys), *params),
    )


def _in_units(units) -> QuerySet:
    return OpenItem.objects.filter(Q(unit_id__in=units) | Q(acting_unit_id__in=units))


class Rows:
    """The workbench table's rows, made here rather than in the template (a few dozen template
    nodes per item, for up to 50 items per procedure): the same HTML. A page's items share few
    due dates, procedures and statuses: each badge, link prefix and status label is made once
    per page (a badge reads today's date; a link the request's script prefix)."""

    def __init__(self):
        self.badges: dict = {}
        self.today = timezone.localdate()
        self.labels: dict[tuple[str, str], str] = {}
        self.script_prefix = get_script_prefix()

    def html(self, items) -> list[str]:
        return [self.row(item) for item in items]

    def row(self, item: OpenItem) -> str:
        if item.due_on not in self.badges:
            self.badges[item.due_on] = str(due_badge_on(item.due_on, self.today))
        kind = (item.procedure, item.status)
        if kind not in self.labels:
            self.labels[kind] = _escape(item.status_label)
        prefix, suffix = detail_url_parts(item.procedure, self.script_prefix)
        label = f" · {_escape(item.due_label)}" if item.due_label else ""
        return mark_safe(  # every value escaped here, as format_html would
            f'<tr><td><a href="{_escape(prefix)}{item.record_id}{_escape(suffix)}">'
            f"{_escape(item.title)}</a></td><td>{self.labels[kind]}{label}</td>"
            f"<td>{self.badges[item.due_on]}</td></tr>"
        )


def rows_html(items) -> list[str]:
    return Rows().html(items)


def _escape(text) -> str:
    """django.utils.html.escape's output, without its lazy-string wrapper (a third of a row)."""
    return html.escape(str(text))
