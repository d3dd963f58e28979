"""Moving models from one app to another without touching their tables (each procedure became an
app of its own; its tables kept their names and rows). Used by the procedures' first migrations."""

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
