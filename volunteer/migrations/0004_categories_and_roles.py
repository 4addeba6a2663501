"""The built-in service categories (T2), a default appraisal scheme (E2), and the roles' permissions
for the 三单制 models."""

from django.db import migrations

from volunteer.roles import ensure_roles

CATEGORIES = [
    ("科普", True), ("应急救援", True), ("教育卫生", True), ("政策咨询", True),
    ("生活照料", False), ("助老助残", False), ("法律援助", False), ("环境卫生", False),
    ("文化文艺", False), ("心理关爱", False),
]


def forwards(apps, schema_editor):
    ServiceCategory = apps.get_model("volunteer", "ServiceCategory")
    for order, (name, professional) in enumerate(CATEGORIES):
        ServiceCategory.objects.get_or_create(name=name, defaults={"is_professional": professional, "sort_order": order})
    AppraisalScheme = apps.get_model("volunteer", "AppraisalScheme")
    if not AppraisalScheme.objects.exists():
        AppraisalScheme.objects.create(name="三方评价默认方案", self_weight=0.2, beneficiary_weight=0.4,
                                       organization_weight=0.4, is_active=True)
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("volunteer", "0003_service_loop")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
