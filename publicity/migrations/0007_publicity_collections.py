"""Editors and reviewers may choose and upload images and documents (collection permissions)."""

from django.db import migrations

from publicity.site_setup_workflow import ensure_publicity_workflow


def forwards(apps, schema_editor):
    ensure_publicity_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [("publicity", "0006_publish_schedule")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
