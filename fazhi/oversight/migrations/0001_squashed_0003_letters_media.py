"""Nothing on a new database: the tables these migrations made belong to the procedures' own apps,
whose squashed migrations make them."""

from django.db import migrations


class Migration(migrations.Migration):
    replaces = [
        ("oversight", "0001_proposals"),
        ("oversight", "0002_disclosure"),
        ("oversight", "0003_letters_media"),
    ]

    dependencies = [
        ("core", "0001_squashed_0011_draws"),
    ]

    operations = []
