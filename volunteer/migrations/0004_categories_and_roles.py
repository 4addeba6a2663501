"""The built-in service categories (T2), a default appraisal scheme (E2), and the roles' permissions
for the 三单制 models."""

from django.db import migrations

from volunteer.reference_data import ensure_reference_data
from volunteer.roles import ensure_roles


def forwards(apps, schema_editor):
    ensure_reference_data(apps)
    ensure_roles(apps, skip_missing=True)


class Migration(migrations.Migration):
    dependencies = [("volunteer", "0003_service_loop")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
