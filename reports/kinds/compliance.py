"""服务阵地“四有”达标情况 (P3): each point checked against 有机构、有制度、有队伍、有活动, gaps first."""

from reports.kinds.common import percent
from volunteer import scope
from volunteer.models import FOUR_HAVES, ServicePoint

TEMPLATE = "reports/pdf/compliance.html"


def build(job, actor, name, target, progress):
    points = scope.restrict(ServicePoint.objects.filter(is_active=True), actor).in_grid(target).select_related("grid")
    rows = []
    for point in points:
        checks = [(label, getattr(point, field), getattr(point, field.replace("has_", "") + "_evidence"))
                  for field, label in FOUR_HAVES]
        rows.append({"point": point, "checks": checks, "gaps": point.gaps, "compliance": point.compliance})
    rows.sort(key=lambda r: (not r["gaps"], r["point"].grid.path, r["point"].name))
    compliant = sum(1 for r in rows if not r["gaps"])
    missing = {label: sum(1 for r in rows if label in r["gaps"]) for _, label in FOUR_HAVES}
    return {"rows": rows, "empty": not rows, "compliant": compliant, "total": len(rows),
            "rate": percent(compliant, len(rows)), "missing": missing, "labels": [label for _, label in FOUR_HAVES]}
