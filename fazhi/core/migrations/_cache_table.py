"""The table of the shared cache (settings.CACHES: login throttles and rate limits), made by a core
migration whatever cache is configured today, so that an instance moving from Redis to the database
cache later needs no extra step; `fazhi migrate` is then all a new instance runs.

Kept apart (a leading underscore: not a migration) so that 0006 and the squashed core migration run
the same code.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable

CACHE_TABLE = "fazhi_cache"  # settings.CACHES["default"]["LOCATION"]


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")
