from django.db import migrations

from volunteer.roles import ensure_roles


def roles(apps, schema_editor):
    # 区管理员 may read the 操作日志 (wagtailcore.view_modellogentry).
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteer", "0011_access_log_role"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
