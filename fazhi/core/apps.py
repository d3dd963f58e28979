from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        # Signals and checks. The kernel's own importers (importers.py) join the registry when it
        # is first read (fazhi.core.imports), not at every command's start-up.
        from . import calendar, checks  # noqa: F401

        post_migrate.connect(_fill_open_items, sender=self)
        post_migrate.connect(_unit_statistics, sender=self)


def _fill_open_items(sender, plan=None, **kwargs) -> None:
    """A database built before the open-items table existed gets it filled from its records as
    soon as the migration that creates it has run (fazhi.core.openitems)."""
    created = any(
        m.app_label == "core" and m.name == "0010_open_items" and not backwards
        for m, backwards in plan or []
    )
    if created:
        from . import openitems

        openitems.rebuild()


def _unit_statistics(sender, using="default", **kwargs) -> None:
    """PostgreSQL's planner told how many rows each unit has (fazhi.core.unit_statistics)."""
    from . import unit_statistics

    unit_statistics.set_targets(using)
