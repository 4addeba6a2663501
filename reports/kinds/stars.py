"""星级党员义工名册 (E5): members by current star level, with their approved hours and any change
still in publicity (公示)."""

from django.db.models import Sum

from reports.kinds.common import fmt_hours, member_records, members_of
from volunteer.models import StarChange, StarChangeStatus

TEMPLATE = "reports/pdf/stars.html"


def build(job, actor, name, target, progress):
    members = members_of(actor, name, target)
    starred = members.filter(star_level__gt=0).select_related("branch", "home_grid").order_by("-star_level", "name", "pk")
    hours = dict(member_records(starred).values_list("member").annotate(h=Sum("hours")))
    pending = {c.member_id: c for c in StarChange.objects.filter(member__in=members.values("pk"),
                                                                 status=StarChangeStatus.PUBLICITY)}
    progress(50)
    levels = {}
    for member in starred:
        levels.setdefault(member.star_level, []).append({
            "member": member, "hours": fmt_hours(hours.get(member.pk)), "pending": pending.get(member.pk)})
    groups = [{"level": level, "stars": "★" * level, "rows": rows} for level, rows in sorted(levels.items(), reverse=True)]
    publicity = [c for c in pending.values() if c.member_id not in hours]
    return {"groups": groups, "empty": not groups and not pending, "total": starred.count(),
            "member_count": members.count(), "publicity": publicity}
