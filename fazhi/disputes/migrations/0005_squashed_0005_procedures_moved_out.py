"""Nothing on a new database: the procedures' models were never this app's there."""

from django.db import migrations


class Migration(migrations.Migration):
    replaces = [
        ("disputes", "0005_procedures_moved_out"),
    ]

    dependencies = [
        ("reconsideration", "0001_squashed_0006_review_of_the_2023_law"),
        ("litigation", "0001_squashed_0003_evidence_submitted"),
        ("mediation", "0001_squashed_0001_initial"),
        ("oversight", "0004_squashed_0004_procedures_moved_out"),
    ]

    operations = []
