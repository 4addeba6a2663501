"""单位排名 (O4): organisations in a grid ranked by the campaign's results — participation, deeds,
hours per member and the organisation's evaluations of its members' service."""

from django.db.models import Avg, Count, Q, Sum

from reports.kinds.common import fmt_hours, organizations_of, percent, year_range
from volunteer import formatting, scope
from volunteer.models import Evaluation, EvaluationRole, PartyMember, ServiceRecord

TEMPLATE = "reports/pdf/ranking.html"


def build(job, actor, name, target, progress):
    start, end = year_range(job.parameters["year"])
    orgs = list(organizations_of(actor, name, target).select_related("grid"))
    members = scope.restrict(PartyMember.objects.active(), actor).filter(branch__in=orgs)
    sizes = dict(members.values_list("branch").annotate(n=Count("pk")))
    records = ServiceRecord.objects.approved().filter(member__in=members.values("pk"), service_date__gte=start,
                                                      service_date__lte=end)
    stats = {r["member__branch"]: r for r in records.values("member__branch").annotate(
        hours=Sum("hours"), served=Count("member", distinct=True),
        deed=Count("member", distinct=True, filter=Q(is_deed=True)))}
    # Separately: joining evaluations into the sum above would count a record's hours once per evaluation.
    scores = dict(Evaluation.objects.filter(record__in=records.values("pk"), role=EvaluationRole.BENEFICIARY)
                  .values_list("record__member__branch").annotate(a=Avg("score")))
    progress(50)
    rows = []
    for org in orgs:
        size = sizes.get(org.pk, 0)
        s = stats.get(org.pk, {})
        served, deed, hours = s.get("served", 0), s.get("deed", 0), float(s.get("hours") or 0)
        score_avg = float(scores[org.pk]) if scores.get(org.pk) is not None else None
        # Composite (100): participation 40, deeds 30, hours per member 20 (capped at 20 h), evaluation 10.
        points = 0.0
        if size:
            points = 40 * served / size + 30 * deed / size + 20 * min(hours / size, 20) / 20
        points += 10 * (score_avg / 5 if score_avg else 0)
        rows.append({"org": org, "size": size, "served": percent(served, size), "deed": percent(deed, size),
                     "hours": fmt_hours(hours), "per_member": formatting.hours_value(hours / size) if size else "—",
                     "score": f"{score_avg:.2f}" if score_avg else "—", "points": round(points, 1)})
    rows.sort(key=lambda r: (-r["points"], r["org"].code))
    return {"year": job.parameters["year"], "rows": rows, "empty": not rows}
