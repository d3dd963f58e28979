"""Moving models from one app to another without touching their tables (each procedure became an
app of its own; its tables kept their names and rows), and giving unit duties to the units that
already did the work. Used by the procedures' migrations."""

from django.db import migrations


def adopt_content_types(old_label: str, new_label: str, models: list[str]):
    """A RunPython operation that hands the content types (and so the permissions granted on them)
    of `models` from `old_label` to `new_label`, where the new ones do not exist yet."""

    def forwards(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not content_types.objects.filter(app_label=new_label, model=model).exists():
                content_types.objects.filter(app_label=old_label, model=model).update(
                    app_label=new_label
                )

    def backwards(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not content_types.objects.filter(app_label=old_label, model=model).exists():
                content_types.objects.filter(app_label=new_label, model=model).update(
                    app_label=old_label
                )

    return migrations.RunPython(forwards, backwards)


def give_duty_to_holders(model: str, unit_field: str, duty: str):
    """A RunPython operation for a database from before a unit duty existed: each unit that
    already holds records of `model` ("app_label.Model", in its `unit_field`) is given `duty`, so
    that it goes on working the same records after the upgrade."""

    def forwards(apps, schema_editor):
        records = apps.get_model(model)
        duties = apps.get_model("core", "UnitDuty")
        for unit_id in records.objects.values_list(f"{unit_field}_id", flat=True).distinct():
            duties.objects.get_or_create(unit_id=unit_id, duty=duty)

    return migrations.RunPython(forwards, migrations.RunPython.noop)
