"""The table of the shared cache (see _cache_table)."""

from django.db import migrations

from ._cache_table import CACHE_TABLE, create_cache_table, drop_cache_table  # noqa: F401


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0005_approvalrequest_unitduty"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, drop_cache_table, elidable=False),
    ]
