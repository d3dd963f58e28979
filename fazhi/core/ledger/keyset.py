"""Keyset pagination on any sort column, forwards and backwards.

Rows are ordered by (column, id), nulls last whichever the direction; a page continues after (or
before) the cursor `<value>~<id>` of its last (first) row. Every page costs the same however deep
it is, and no COUNT(*) is run over millions of rows: the total shown is bounded (`bounded_count`).
"""

import datetime as dt
from typing import NamedTuple

from django.db.models import F, Q, QuerySet
from django.http import Http404

from ..validators import plain_int

NULL = "-"


class BadCursor(ValueError):
    """A cursor that was not made by this page (edited by hand, or from another sort)."""


class Page(NamedTuple):
    rows: list
    next_cursor: str
    prev_cursor: str


def encode(value, pk: int) -> str:
    if value is None:
        return f"{NULL}~{pk}"
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    return f"{value}~{pk}"


def decode(cursor: str, field) -> tuple:
    raw, sep, text = cursor.rpartition("~")
    pk = plain_int(text)
    if not sep or pk is None:
        raise BadCursor(cursor)
    if raw == NULL:
        return None, pk
    try:
        return field.to_python(raw), pk
    except Exception as exc:  # a field's to_python raises its own ValidationError subclasses
        raise BadCursor(cursor) from exc


def _after(name: str, value, pk: int, descending: bool) -> Q:
    """Rows that come after (value, pk) in the order: (name desc|asc nulls last, id desc|asc)."""
    id_after = Q(id__lt=pk) if descending else Q(id__gt=pk)
    if value is None:
        return Q(**{f"{name}__isnull": True}) & id_after
    beyond = Q(**{f"{name}__lt" if descending else f"{name}__gt": value})
    return beyond | (Q(**{name: value}) & id_after) | Q(**{f"{name}__isnull": True})


def _before(name: str, value, pk: int, descending: bool) -> Q:
    id_before = Q(id__gt=pk) if descending else Q(id__lt=pk)
    if value is None:
        return Q(**{f"{name}__isnull": False}) | (Q(**{f"{name}__isnull": True}) & id_before)
    nearer = Q(**{f"{name}__gt" if descending else f"{name}__lt": value})
    return nearer | (Q(**{name: value}) & id_before)


def _ordering(name: str, descending: bool, reverse: bool, nullable: bool) -> list:
    column, nulls = F(name), {"nulls_first": True} if reverse else {"nulls_last": True}
    if not nullable:
        # No NULLs to place: a plain ASC/DESC, which an index on (column, id) serves read either
        # way; `DESC NULLS LAST` it cannot, and PostgreSQL sorted the whole scope instead (the
        # 行政复议 list at 1 000 000 cases: 0.6 s instead of a millisecond).
        nulls = {}
    first = column.desc(**nulls) if descending != reverse else column.asc(**nulls)
    return [first, "-id" if descending != reverse else "id"]


def page(records: QuerySet, sort: str, *, after: str = "", before: str = "", size: int) -> Page:
    """One page of `records` sorted by `sort` ("-received_on", "next_due_on" …)."""
    descending, name = sort.startswith("-"), sort.lstrip("-")
    field = records.model._meta.get_field(name)
    reverse = bool(before) and not after
    if after:
        records = records.filter(_after(name, *decode(after, field), descending))
    elif before:
        records = records.filter(_before(name, *decode(before, field), descending))
    ordering = _ordering(name, descending, reverse, field.null)
    rows = list(records.order_by(*ordering)[: size + 1])
    more, rows = len(rows) > size, rows[:size]
    if reverse:
        rows.reverse()
    if not rows:
        return Page([], "", "")
    first, last = rows[0], rows[-1]
    next_cursor = encode(getattr(last, name), last.pk) if (more or reverse) else ""
    prev_cursor = encode(getattr(first, name), first.pk) if (after or (reverse and more)) else ""
    return Page(rows, next_cursor, prev_cursor)


def requested_page(request, records: QuerySet, sort: str, size: int) -> Page:
    """The page of `records` a request's `after`/`before` cursor names; a cursor that is not one
    of ours is a 404, not a 500."""
    try:
        return page(
            records,
            sort,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
            size=size,
        )
    except BadCursor:
        raise Http404("分页参数无效") from None


def bounded_count(records: QuerySet, bound: int = 1000, sort: str = "") -> int:
    """How many records, counted no further than `bound` + 1: the total where it is cheap.

    Counted in the page's order (`sort`, as for `page`): then the index that serves the page
    serves the count, reading about bound / (the scope's share of the table) entries. Without an
    order PostgreSQL reads the table in its physical order until bound + 1 rows match, which for a
    county whose cases lie after the others' was 280 000 rows (0.2 s at 1 000 000 cases)."""
    if sort:
        descending, name = sort.startswith("-"), sort.lstrip("-")
        nullable = records.model._meta.get_field(name).null
        records = records.order_by(*_ordering(name, descending, False, nullable))
    else:
        records = records.order_by()
    return records[: bound + 1].count()
