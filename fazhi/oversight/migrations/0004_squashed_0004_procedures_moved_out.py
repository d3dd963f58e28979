"""Nothing on a new database: the procedures' models were never this app's there."""

from django.db import migrations


class Migration(migrations.Migration):
    replaces = [
        ("oversight", "0004_procedures_moved_out"),
    ]

    dependencies = [
        ("proposals", "0001_squashed_0002_duty_of_existing_records"),
        ("disclosure", "0001_squashed_0003_delivery"),
        ("letters", "0001_squashed_0002_duty_of_existing_records"),
        ("media", "0001_squashed_0002_duty_of_existing_records"),
    ]

    operations = []
