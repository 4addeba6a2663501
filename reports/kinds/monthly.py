"""网格/组织月度报表 (G6 report side): members, coverage, hours, demands by status, evaluations,
teams against targets, top volunteers and a member roster, with pygal charts."""

import datetime

from django.db.models import Avg, Count, Sum

from reports.kinds.common import fmt_hours, hours_by_member, member_records, members_of, percent
from reports.params import month_range
from reports.render import bar_chart, pie_chart
from volunteer import figures, formatting, scope
from volunteer.models import ActivityLine, Demand, DemandStatus, Evaluation, EvaluationRole, Team

TEMPLATE = "reports/pdf/monthly.html"
TOP = 10
# The roster is the long part; past this many rows it says so (a district has 250,000 members).
ROSTER_LIMIT = 3000


def _teams(actor, name, target, first, last):
    teams = scope.restrict(Team.objects.active(), actor)
    teams = teams.in_grid(target) if name == "grid" else teams.filter(organization=target)
    quarter_start = datetime.date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    rows = []
    for team in teams.select_related("grid").prefetch_related("members"):
        ids = [m.pk for m in team.members.all()] + [team.leader_id]
        hours = member_records(team.members.model.objects.filter(pk__in=ids)).filter(
            service_date__gte=quarter_start, service_date__lte=last).aggregate(h=Sum("hours"))["h"] or 0
        target_hours = team.target_hours_per_quarter
        rows.append({"name": team.name, "grid_name": team.grid.name, "hours": fmt_hours(hours), "target": target_hours,
                     "rate": percent(float(hours), target_hours) if target_hours else "未设目标",
                     "met": bool(target_hours) and hours >= target_hours})
    return rows


def build(job, actor, name, target, progress):
    first, last = month_range(job.parameters["month"])
    members = members_of(actor, name, target)
    year_records = member_records(members).filter(service_date__gte=first.replace(month=1, day=1),
                                                  service_date__lte=last)
    month_records = year_records.filter(service_date__gte=first)
    if name == "grid":
        # The dashboard's figures (volunteer/figures.py), so a report and a screen never disagree.
        period = figures.Period.month(first.year, first.month)
        cover = figures.coverage(actor, target, period)
        totals = figures.period_totals(actor, target, period)
        member_count, served_rate, deed_rate = cover["members"], cover["served_rate"], cover["deed_rate"]
        people, count, hours = totals["people"], totals["records"], totals["hours"]
    else:
        member_count = members.count()
        served_rate = percent(year_records.values("member").distinct().count(), member_count)
        deed_rate = percent(year_records.filter(is_deed=True).values("member").distinct().count(), member_count)
        totals = month_records.aggregate(h=Sum("hours"), n=Count("pk"), people=Count("member", distinct=True))
        people, count, hours = totals["people"], totals["n"], totals["h"]
    progress(20)

    by_line = dict(month_records.values_list("activity_line").annotate(h=Sum("hours")))
    line_chart = bar_chart("本月各类活动服务时长（小时）", [label for _, label in ActivityLine.choices],
                           [("服务时长", [float(by_line.get(value, 0)) for value, _ in ActivityLine.choices])])
    child_rows = []
    if name == "grid":
        for child in figures.children(target):
            child_rows.append({"name": child.name, "members": figures.member_count(actor, child),
                               "hours": float(figures.period_totals(actor, child, period)["hours"])})
    child_chart = bar_chart("下级网格本月服务时长（小时）", [r["name"] for r in child_rows],
                            [("服务时长", [r["hours"] for r in child_rows])]) if child_rows else ""
    progress(40)

    if name == "grid":
        demand_rows = [(label, n) for _, label, n in figures.demands_by_status(actor, target, period)]
        month_demands_exist = any(n for _, n in demand_rows)
    else:
        demands = scope.restrict(Demand.objects.all(), actor).filter(project__organization=target)
        month_demands = demands.filter(created_at__date__gte=first, created_at__date__lte=last)
        by_status = dict(month_demands.values_list("status").annotate(n=Count("pk")))
        demand_rows = [(label, by_status.get(value, 0)) for value, label in DemandStatus.choices]
        month_demands_exist = month_demands.exists()
    demand_chart = pie_chart("本月群众需求办理状态", demand_rows)

    evaluations = Evaluation.objects.filter(record__in=month_records.values("pk"))
    by_role = {r["role"]: r for r in evaluations.values("role").annotate(n=Count("pk"), avg=Avg("score"))}
    evaluation_rows = [{"label": label, "n": by_role.get(v, {}).get("n", 0),
                        "avg": f"{by_role[v]['avg']:.2f}" if v in by_role else "—"} for v, label in EvaluationRole.choices]
    progress(55)

    if name == "grid":
        teams = [{**r, "hours": fmt_hours(r["hours"])} for r in figures.team_progress(actor, target, last)]
    else:
        teams = _teams(actor, name, target, first, last)
    per_member = hours_by_member(month_records)
    top_ids = sorted(per_member, key=lambda pk: (-per_member[pk]["h"], pk))[:TOP]
    names = {m.pk: m for m in members.filter(pk__in=top_ids).select_related("branch")}
    top = [{"member": names[pk], "hours": fmt_hours(per_member[pk]["h"]), "n": per_member[pk]["n"]}
           for pk in top_ids if pk in names]
    progress(65)

    roster = []
    for member in members.select_related("branch", "home_grid").order_by("home_grid__path", "name", "pk")[:ROSTER_LIMIT]:
        row = per_member.get(member.pk)
        roster.append((member.name, member.branch.name, member.home_grid.name,
                       fmt_hours(row["h"]) if row else "0", row["n"] if row else 0, row["deeds"] if row else 0))
    progress(80)
    return {
        "empty": member_count == 0 and not count and not month_demands_exist,
        "target_name": str(target), "first": first, "last": last,
        "figures": [
            ("在册党员", member_count), ("本月服务人数", people), ("本月服务次数", count),
            ("本月服务时长", formatting.hours(hours or 0)), ("年内参与率", served_rate), ("年内办实事覆盖率", deed_rate),
        ],
        "line_chart": line_chart, "child_chart": child_chart, "child_rows": child_rows,
        "demand_rows": demand_rows, "demand_chart": demand_chart, "demand_total": sum(n for _, n in demand_rows),
        "evaluation_rows": evaluation_rows, "teams": teams, "top": top,
        "roster": roster, "roster_truncated": member_count > ROSTER_LIMIT, "roster_limit": ROSTER_LIMIT,
    }
