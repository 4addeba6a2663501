"""Roles as groups with their permissions (scope.py). Created here, never by hand."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DOMAIN_MODELS = ["grid", "partyorganization", "partymember", "communitycheckin", "post", "postassignment"]
ADMIN_ACTIONS = ["view", "add", "change", "delete"]
# Check-ins and post assignments are history: they are declined or ended, never deleted.
HISTORY_MODELS = ["communitycheckin", "postassignment"]


def admin_perms(models):
    return [(a, m) for m in models for a in ADMIN_ACTIONS if not (a == "delete" and m in HISTORY_MODELS)]


ROLE_PERMISSIONS = {
    "区管理员": admin_perms(DOMAIN_MODELS + ["skill"]) + [("view_personal_data", None)],
    "镇街管理员": admin_perms(DOMAIN_MODELS) + [("view", "skill")],
    "村社区管理员": admin_perms(DOMAIN_MODELS) + [("view", "skill")],
    "爱心超市管理员": [("view", "partymember")],
    "宣传编辑": [],
    "宣传审核": [],
    "党员义工": [],
}
ADMIN_SHELL_ROLES = ["区管理员", "镇街管理员", "村社区管理员", "爱心超市管理员", "宣传编辑", "宣传审核"]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for action, model in perms:
            codename = f"{action}_{model}" if model else action
            wanted.append(Permission.objects.get(content_type__app_label="volunteer", codename=codename))
        if role in ADMIN_SHELL_ROLES:
            wanted.append(access_admin)
        group.permissions.add(*wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("volunteer", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
