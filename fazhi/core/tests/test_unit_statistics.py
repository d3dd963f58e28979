"""Every column naming an org unit carries the statistics target that lets PostgreSQL count a
small unit's rows, set by `fazhi migrate` (fazhi.core.unit_statistics; issue 7)."""

import pytest
from django.db import connection

from fazhi.core import unit_statistics

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL planner setting"
)


def targets(pairs) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname, a.attstattarget FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = ANY(%s)",
            [[table for table, _ in pairs]],
        )
        return {(t, c): n for t, c, n in cursor.fetchall() if (t, c) in set(pairs)}


def test_the_unit_columns_of_the_ledgers_are_found():
    columns = unit_statistics.unit_columns()
    for pair in [
        ("disputes_reconsiderationcase", "unit_id"),
        ("disputes_reconsiderationcase", "respondent_id"),
        ("disputes_mediationcase", "unit_id"),
        ("core_openitem", "acting_unit_id"),
    ]:
        assert pair in columns
    assert ("disputes_reconsiderationcase", "status") not in columns


@postgresql_only
def test_migrate_gave_every_unit_column_its_target(settings):
    columns = unit_statistics.unit_columns()
    assert set(targets(columns).values()) == {settings.FAZHI_UNIT_STATISTICS}
    assert unit_statistics.set_targets() == []  # nothing left to do


@postgresql_only
def test_a_column_without_it_gets_it_again_and_only_that_one(settings):
    pair = ("disputes_reconsiderationcase", "respondent_id")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {pair[0]} ALTER COLUMN {pair[1]} SET STATISTICS -1")
    assert unit_statistics.set_targets() == [pair]
    assert targets([pair]) == {pair: settings.FAZHI_UNIT_STATISTICS}


def test_sqlite_or_a_target_of_0_changes_nothing(settings):
    settings.FAZHI_UNIT_STATISTICS = 0
    assert unit_statistics.set_targets() == []


@postgresql_only
def test_an_absurd_target_is_kept_to_postgresqls_largest_once(settings):
    settings.FAZHI_UNIT_STATISTICS = 10**9
    columns = unit_statistics.unit_columns()
    try:
        assert unit_statistics.set_targets() == columns
        assert set(targets(columns).values()) == {unit_statistics.MAX_TARGET}
        assert unit_statistics.set_targets() == []  # not altered again at the next migrate
    finally:
        settings.FAZHI_UNIT_STATISTICS = 1000
        unit_statistics.set_targets()
