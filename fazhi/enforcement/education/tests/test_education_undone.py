"""The staff list of 清单事项 without activity is paged by keyset, by unit in the org tree's order
(the item's copy of its unit's path, kept when units move or are recoded): following 下一页 reads
every row once, in order, even when an item on a page already read gets its activity meanwhile;
going back with 上一页 gives the same pages; a cursor not made by the page is a 404; and a page
costs the same number of queries however many rows the scope has."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.enforcement.education import public

from .factories import activity, item, today

URL = reverse("education_duties:undone")
PAGE = 3


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(public, "PAGE_SIZE", PAGE)


@pytest.fixture
def coordinator(client, people):
    client.force_login(people["coordinator"])
    return client


def _items(org, people, n, start=0):
    units = [org["police"], org["land"], org["miyang"]]
    return [
        item(org, people["coordinator"], unit=units[k % 3], laws=f"《法律{k}》")
        for k in range(start, start + n)
    ]


def _link(page, label) -> str:
    """The query string of the page's 上一页/下一页 link, or "" when it has none."""
    found = re.search(rf'href="\?([^"]*)">{label}</a>', page.content.decode())
    return html.unescape(found.group(1)) if found else ""


def _walk(client, label, query=""):
    """The pages from `query` on, following `label`: each page's rows' ids."""
    pages = []
    while True:
        page = client.get(f"{URL}?{query}")
        assert page.status_code == 200
        pages.append([row.pk for row in page.context["page"].rows])
        query = _link(page, label)
        if not query:
            return pages, page


def test_following_the_next_page_reads_every_row_once_in_order(org, people, coordinator):
    made = _items(org, people, 8)
    pages, last = _walk(coordinator, "下一页")
    assert [len(p) for p in pages] == [3, 3, 2]
    read = [pk for p in pages for pk in p]
    assert sorted(read) == sorted(i.pk for i in made)
    by_unit = sorted(made, key=lambda i: (i.unit.path, i.pk))
    assert read == [i.pk for i in by_unit]
    assert "共 8 项" in last.content.decode()
    back, first = _walk(coordinator, "上一页", _link(last, "上一页"))
    assert back == pages[-2::-1]
    assert _link(first, "上一页") == ""


def test_a_row_done_on_a_page_already_read_does_not_push_one_off_the_next(org, people, coordinator):
    _items(org, people, 7)
    first = coordinator.get(URL)
    seen = [row.pk for row in first.context["page"].rows]
    expected_next = [
        row.pk for row in coordinator.get(f"{URL}?{_link(first, '下一页')}").context["page"].rows
    ]
    done = first.context["page"].rows[0]
    activity(org, people["coordinator"], unit=done.unit, duty_item=done, held_on=today())
    second = coordinator.get(f"{URL}?{_link(first, '下一页')}")
    assert [row.pk for row in second.context["page"].rows] == expected_next
    assert not set(seen) & set(expected_next)


# The sort key is text (a path), so any text before the "~" is a place in the order, not an
# error: a cursor is refused for its id, or for having none.
@pytest.mark.parametrize(
    "query", ["after=abc", "after=1", "before=x~", "after=x~%C2%B2", "after=1~%D9%A1"]
)
def test_a_cursor_not_made_by_the_page_is_a_404(org, people, coordinator, query):
    _items(org, people, 2)
    assert coordinator.get(f"{URL}?{query}").status_code == 404


@pytest.mark.parametrize("year", ["²⁰²¹", "٢٠٢١", "99999999999999999999999", "-1"])
def test_a_year_that_is_not_plain_digits_shows_this_year(org, people, coordinator, year):
    _items(org, people, 1)
    page = coordinator.get(URL, {"year": year})
    assert page.status_code == 200 and page.context["year"] == today().year


def test_a_page_costs_the_same_queries_however_many_rows(
    org, people, coordinator, django_assert_max_num_queries
):
    _items(org, people, 2)
    with CaptureQueriesContext(connection) as few:
        assert coordinator.get(URL).status_code == 200
    _items(org, people, 30, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = coordinator.get(URL)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert coordinator.get(f"{URL}?{_link(first, '下一页')}").status_code == 200
    assert "共 32 项" in first.content.decode()
