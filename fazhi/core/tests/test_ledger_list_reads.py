"""What a list page reads, and what it keeps between pages (fazhi.core.ledger: rows.py, the
filters' memo in filters.py, the totals over the bound in views.py). The 行政复议 ledger is the
example: its columns are field paths and one function that declares what it reads."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.ledger import keyset, views
from fazhi.core.ledger.rows import RowView, as_row_views, row_fields, rows_html
from fazhi.core.models import UnitKind
from fazhi.core.procedures import Column, get
from fazhi.core.services import create_unit
from fazhi.disputes.reconsideration.tests.factories import received

D = dt.date


def _cases(org, people, n, **overrides):
    return [
        received(
            org,
            people["reviewer"],
            **{
                "submitted_on": D(2021, 3, 1) + dt.timedelta(days=i),
                "applicant_name": f"申请人{i}",
                **overrides,
            },
        )
        for i in range(n)
    ]


def _filters_and_rows(response) -> str:
    """The page from its filter form to the end of its table (the CSRF token above differs)."""
    page = response.content.decode()
    return page[page.index('<form method="get"') : page.index("</table>")]


@pytest.fixture
def coordinator(client, people):
    client.force_login(people["coordinator"])
    return client


def test_rows_read_as_values_show_what_the_records_show(org, people):
    """Choice labels, dates, due badges, links, a function's column and free text masked: the
    same HTML, tick boxes included, whichever way the rows are read."""
    _cases(org, people, 3)
    _cases(org, people, 1, applicant_name="王五 13812345678 之代理人")
    procedure = get("reconsideration")
    ledger = procedure.ledger
    fields = row_fields(procedure.model, ledger.columns, {ledger.date_field})
    assert fields and "respondent__short_name" in fields and "status" in fields
    records = procedure.model.objects.order_by("-received_on", "-id").select_related("respondent")
    as_values = list(as_row_views(records, fields))
    assert all(isinstance(row, RowView) for row in as_values)
    made = rows_html(as_values, ledger.columns)
    assert made == rows_html(list(records), ledger.columns)
    # a tick box's label: the record's name, or for values the linked column's text (案号)
    first = as_values[0].values["number"]
    assert f'aria-label="选择 {first}"' in rows_html(as_values, ledger.columns, pick=True)
    assert made.count("<tr>") == 4 and "138****5678" in made and "13812345678" not in made
    unnumbered = as_values[1]
    unnumbered.values["number"] = ""
    label = f'aria-label="选择 记录 {unnumbered.pk}"'
    assert label in rows_html([unnumbered], ledger.columns, pick=True)
    assert "公安局" in made and "待审查" in made  # the respondent's name, the status's label


def test_a_column_that_calls_the_record_keeps_the_records():
    procedure = get("reconsideration")
    columns = [*procedure.ledger.columns, Column("备注", lambda c: c.get_status_display())]
    assert row_fields(procedure.model, columns, {"received_on"}) is None
    assert row_fields(procedure.model, [Column("复议机关", "organ")], set()) is None


def test_a_function_reading_an_undeclared_field_fails_loudly(org, people):
    procedure = get("reconsideration")
    _cases(org, people, 1)
    row = next(iter(as_row_views(procedure.model.objects.all(), ("id", "number"))))
    assert row.pk == row.values["id"]
    with pytest.raises(AttributeError, match="reads"):
        row.applicant_name  # noqa: B018


def test_the_same_filters_again_are_not_checked_again_and_filter_the_same(org, people, coordinator):
    _cases(org, people, 2)
    _cases(org, people, 1, respondent=org["land"])
    url = f"{reverse('reconsideration:list')}?respondent={org['land'].pk}"
    first = coordinator.get(url)
    with CaptureQueriesContext(connection) as again:
        second = coordinator.get(url)
    assert _filters_and_rows(second) == _filters_and_rows(first)
    assert _filters_and_rows(second).count("<tr>") == 2  # the header and the one case
    # the filter form's units were not read again: the kept form was made for the same units;
    # only the ids of the user's scope were (permissions.scope_ids)
    units_read = [q for q in again.captured_queries if q["sql"].startswith('SELECT "core_orgunit"')]
    assert [q["sql"].split(" FROM ")[0] for q in units_read] == [
        'SELECT "core_orgunit"."id" AS "pk"'
    ]
    views_ = views.LedgerViews(get("reconsideration"))
    _, records = views_.filtered(first.wsgi_request)
    assert list(records.values_list("respondent", flat=True)) == [org["land"].pk]


def test_a_unit_created_is_offered_by_the_next_page_and_another_government_sees_its_own(
    org, people, coordinator, client
):
    page = coordinator.get(reverse("reconsideration:list")).content.decode()
    assert "弥勒市公安局" in page and "开远市司法局" not in page
    create_unit(
        None,
        Channel.CLI,
        code="532504-xf",
        name="弥勒市信访局",
        kind=UnitKind.DEPARTMENT,
        parent=org["mile"],
    )
    assert "弥勒市信访局" in coordinator.get(reverse("reconsideration:list")).content.decode()
    client.force_login(people["kaiyuan_staff"])
    theirs = client.get(reverse("reconsideration:list")).content.decode()
    assert "开远市司法局" in theirs and "弥勒市信访局" not in theirs


def test_a_bad_filter_is_refused_every_time(org, people, coordinator):
    url = f"{reverse('reconsideration:list')}?status=nonsense"
    for _ in range(2):
        response = coordinator.get(url)
        assert response.status_code == 400 and "筛选条件有误" in response.content.decode()


def test_a_total_over_the_bound_is_remembered_one_within_it_is_counted_afresh(
    org, people, coordinator, monkeypatch
):
    monkeypatch.setattr(views, "COUNT_BOUND", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)  # more than a page: counted, not seen whole
    _cases(org, people, 3)
    url = reverse("reconsideration:list")
    assert "共 3 件" in coordinator.get(url).content.decode()
    _cases(org, people, 1)  # within the bound, the total was not kept: counted again
    assert "超过 3 件" in coordinator.get(url).content.decode()
    counted = []
    real = keyset.bounded_count
    monkeypatch.setattr(keyset, "bounded_count", lambda *a, **k: counted.append(1) or real(*a, **k))
    page = coordinator.get(url).content.decode()
    assert "超过 3 件" in page and counted == []  # remembered, not counted again
    other = coordinator.get(f"{url}?status=received").content.decode()
    assert "超过 3 件" in other and counted == [1]  # other filters: counted


@pytest.mark.parametrize("page_size, counted", [(50, False), (2, True)])
def test_a_list_on_one_page_is_counted_by_its_rows(
    org, people, coordinator, monkeypatch, page_size, counted
):
    """The whole list on its first page: the total is its rows, with no count query (a small
    unit's every list made one more query); a list with more pages is counted."""
    _cases(org, people, 3)
    monkeypatch.setattr(views, "PAGE_SIZE", page_size)
    monkeypatch.setattr(views.OverBound, "get", lambda self, key: None)  # none kept by others
    with CaptureQueriesContext(connection) as queries:
        response = coordinator.get(reverse("reconsideration:list"))
    assert "共 3 件" in response.content.decode()
    counts = [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert bool(counts) == counted
