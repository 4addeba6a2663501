from django.db import migrations

from volunteer.roles import ensure_roles


def roles(apps, schema_editor):
    # Admin roles request reports and keep certificates; operators request their statement.
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_schedules"),
        ("publicity", "0008_commitment_wall_and_recognition"),
    ]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
