"""A database from before unit duties: the units that already kept this procedure's records are
given the duty (建议提案交办机构), so that they go on working the same records after the upgrade."""

from django.db import migrations

DUTY = "proposals.office"


def give_duty(apps, schema_editor):
    records = apps.get_model("proposals", "Proposal")
    duties = apps.get_model("core", "UnitDuty")
    for unit_id in records.objects.values_list("office_id", flat=True).distinct():
        duties.objects.get_or_create(unit_id=unit_id, duty=DUTY)


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("core", "0005_approvalrequest_unitduty"),
    ]

    operations = [migrations.RunPython(give_duty, migrations.RunPython.noop)]
