"""A list filtered to the open records of a unit that the table names in a column other than the
handler's (行政复议's respondent, 应诉's defendant …) finds them by an index on (that column,
status, due date). With the column's own index alone PostgreSQL ANDed it with the status index
and read every open entry of the table: 9.9 ms for a 河口 town's 40 open 复议 cases at 1 000 000
cases, 0.28 ms with the index (issue 7; bench/README.md)."""

import copy
import re

import pytest
from django.db import connection
from django.test import RequestFactory

from fazhi.core import procedures
from fazhi.core.ledger.views import PAGE_SIZE, LedgerViews
from fazhi.disputes.reconsideration.tests import factories

pytestmark = pytest.mark.django_db


def clocked_ledgers():
    """(procedure, the columns its visible() reads besides the handler) of every ledger made by
    records.ledger_indexes, recognised by its workbench index."""
    found = []
    for procedure in procedures.all_procedures():
        indexes = {i.name: i.fields for i in procedure.model._meta.indexes}
        (workbench,) = [f for name, f in indexes.items() if name.endswith("_workbench")] or [None]
        lists = [f for name, f in indexes.items() if name.endswith("_list")]
        if workbench and lists:
            visible_by = lists[0][2:-1]
            found.append((procedure, indexes, [c for c in visible_by if c != workbench[0]]))
    return found


def test_every_column_a_ledger_is_seen_by_has_its_open_items_index():
    ledgers = clocked_ledgers()
    assert {"reconsideration", "litigation", "opinions"} <= {p.key for p, _, _ in ledgers}
    for procedure, indexes, others in ledgers:
        for column in others:
            assert [column, "status", "next_due_on"] in indexes.values(), (procedure.key, column)


def open_list_sql(user) -> tuple[str, list]:
    """The statement of /fuyi/?status=open's first page for `user`."""
    request = RequestFactory().get("/fuyi/", {"status": "open"})
    request.user = user
    views = LedgerViews(procedures.get("reconsideration"))
    filters, records = views.filtered(request)
    assert not filters.errors
    page = records.order_by("-received_on", "-id")[: PAGE_SIZE + 1]
    return page.query.sql_with_params()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's choice")
def test_a_respondents_open_cases_are_read_by_its_open_items_index(org, people):
    """4 000 cases against the 自然资源局, 400 against the 公安局, one in ten open: the 公安局's
    staff see the cases against their unit, and its open ones are found in the index on
    (respondent, status), not by reading its every case nor the open entries of the table."""
    reconsideration = procedures.get("reconsideration")
    Case, Status = reconsideration.model, reconsideration.statuses
    template = factories.received(org, people["reviewer"], respondent=org["land"])
    base = Case.objects.get(pk=template.pk)
    clones = []
    for i in range(4400):
        case = copy.copy(base)
        case.pk = None
        case.number = f"弥复〔2021〕{i + 2}号"
        case.respondent = org["police"] if i % 11 == 0 else org["land"]
        case.status = Status.ACCEPTED if i % 10 == 0 else Status.DECIDED
        clones.append(case)
    Case.objects.bulk_create(clones)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Case._meta.db_table}")
        # At 4 400 rows a merge join with the units may walk the whole respondent index in its
        # order instead (a plan no table of a city's size gets), chosen or not by the dead rows
        # earlier tests left in the table: this test is about how the open cases are found.
        cursor.execute("SET LOCAL enable_mergejoin = off")
        sql, params = open_list_sql(people["police_staff"])
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert re.search(r"Index Cond: \(\(respondent_id = \d+\) AND \(\(status\)", plan), plan
    assert "rec_due " not in plan, plan
