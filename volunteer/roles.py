"""Roles are Django groups with a fixed set of permissions (DESIGN.md "Who sees what").

`ensure_roles(apps)` is idempotent: the data migration creates the roles with it, and
`manage.py ensure_roles` repairs them if someone edited a group by hand: each role ends with
exactly its permissions, whatever was added or removed. (Page and collection permissions of the
publicity roles are set by publicity.site_setup_workflow, in their own tables.)"""

from django.contrib.auth.management import create_permissions

DOMAIN_MODELS = [
    "grid", "partyorganization", "partymember", "communitycheckin", "post", "postassignment",
    "team", "servicepoint", "demand", "serviceproject", "activity", "order", "servicerecord", "evaluation",
    "campaign", "projectfeedback", "appraisal", "account", "entry", "reward", "stockmovement", "redemption",
    "starchange", "fraudfinding", "servicecommitment", "publicity.recognition",
]
ADMIN_ACTIONS = ["view", "add", "change", "delete"]
# History is declined, ended, rejected or cancelled — never deleted.
HISTORY_MODELS = ["communitycheckin", "postassignment", "demand", "order", "servicerecord", "evaluation",
                  "projectfeedback", "serviceproject", "activity", "redemption", "fraudfinding",
                  "pointsrule", "starlevel", "starpolicy"]
# Computed by the system; people only read them.
READ_ONLY_MODELS = ["appraisal", "account", "entry", "stockmovement", "starchange"]
# Shared vocabularies and rules: district admins keep them, everyone else reads them.
DISTRICT_MODELS = ["skill", "adminscope", "servicecategory", "appraisalscheme", "pointsrule", "starlevel",
                   "starpolicy"]


def admin_perms(models):
    return [(a, m) for m in models for a in ADMIN_ACTIONS
            if not (a == "delete" and m in HISTORY_MODELS) and not (a != "view" and m in READ_ONLY_MODELS)]

# 报表中心: request reports for one's own grid; "change" on a certificate is revoking it. The
# counter's operators request reports too (the 爱心超市 monthly statement).
REQUEST_REPORTS = [("view", "reports.reportjob"), ("add", "reports.reportjob")]
CERTIFICATES = [("view", "reports.certificate"), ("change", "reports.certificate")]
# 操作日志 (Wagtail's ModelLogEntry): district admins only, as the log is not cut to a grid.
AUDIT_LOG = [("view", "wagtailcore.modellogentry")]


ROLE_PERMISSIONS = {
    "区管理员": admin_perms(DOMAIN_MODELS + DISTRICT_MODELS) + [("view_personal_data", None)] + REQUEST_REPORTS
    + CERTIFICATES + [("view", "personaldataaccesslog")] + AUDIT_LOG,
    "镇街管理员": admin_perms(DOMAIN_MODELS) + [("view", "skill"), ("view", "servicecategory")] + REQUEST_REPORTS
    + CERTIFICATES,
    "村社区管理员": admin_perms(DOMAIN_MODELS) + [("view", "skill"), ("view", "servicecategory")] + REQUEST_REPORTS
    + CERTIFICATES,
    "爱心超市管理员": [("view", "partymember"), ("view", "account"), ("view", "entry"), ("view", "reward"),
                 ("change", "reward"), ("view", "stockmovement"), ("view", "redemption"), ("add", "redemption"),
                 ("change", "redemption")] + REQUEST_REPORTS,
    "宣传编辑": [],
    "宣传审核": [],
    "党员义工": [],
}
ADMIN_SHELL_ROLES = ["区管理员", "镇街管理员", "村社区管理员", "爱心超市管理员", "宣传编辑", "宣传审核"]


def ensure_roles(apps, skip_missing=False):
    """`skip_missing` is for early migrations that run before later models exist; a later
    migration calls this again strictly."""
    # Permissions are normally created after migrations; create them now so groups can hold them.
    for app_config in apps.get_app_configs():
        # create_permissions skips apps without a models module; historical app configs have
        # none, the live registry does (and must keep it: dumpdata and others rely on it).
        saved = getattr(app_config, "models_module", None)
        app_config.models_module = saved or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = saved

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for action, model in perms:
            app_label, model = model.split(".") if model and "." in model else ("volunteer", model)
            codename = f"{action}_{model}" if model else action
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is None and not skip_missing:
                raise LookupError(f"permission {app_label}.{codename} does not exist")
            if found is not None:
                wanted.append(found)
        if role in ADMIN_SHELL_ROLES:
            wanted.append(access_admin)
        # Exactly these: a permission granted to a role by hand is taken away by the repair.
        group.permissions.set(wanted)
