"""Keyset pagination on any sort column, forwards and backwards.

Rows are ordered by (column, id), nulls last whichever the direction; a page continues after (or
before) the cursor `<value>~<id>` of its last (first) row. Every page costs the same however deep
it is, and no COUNT(*) is run over millions of rows: the total shown is bounded (`bounded_count`).
"""

import datetime as dt
from typing import NamedTuple

from django.db.models import Q, QuerySet
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
    # A NUL passes a model field's checks (only form fields refuse it) and PostgreSQL refuses
    # it in any text: it would fail in the database, a 500.
    if not sep or pk is None or "\x00" in raw:
        raise BadCursor(cursor)
    if raw == NULL:
        return None, pk
    try:
        value = field.to_python(raw)
        # the column's own range and size (an integer's bounds on this database, a decimal's
        # digits): a 20-digit 年度 would otherwise reach the database and fail there
        field.run_validators(value)
    except Exception as exc:  # a field's to_python raises its own ValidationError subclasses
        raise BadCursor(cursor) from exc
    return value, pk


def _beyond(name: str, value, pk: int, walk_descending: bool) -> Q:
    """Non-null rows that come after (value, pk) on a walk in this direction. The plain bound
    (`col <= value` walking down) repeats what the OR implies so that PostgreSQL starts the index
    scan at the cursor: without it the OR was a filter, and a page deep in a list read every
    index entry before it (the 90th percentile of a county's 117 832 复议 cases: 430 ms)."""
    if walk_descending:
        bound, past, id_past = f"{name}__lte", f"{name}__lt", Q(id__lt=pk)
    else:
        bound, past, id_past = f"{name}__gte", f"{name}__gt", Q(id__gt=pk)
    return Q(**{bound: value}) & (Q(**{past: value}) | (Q(**{name: value}) & id_past))


def _segments(name: str, cursor, descending: bool, reverse: bool, nullable: bool) -> list[Q]:
    """The rows after `cursor` on the walk, as ranges read one after the other, each in a plain
    (column, id) order an index serves either way. The list's order puts NULLs last, an order no
    btree on the column gives read backwards: NULLs are a range of their own, read after the
    others walking forwards and before them walking back."""
    nulls = Q(**{f"{name}__isnull": True})
    values = Q(**{f"{name}__isnull": False}) if nullable else Q()
    if cursor is None:
        return [values, nulls] if nullable else [values]
    value, pk = cursor
    walk_descending = descending != reverse
    if value is None:  # the cursor is among the NULLs, which come last
        among_nulls = nulls & (Q(id__lt=pk) if walk_descending else Q(id__gt=pk))
        return [among_nulls, values] if reverse else [among_nulls]
    ahead = [_beyond(name, value, pk, walk_descending)]
    return [*ahead, nulls] if nullable and not reverse else ahead


def _order(name: str, walk_descending: bool) -> list:
    return [f"-{name}", "-id"] if walk_descending else [name, "id"]


def page(
    records: QuerySet,
    sort: str,
    *,
    after: str = "",
    before: str = "",
    size: int,
    nulls: bool | None = None,
) -> Page:
    """One page of `records` sorted by `sort` ("-received_on", "next_due_on" …), NULLs last.

    One query, or two where a page crosses from the values into the NULLs. `nulls=False` says
    the records have no NULL in the column though it may hold them (published documents all
    have their date): no second query then."""
    descending, name = sort.startswith("-"), sort.lstrip("-")
    field = records.model._meta.get_field(name)
    reverse = bool(before) and not after
    cursor = decode(after or before, field) if (after or before) else None
    order = _order(name, descending != reverse)
    rows: list = []
    nullable = field.null if nulls is None else nulls
    for segment in _segments(name, cursor, descending, reverse, nullable):
        rows += records.filter(segment).order_by(*order)[: size + 1 - len(rows)]
        if len(rows) > size:
            break
    more, rows = len(rows) > size, rows[:size]
    if reverse:
        rows.reverse()
    if not rows:
        return Page([], "", "")
    first, last = rows[0], rows[-1]
    next_cursor = encode(getattr(last, name), last.pk) if (more or reverse) else ""
    prev_cursor = encode(getattr(first, name), first.pk) if (after or (reverse and more)) else ""
    return Page(rows, next_cursor, prev_cursor)


def requested_page(
    request, records: QuerySet, sort: str, size: int, nulls: bool | None = None
) -> Page:
    """The page of `records` a request's `after`/`before` cursor names; a cursor that is not one
    of ours is a 404, not a 500."""
    try:
        return page(
            records,
            sort,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
            size=size,
            nulls=nulls,
        )
    except BadCursor:
        raise Http404("分页参数无效") from None


def bounded_count(records: QuerySet, bound: int = 1000, sort: str = "") -> int:
    """How many records, counted no further than `bound` + 1: the total where it is cheap.

    Counted in the page's order (`sort`, as for `page`): then the index that serves the page
    serves the count, reading about bound / (the scope's share of the table) entries. Without an
    order PostgreSQL reads the table in its physical order until bound + 1 rows match, which for a
    county whose cases lie after the others' was 280 000 rows (0.2 s at 1 000 000 cases)."""
    if sort:  # where the NULLs come does not change a count: the plain order an index serves
        records = records.order_by(*_order(sort.lstrip("-"), sort.startswith("-")))
    else:
        records = records.order_by()
    return records[: bound + 1].count()
