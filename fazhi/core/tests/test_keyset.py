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
def test_a_column_without_nulls_is_ordered_plainly_for_its_index(cases):
    with CaptureQueriesContext(connection) as queries:
        keyset.page(cases, "-received_on", size=3)
        keyset.bounded_count(cases, 1000, "-received_on")
    for query in queries.captured_queries:
        assert "NULLS" not in query["sql"].upper(), query["sql"]
    with CaptureQueriesContext(connection) as queries:
        keyset.page(cases, "next_due_on", size=3)  # nullable: NULLs placed last
    assert "NULLS LAST" in queries.captured_queries[0]["sql"].upper()


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
