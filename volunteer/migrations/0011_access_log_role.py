from django.db import migrations

from volunteer.roles import ensure_roles


def roles(apps, schema_editor):
    # 区管理员 may read the log of who saw full personal data.
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteer", "0010_service_commitments"),
        ("reports", "0003_roles"),
    ]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
