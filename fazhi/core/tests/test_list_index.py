"""Each ledger's list index covers what its list's bounded count reads: the date and id it walks
in, and every column its visible() filters on. On PostgreSQL the count is then an index-only
scan. With the index on (received_on, id) alone, 行政复议's `unit IN (subtree) OR respondent = X`
read a table row for each entry walked: at 1 000 000 cases a coordinator's count walked 8 169
(7 → 2 ms once index-only), a department's 45 238 (35 → 7 ms) (issue 7)."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from fazhi.core import procedures
from fazhi.core.ledger import keyset
from fazhi.core.ledger.views import COUNT_BOUND, LedgerViews
from fazhi.disputes.reconsideration.tests import factories

pytestmark = pytest.mark.django_db

# A county keeps a few hundred accounts and a campaign or two a year: their lists sort them.
WITHOUT_LIST_INDEX = {"media", "media_campaigns"}

# Departments and towns see their own records; coordinators and leaders their government's.
PERSONAS = ("coordinator", "reviewer", "police_staff", "leader")


def ledgers():
    return [p for p in procedures.all_procedures() if p.key not in WITHOUT_LIST_INDEX]


def list_index(procedure):
    model = procedure.model
    (index,) = [i for i in model._meta.indexes if i.name.endswith("_list")]
    return index, [model._meta.get_field(name).column for name in index.fields]


def count_sql(procedure, user) -> str:
    """The bounded count the list page runs for `user`, unfiltered, in the page's order."""
    request = RequestFactory().get("/")
    request.user = user
    views = LedgerViews(procedure)
    _, records = views.filtered(request)
    with CaptureQueriesContext(connection) as queries:
        keyset.bounded_count(records, COUNT_BOUND, views.sort_key(request))
    (query,) = queries.captured_queries
    return query["sql"]


@pytest.fixture
def cases(org, people):
    """A few 行政复议 cases: one ledger counted with rows in it, not only empty tables."""
    for _ in range(3):
        factories.received(org, people["reviewer"])


def test_every_ledger_but_the_small_ones_has_a_list_index_on_its_date():
    for procedure in ledgers():
        index, columns = list_index(procedure)
        date = procedure.model._meta.get_field(procedure.ledger.date_field).column
        assert columns[:2] == [date, "id"], (procedure.key, index.name)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_index_holds_every_column_the_count_reads(people, cases, persona):
    for procedure in ledgers():
        table = procedure.model._meta.db_table
        sql = count_sql(procedure, people[persona])
        # From the FROM on: a column only selected, as the annotation of visible_items, is one
        # the count does not use, and PostgreSQL leaves it out of the plan.
        read = set(re.findall(rf'"{table}"\."(\w+)"', sql[sql.index(f'FROM "{table}"') :]))
        index, columns = list_index(procedure)
        assert read <= set(columns), (procedure.key, index.name, read - set(columns), sql)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN's plan nodes are PostgreSQL's"
)
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_count_is_an_index_only_scan_of_the_list_index(people, cases, persona):
    """The planner is kept off the plans a few rows make cheapest (a table scan and a sort), so
    that it walks the list index as it does at 1 000 000 rows for a scope that is a good share
    of the table (a unit few records name is read by its unit index, then sorted: test_scope_ids);
    it reads the index alone only if the index holds every column the query needs."""
    with connection.cursor() as cursor:
        off = ("enable_seqscan", "enable_bitmapscan", "enable_sort", "enable_incremental_sort")
        for setting in off:
            cursor.execute(f"SET LOCAL {setting} = off")
        for procedure in ledgers():
            sql = count_sql(procedure, people[persona])
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            index, _ = list_index(procedure)
            table = procedure.model._meta.db_table
            assert re.search(
                rf"Index Only Scan (Backward )?using {index.name} on {table}\b", plan
            ), (
                procedure.key,
                plan,
            )
