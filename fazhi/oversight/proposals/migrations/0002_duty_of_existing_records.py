"""A database from before unit duties: the units that already kept this procedure's records are
given the duty (建议提案交办机构), so that they go on working the same records after the upgrade."""

from django.db import migrations

from fazhi.core.appmoves import give_duty_to_holders


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("core", "0005_approvalrequest_unitduty"),
    ]

    operations = [
        give_duty_to_holders("proposals.Proposal", "office", "proposals.office"),
    ]
