"""Nothing on a new database: the tables these migrations made belong to the procedures' own apps,
whose squashed migrations make them."""

from django.db import migrations


class Migration(migrations.Migration):
    replaces = [
        ("disputes", "0001_initial"),
        ("disputes", "0002_list_indexes"),
        ("disputes", "0003_mediation"),
        ("disputes", "0004_litigation"),
    ]

    dependencies = [
        ("core", "0001_squashed_0011_draws"),
    ]

    operations = []
