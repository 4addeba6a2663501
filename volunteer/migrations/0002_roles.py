"""Roles as groups with their permissions (volunteer/roles.py). Created here, never by hand."""

from django.db import migrations

from volunteer.roles import ROLE_PERMISSIONS, ensure_roles


def create_roles(apps, schema_editor):
    ensure_roles(apps, skip_missing=True)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("volunteer", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
