"""Keyset pages walk every record once, in order, both ways; on a column without NULLs the order
is a plain one that the (column, id) index serves (bench_serve: the 行政复议 list at 1 000 000
cases was sorted in full while its ORDER BY said NULLS LAST)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.ledger import keyset
from fazhi.disputes.reconsideration.tests import factories


@pytest.fixture
def cases(org, people):
    made = []
    for i in range(7):
        day = dt.date(2021, 3, 1) + dt.timedelta(days=i % 3)  # ties on the date: id decides
        made.append(factories.received(org, people["reviewer"], submitted_on=day))
    return type(made[0]).objects.all()  # the kernel's tests name no procedure's model


def walk(records, sort, size=3):
    seen, after = [], ""
    while True:
        page = keyset.page(records, sort, after=after, size=size)
        seen += page.rows
        if not page.next_cursor:
            return seen
        after = page.next_cursor


def walk_back(records, sort, last_cursor, size=3):
    seen, before = [], last_cursor
    while before:
        page = keyset.page(records, sort, before=before, size=size)
        seen = page.rows + seen
        before = page.prev_cursor
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["-received_on", "received_on", "next_due_on", "-next_due_on"])
def test_pages_walk_every_record_once_in_order(cases, sort):
    name, descending = sort.lstrip("-"), sort.startswith("-")
    expected = sorted(
        cases,
        key=lambda c: (getattr(c, name) is None, getattr(c, name) or dt.date.min, c.pk),
        reverse=False,
    )
    if descending:  # descending, NULLs still last
        dated = [c for c in expected if getattr(c, name) is not None][::-1]
        expected = dated + [c for c in expected if getattr(c, name) is None][::-1]
    assert [c.pk for c in walk(cases, sort)] == [c.pk for c in expected]
    # Backwards from the first record of the last page gives the pages before it, in order.
    everything = walk(cases, sort, size=100)
    first_of_last = keyset.encode(getattr(everything[-1], name), everything[-1].pk)
    back = walk_back(cases, sort, first_of_last)
    assert [c.pk for c in back] == [c.pk for c in everything[:-1]]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 2, 3, 4])
@pytest.mark.parametrize("sort", ["next_due_on", "-next_due_on"])
def test_pages_cross_from_the_dated_records_into_the_nulls_and_back(cases, sort, size):
    undated = [c.pk for c in cases.order_by("pk")[:3]]
    cases.filter(pk__in=undated).update(next_due_on=None)
    descending = sort.startswith("-")
    dated = sorted((c for c in cases if c.next_due_on), key=lambda c: (c.next_due_on, c.pk))
    expected = [c.pk for c in (dated[::-1] if descending else dated)]
    expected += sorted(undated, reverse=descending)  # NULLs last, by id the same way

    forwards = walk(cases, sort, size=size)
    assert [c.pk for c in forwards] == expected
    last = forwards[-1]
    back = walk_back(cases, sort, keyset.encode(last.next_due_on, last.pk), size=size)
    assert [c.pk for c in back] == expected[:-1]


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["-received_on", "next_due_on"])
def test_every_page_is_read_in_a_plain_order_from_a_bound_its_index_starts_at(cases, sort):
    """No NULLS FIRST/LAST in any ORDER BY (a btree read backwards cannot give DESC NULLS LAST:
    PostgreSQL sorted the whole scope), and a cursor is a plain bound on the column besides the
    OR that places ties (without it a deep page read every index entry before it)."""
    name = sort.lstrip("-")
    middle = keyset.page(cases, sort, size=3).rows[-1]
    cursor = keyset.encode(getattr(middle, name), middle.pk)
    with CaptureQueriesContext(connection) as following:
        keyset.page(cases, sort, after=cursor, size=3)
    with CaptureQueriesContext(connection) as others:
        keyset.page(cases, sort, size=3)
        keyset.page(cases, sort, before=cursor, size=3)
        keyset.bounded_count(cases, 1000, sort)
    for query in following.captured_queries + others.captured_queries:
        assert "NULLS" not in query["sql"].upper(), query["sql"]
    bound = "<=" if sort.startswith("-") else ">="
    after_sql = following.captured_queries[0]["sql"]
    assert f'"{name}" {bound} ' in after_sql, after_sql


@pytest.mark.django_db
def test_the_bounded_count_is_the_same_in_any_order(cases):
    assert keyset.bounded_count(cases, 1000, "-received_on") == 7
    assert keyset.bounded_count(cases, 1000, "next_due_on") == 7
    assert keyset.bounded_count(cases, 1000) == 7
    assert keyset.bounded_count(cases, 5, "-received_on") == 6  # bound + 1: "more than 5"


@pytest.mark.parametrize("cursor", ["x", "2021-13-01~5", "2021-01-01~", "~", "2021-01-01~1²"])
def test_a_ledger_list_answers_a_cursor_not_its_own_with_404_in_chinese(client, people, cursor):
    """The list's cursor is read by the kernel's keyset.requested_page, as every keyset page's
    is (the 普法 list of undone items too): a forged or damaged one is a 404, never a 500."""
    from django.urls import reverse

    client.force_login(people["coordinator"])
    for name in ("after", "before"):
        answer = client.get(reverse("reconsideration:list"), {name: cursor})
        assert answer.status_code == 404, (name, answer.status_code)
        assert "页面不存在" in answer.content.decode() or "找不到" in answer.content.decode()
