"""The squashed migrations: a new database takes the short path, a database built before them
keeps the old one, and one built before the procedures left their group apps (disputes,
oversight) still migrates forward through the old migrations, which stay on disk for it.

The schema both paths build was compared table by table (columns, indexes, constraints) on SQLite
and with pg_dump on PostgreSQL when the squash was made; `makemigrations --check` in `make test`
keeps the short path's state equal to the models.
"""

from unittest import mock

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db

GROUPS = {"disputes", "oversight"}
MOVED = (
    "reconsideration",
    "litigation",
    "mediation",
    "proposals",
    "disclosure",
    "letters",
    "media",
)


def loader_for(applied):
    """The migration graph Django builds for a database on which `applied` have run."""
    rows = {key: object() for key in applied}
    with mock.patch.object(MigrationRecorder, "applied_migrations", return_value=rows):
        return MigrationLoader(connection)


def ours(loader):
    return {
        key: m for key, m in loader.disk_migrations.items() if m.__module__.startswith("fazhi.")
    }


def squashes(loader):
    return {key: m for key, m in ours(loader).items() if m.replaces}


def old_migrations(loader):
    replaced = {key for m in squashes(loader).values() for key in m.replaces}
    return {key for key in ours(loader) if key in replaced}


def plan(loader):
    targets = loader.graph.leaf_nodes()
    return [
        key
        for target in targets
        for key in loader.graph.forwards_plan(target)
        if key not in loader.applied_migrations
    ]


def test_a_new_database_runs_no_replaced_migration():
    loader = loader_for(set())
    planned = set(plan(loader))
    assert not planned & old_migrations(loader)
    assert set(squashes(loader)) <= planned


def test_a_database_built_before_the_squash_has_nothing_left_to_run():
    everything_old = {
        key for key in loader_for(set()).disk_migrations if key not in squashes(loader_for(set()))
    }
    loader = loader_for(everything_old)
    assert [key for key in plan(loader) if key[0] in {k[0] for k in ours(loader)}] == []


def test_each_squash_replaces_all_its_apps_old_migrations_and_guards_the_moved_procedures():
    loader = loader_for(set())
    for key, migration in squashes(loader).items():
        app = key[0]
        later = set(loader.graph.backwards_plan(key))  # the app's since the squash
        own = {k for k in ours(loader) if k[0] == app and k not in squashes(loader).keys() | later}
        replaced = set(migration.replaces)
        if app in GROUPS:
            assert replaced <= own
        else:
            assert own <= replaced, app
            # a procedure that left a group app also replaces that group's first migration
            assert replaced - own <= {("disputes", "0001_initial"), ("oversight", "0001_proposals")}


def test_a_database_from_before_the_procedures_left_their_groups_takes_the_old_path():
    """Such a database has its group apps' table-making migrations and none of the procedures'
    own: squashing must not make it create those tables again."""
    loader = loader_for(set())
    before_the_move = {
        key for key in old_migrations(loader) if key[0] in GROUPS and "moved_out" not in key[1]
    } | {key for key in old_migrations(loader) if key[0] == "core"}
    loader = loader_for(before_the_move)
    planned = plan(loader)
    for app in MOVED:
        assert (app, "0001_initial") in planned, app
        assert not [key for key in planned if key[0] == app and key in squashes(loader)], app
