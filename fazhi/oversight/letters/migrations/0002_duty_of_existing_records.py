"""A database from before the mailbox duty: the units that already registered letters are given it
(信箱信件登记交办单位), so that they go on registering letters after the upgrade."""

from django.db import migrations

DUTY = "letters.receiver"


def give_duty(apps, schema_editor):
    records = apps.get_model("letters", "Letter")
    duties = apps.get_model("core", "UnitDuty")
    for unit_id in records.objects.values_list("registrar_id", flat=True).distinct():
        duties.objects.get_or_create(unit_id=unit_id, duty=DUTY)


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0001_initial"),
        ("core", "0005_approvalrequest_unitduty"),
    ]

    operations = [migrations.RunPython(give_duty, migrations.RunPython.noop)]
