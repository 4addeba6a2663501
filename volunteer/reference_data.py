"""Reference rows every installation starts with: the service categories of T2 (plus common
demand categories) and a default appraisal weighting (E2). Idempotent; used by the data migration
and `manage.py ensure_roles`."""

CATEGORIES = [
    ("科普", True), ("应急救援", True), ("教育卫生", True), ("政策咨询", True),
    ("生活照料", False), ("助老助残", False), ("法律援助", False), ("环境卫生", False),
    ("文化文艺", False), ("心理关爱", False),
]


def ensure_reference_data(apps):
    ServiceCategory = apps.get_model("volunteer", "ServiceCategory")
    for order, (name, professional) in enumerate(CATEGORIES):
        ServiceCategory.objects.get_or_create(name=name, defaults={"is_professional": professional, "sort_order": order})
    AppraisalScheme = apps.get_model("volunteer", "AppraisalScheme")
    if not AppraisalScheme.objects.exists():
        AppraisalScheme.objects.create(name="三方评价默认方案", self_weight=0.2, beneficiary_weight=0.4,
                                       organization_weight=0.4, is_active=True)
