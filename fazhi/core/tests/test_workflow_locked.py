"""`locked()`: the re-read under the row lock that every step runs in brings the units the record
names with it, in the same query, and locks only the record's own row."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.workflow import locked
from fazhi.disputes.reconsideration.tests.factories import received


def test_the_locked_record_comes_with_its_units_and_only_its_row_is_locked(org, people):
    case = received(org, people["reviewer"], submitted_on=dt.date(2024, 3, 1))
    with CaptureQueriesContext(connection) as queries:
        again = locked(case)
        names = (again.organ.name, again.unit.name, again.respondent.name)
    assert names == ("弥勒市人民政府", "弥勒市司法局", "弥勒市公安局")
    assert len(queries) == 1
    if connection.vendor == "postgresql":  # SQLite locks the whole database for a write
        sql = queries[0]["sql"]
        assert sql.endswith('FOR UPDATE OF "disputes_reconsiderationcase"')
