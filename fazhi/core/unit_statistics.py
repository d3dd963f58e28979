"""How much PostgreSQL's planner knows of the unit columns: a statistics target per column that
names an org unit, set after every `fazhi migrate` (a model added later is covered too).

A list is filtered by the user's scope and sorted by date. Whether to walk the date index and
filter, or to fetch the scope's rows by a unit index and sort them, depends on how many rows the
scope has. With the default target (100), a county's few hundred units do not all fit in a
column's list of most common values, and a unit outside it is guessed at the average of the
rest: 1 656 rows for a 河口 town that 421 of 1 000 000 行政复议 cases name. Expecting four times
its rows, the planner walked the date index, and the town's list took 78 ms instead of 1.5 ms
(bench/README.md, "A department that few records name"). With FAZHI_UNIT_STATISTICS (default
1000) every unit of a prefecture is counted (the estimate was 423). ANALYZE then samples
300 × the target rows of such a table: 6.6 s at 1 000 000 cases, in autovacuum's background.
"""

from django.apps import apps
from django.conf import settings
from django.db import connections

from .models import OrgUnit

MAX_TARGET = 10_000


def unit_columns() -> list[tuple[str, str]]:
    """(table, column) of every foreign key to OrgUnit in the project's own tables."""
    found = set()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is OrgUnit:
                found.add((model._meta.db_table, field.column))
    return sorted(found)


def set_targets(using: str = "default") -> list[tuple[str, str]]:
    """Give every unit column the target it lacks (PostgreSQL only); returns those changed.
    SET STATISTICS takes a lock that reads and writes do not wait for."""
    # PostgreSQL keeps at most 10 000 (it lowers a higher target with a warning): asked for
    # more, every migrate would find the column short of it and alter it again.
    target = min(int(getattr(settings, "FAZHI_UNIT_STATISTICS", 1000)), MAX_TARGET)
    connection = connections[using]
    if connection.vendor != "postgresql" or target <= 0:
        return []
    columns = unit_columns()
    with connection.cursor() as cursor:
        cursor.execute(  # the columns whose tables exist (a partial migrate may lack some)
            "SELECT c.relname, a.attname, a.attstattarget FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid"
            " WHERE c.relname = ANY(%s) AND a.attname = ANY(%s) AND NOT a.attisdropped"
            " AND c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid)",
            [[table for table, _ in columns], [column for _, column in columns]],
        )
        current = {(table, column): now for table, column, now in cursor.fetchall()}
        changed = [pair for pair in columns if current.get(pair, target) != target]
        quote = connection.ops.quote_name
        for table, column in changed:
            cursor.execute(
                f"ALTER TABLE {quote(table)} ALTER COLUMN {quote(column)} SET STATISTICS {target:d}"
            )
    return changed
