"""The public 规范性文件库 is paged by the kernel's keyset, newest first: forwards and back every
document once, the search and the 效力 filter kept by the previous/next links, a forged cursor a
404, and as many queries for a page whatever the number of documents (no COUNT(*), no OFFSET)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.governance.normative import public, services

from .factories import D, existing


@pytest.fixture
def library(settings, monkeypatch):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    monkeypatch.setattr(public, "PAGE_SIZE", 3)


def _documents(org, people, count: int, first: int = 1) -> list:
    """`count` documents of 公安局, two a day (a day's pair is ordered by id)."""
    return [
        existing(
            org,
            people["coordinator"],
            number=n,
            published_on=D(2020, 1, 1 + n // 2),
            title=f"弥勒市公安局关于第{n}项管理事项的规定",
        )
        for n in range(first, first + count)
    ]


def _ids(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="[^"]*/wenku/(\d+)/"', page)]


def _link(page: str, label: str) -> str:
    found = re.search(rf'href="(\?[^"]*)">{label}</a>', page)
    return found.group(1).replace("&amp;", "&") if found else ""


def _walk(client, params: dict) -> tuple[list[int], list[int], list[str]]:
    """Every page forwards from the first, then back from the last: the ids of each walk and
    the links followed."""
    url = reverse("normative:library")
    page = client.get(url, params).content.decode()
    forwards, links = _ids(page), []
    while nxt := _link(page, "下一页"):
        links.append(nxt)
        page = client.get(url + nxt).content.decode()
        forwards += _ids(page)
    backwards = _ids(page)
    while prev := _link(page, "上一页"):
        links.append(prev)
        page = client.get(url + prev).content.decode()
        backwards = _ids(page) + backwards
    return forwards, backwards, links


def test_paging_forwards_and_back_shows_each_document_once_newest_first(
    org, people, client, library
):
    docs = _documents(org, people, 8)
    newest_first = [d.pk for d in sorted(docs, key=lambda d: (d.published_on, d.pk), reverse=True)]
    forwards, backwards, links = _walk(client, {})
    assert forwards == newest_first
    assert backwards == newest_first
    assert len(links) == 2 * 2  # three pages: two steps forwards, two back
    first = client.get(reverse("normative:library")).content.decode()
    assert "共 8 件" in first
    assert "page=" not in first


def test_the_search_and_the_filter_survive_paging(org, people, client, library):
    docs = _documents(org, people, 9)
    for doc in docs[::2]:
        services.abolish(people["coordinator"], Channel.WEB, doc, on=D(2021, 6, 1), reason="清理")
    _documents(org, people, 2, first=50)  # in force, and another title
    ended = sorted(docs[::2], key=lambda d: (d.published_on, d.pk), reverse=True)
    params = {"q": "管理事项", "state": "ended"}
    forwards, backwards, links = _walk(client, params)
    assert forwards == backwards == [d.pk for d in ended]
    assert links and all("q=%E7%AE%A1" in link and "state=ended" in link for link in links)
    page = client.get(reverse("normative:library"), params).content.decode()
    assert "共 5 件" in page


@pytest.mark.parametrize("cursor", ["2020-01-02~x", "not-a-date~3", "9", "2020-13-01~1"])
def test_a_forged_cursor_is_a_404(org, people, client, library, cursor):
    _documents(org, people, 4)
    for name in ("after", "before"):
        response = client.get(reverse("normative:library"), {name: cursor})
        assert response.status_code == 404


def _queries(client, query: str = "") -> list[str]:
    """The SQL that the library page `query` (a query string) runs."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("normative:library") + query).status_code == 200
    return [q["sql"] for q in captured]


def test_a_page_runs_as_many_queries_however_many_documents(org, people, client, library):
    url = reverse("normative:library")

    def queries(query: str = "") -> int:
        sql = _queries(client, query)
        # Neither an offset nor a count of every document the search matches.
        assert not [q for q in sql if "OFFSET" in q.upper()], sql
        assert all("LIMIT" in q.upper() for q in sql if "COUNT(" in q.upper()), sql
        return len(sql)

    _documents(org, people, 4)
    few = queries(), queries("?state=in_force")
    _documents(org, people, 20, first=10)
    assert (queries(), queries("?state=in_force")) == few
    second = _link(client.get(url).content.decode(), "下一页")
    third = _link(client.get(url + second).content.decode(), "下一页")
    assert queries(third) == queries(second) == few[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN's plan nodes are PostgreSQL's"
)
def test_the_page_and_its_total_walk_the_library_index(org, people, client, library):
    """Without `normdoc_public` each page sorted every document. The page is read in the
    index's plain order (published documents all have their date: no second range for NULLs).
    The planner is kept off the plans a few rows make cheapest, as at 1 000 000 rows."""
    _documents(org, people, 5)
    second = _link(client.get(reverse("normative:library")).content.decode(), "下一页")
    for query in ("", second, "?state=in_force"):
        reads = [q for q in _queries(client, query) if 'FROM "normative_normativedocument"' in q]
        assert len(reads) == 2, reads  # the page and its bounded total
        with connection.cursor() as cursor:
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                cursor.execute(f"SET LOCAL {setting} = off")
            for sql in reads:
                cursor.execute(f"EXPLAIN {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert re.search(r"Index (Only )?Scan (Backward )?using normdoc_public\b", plan), (
                    query,
                    plan,
                )
                assert "Sort" not in plan, plan
