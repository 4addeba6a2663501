"""全覆盖 (O1): per organisation, the members who have not yet served this year and those who have
not yet done a deed (为身边群众办1件实事好事), by name."""

from django.db.models import Count

from reports.kinds.common import hours_by_member, member_records, members_of, percent, year_range
from volunteer.models import PartyOrganization

TEMPLATE = "reports/pdf/coverage.html"


def build(job, actor, name, target, progress):
    start, end = year_range(job.parameters["year"])
    members = members_of(actor, name, target)
    per_member = hours_by_member(member_records(members).filter(service_date__gte=start, service_date__lte=end))
    progress(40)
    by_org = {}
    for member in members.select_related("branch").order_by("branch__code", "name", "pk"):
        group = by_org.setdefault(member.branch_id, {"org": member.branch, "total": 0, "served": 0, "deed": 0,
                                                     "not_served": [], "no_deed": []})
        group["total"] += 1
        row = per_member.get(member.pk)
        if row:
            group["served"] += 1
        else:
            group["not_served"].append(member)
        if row and row["deeds"]:
            group["deed"] += 1
        else:
            group["no_deed"].append(member)
    groups = list(by_org.values())
    for group in groups:
        group["served_rate"] = percent(group["served"], group["total"])
        group["deed_rate"] = percent(group["deed"], group["total"])
    total = sum(g["total"] for g in groups)
    progress(70)
    return {
        "year": job.parameters["year"], "groups": groups, "empty": not groups,
        "total": total, "served_rate": percent(sum(g["served"] for g in groups), total),
        "deed_rate": percent(sum(g["deed"] for g in groups), total),
        "org_count": PartyOrganization.objects.filter(pk__in=by_org).aggregate(n=Count("pk"))["n"],
    }
