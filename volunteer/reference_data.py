"""Reference rows every installation starts with: the service categories of T2 (plus common
demand categories) and a default appraisal weighting (E2). Idempotent; used by the data migration
and `manage.py ensure_roles`."""

CATEGORIES = [
    ("科普", True), ("应急救援", True), ("教育卫生", True), ("政策咨询", True),
    ("生活照料", False), ("助老助残", False), ("法律援助", False), ("环境卫生", False),
    ("文化文艺", False), ("心理关爱", False),
]


STAR_LEVELS = [(1, 100, 0), (2, 300, 3.5), (3, 600, 4.0), (4, 1000, 4.2), (5, 1500, 4.5)]


def ensure_reference_data(apps):
    ServiceCategory = apps.get_model("volunteer", "ServiceCategory")
    for order, (name, professional) in enumerate(CATEGORIES):
        ServiceCategory.objects.get_or_create(name=name, defaults={"is_professional": professional, "sort_order": order})
    AppraisalScheme = apps.get_model("volunteer", "AppraisalScheme")
    if not AppraisalScheme.objects.exists():
        AppraisalScheme.objects.create(name="三方评价默认方案", self_weight=0.2, beneficiary_weight=0.4,
                                       organization_weight=0.4, is_active=True)

    model_names = {m.__name__ for m in apps.get_app_config("volunteer").get_models()}
    if "StarLevel" in model_names:
        StarLevel = apps.get_model("volunteer", "StarLevel")
        for level, hours, evaluation in STAR_LEVELS:
            StarLevel.objects.get_or_create(level=level, defaults={"min_hours": hours, "min_evaluation": evaluation})
        StarPolicy = apps.get_model("volunteer", "StarPolicy")
        if not StarPolicy.objects.exists():
            StarPolicy.objects.create(publicity_days=7, fraud_bar_months=12)
        PointsRule = apps.get_model("volunteer", "PointsRule")
        if not PointsRule.objects.exists():
            PointsRule.objects.create(version=1, name="基础积分规则", is_active=True)
