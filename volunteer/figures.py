"""The campaign's figures, computed once for every screen that shows them: the admin dashboard, the
三级网格地图, the unit ranking and the monthly report (reports/kinds/monthly.py).

Every function takes the actor and a grid node and starts from `scope.restrict(..., actor)`, so a
figure never counts what the actor may not see. Everything is an aggregate query (no per-row
Python over a whole district); the dashboard caches the results (volunteer/dashboard/cache.py).

Definitions (the same as the monthly report's):
- members of a node: active members who live or work in its subtree (G2: both grids count);
- their records: approved ServiceRecords of those members, wherever they served (O1 asks whether
  the member served at all);
- 年内参与率: members with at least one approved record from 1 January to the period's end;
- 年内办实事覆盖率: members with at least one approved deed (is_deed) in that time;
- 全覆盖 (O1, both halves): members with at least one approved service that is not a deed *and*
  at least one approved deed;
- demands by status: demands in the node's subtree created in the period.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from volunteer import formatting, scope
from volunteer.models import (
    Demand,
    DemandStatus,
    Evaluation,
    EvaluationRole,
    Grid,
    PartyMember,
    PartyOrganization,
    Reward,
    ServicePoint,
    ServiceProject,
    ServiceRecord,
    Team,
)

# A reward at or below this many items on the shelf is "low on stock" (E8). The model has no
# per-reward threshold; one number for the whole district is enough for the dashboard.
LOW_STOCK = 5
# A demand still open this many days after it was registered is overdue (M1 has no legal limit;
# the district's notice asks for prompt handling — a week is the working rule used here).
DEMAND_OVERDUE_DAYS = 7
OPEN_STATUSES = [DemandStatus.NEW, DemandStatus.ACCEPTED, DemandStatus.PLANNED, DemandStatus.IN_SERVICE]


# --- periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A reporting period: a calendar year or a month. `key` goes into cache keys and URLs."""

    start: datetime.date
    end: datetime.date
    key: str
    label: str

    @property
    def year_start(self):
        return self.start.replace(month=1, day=1)

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year), f"{year}年")

    @classmethod
    def month(cls, year, month):
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - datetime.timedelta(days=1), f"{year}-{month:02d}", f"{year}年{month}月")

    @classmethod
    def parse(cls, value, today=None):
        """"2025" or "2025-06"; anything else (or nothing) is the current year."""
        today = today or timezone.localdate()
        try:
            if value and "-" in value:
                year, month = (int(p) for p in value.split("-", 1))
                if 2000 <= year <= 2100 and 1 <= month <= 12:
                    return cls.month(year, month)
            elif value:
                year = int(value)
                if 2000 <= year <= 2100:
                    return cls.year(year)
        except ValueError:
            pass
        return cls.year(today.year)


# As the reports print it: one decimal and a percent sign, a dash when there is no one.
percent = formatting.percent


def rate(part, whole):
    return round(part * 100 / whole, 1) if whole else None


# --- the building blocks ------------------------------------------------------------------------


def members(actor, node):
    """Active members of the node (live or work there, G2) that the actor may see."""
    return scope.restrict(PartyMember.objects.active(), actor).in_grid(node)


def member_records(member_qs):
    """Approved records of these members, wherever they served."""
    return ServiceRecord.objects.approved().filter(member__in=member_qs.values("pk"))


def records_between(member_qs, start, end):
    return member_records(member_qs).filter(service_date__gte=start, service_date__lte=end)


def member_count(actor, node):
    return members(actor, node).count()


def coverage(actor, node, period):
    """O1 from 1 January to the period's end: who served, who did a deed, who did both."""
    member_qs = members(actor, node)
    total = member_qs.count()
    # One grouped pass (deeds and other services per member) instead of distinct counts and a
    # nested "deed members who also served" subquery: the difference is seconds at district scale.
    per_member = list(records_between(member_qs, period.year_start, period.end).values("member").annotate(
        deeds=Count("pk", filter=Q(is_deed=True)), others=Count("pk", filter=Q(is_deed=False)))
        .values_list("deeds", "others").order_by())
    counts = {"served": len(per_member), "deed": sum(1 for deeds, _ in per_member if deeds)}
    full = sum(1 for deeds, others in per_member if deeds and others)
    return {
        "members": total, "served": counts["served"], "deed": counts["deed"], "full": full,
        "missing": total - full, "not_served": total - counts["served"], "no_deed": total - counts["deed"],
        "served_rate": percent(counts["served"], total), "deed_rate": percent(counts["deed"], total),
        "full_rate": percent(full, total), "full_value": rate(full, total),
    }


def period_totals(actor, node, period):
    """Hours, records and people served in the period."""
    totals = records_between(members(actor, node), period.start, period.end).aggregate(
        hours=Sum("hours"), records=Count("pk"), people=Count("member", distinct=True))
    return {"hours": totals["hours"] or Decimal(0), "records": totals["records"], "people": totals["people"]}


def hours_by_month(actor, node, year, until=None):
    """Twelve (month, hours) pairs for the year; months after `until` are None (not yet)."""
    rows = records_between(members(actor, node), datetime.date(year, 1, 1), datetime.date(year, 12, 31)).annotate(
        m=ExtractMonth("service_date")).values("m").annotate(h=Sum("hours")).order_by("m")
    by_month = {r["m"]: r["h"] for r in rows}
    return [(m, None if until and datetime.date(year, m, 1) > until else by_month.get(m, Decimal(0)))
            for m in range(1, 13)]


def demands(actor, node):
    return scope.restrict(Demand.objects.all(), actor).in_grid(node)


def demands_by_status(actor, node, period=None):
    """[(status, label, count)] in the machine's order; with a period, demands registered in it."""
    qs = demands(actor, node)
    if period is not None:
        qs = qs.filter(created_at__date__gte=period.start, created_at__date__lte=period.end)
    counts = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
    return [(value, label, counts.get(value, 0)) for value, label in DemandStatus.choices]


def overdue_demands(actor, node, today=None):
    """Open demands registered more than DEMAND_OVERDUE_DAYS days ago, oldest first."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=DEMAND_OVERDUE_DAYS)
    return demands(actor, node).filter(status__in=OPEN_STATUSES, created_at__date__lt=cutoff).order_by("created_at")


def overdue_feedback(actor, node, today=None):
    """G5 效果定期反馈: published projects whose periodic feedback is past due."""
    today = today or timezone.localdate()
    return scope.restrict(ServiceProject.objects.all(), actor).in_grid(node).feedback_overdue(today).order_by(
        "next_feedback_due")


def quarter_start(day):
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def team_progress(actor, node, until):
    """Each active team's approved hours this quarter (to `until`) against its quarterly target.
    A team's hours are its members' and leader's, each member counted once (as the monthly
    report counts them). Three queries, whatever the number of teams."""
    teams = list(scope.restrict(Team.objects.active(), actor).in_grid(node).select_related("grid")
                 .order_by("grid__path", "name"))
    if not teams:
        return []
    through = Team.members.through
    crew = {team.pk: {team.leader_id} for team in teams}
    for team_id, member_id in through.objects.filter(team__in=[t.pk for t in teams]).values_list(
            "team_id", "partymember_id"):
        crew[team_id].add(member_id)
    everyone = set().union(*crew.values())
    hours = dict(ServiceRecord.objects.approved().filter(
        member__in=everyone, service_date__gte=quarter_start(until), service_date__lte=until,
    ).values_list("member").annotate(h=Sum("hours")).order_by())
    rows = []
    for team in teams:
        done = sum((hours.get(m, Decimal(0)) for m in crew[team.pk]), Decimal(0))
        target = team.target_hours_per_quarter
        rows.append({"team_id": team.pk, "name": team.name, "grid": str(team.grid), "grid_name": team.grid.name,
                     "hours": done,
                     "target": target, "met": bool(target) and done >= target,
                     "rate": percent(float(done), target) if target else "未设目标"})
    return rows


def teams_below_target(actor, node, until):
    return [row for row in team_progress(actor, node, until) if row["target"] and not row["met"]]


def service_points(actor, node):
    return scope.restrict(ServicePoint.objects.filter(is_active=True), actor).in_grid(node)


def points_with_gaps(actor, node):
    """P3: active service points missing any of 有机构、有制度、有队伍、有活动."""
    return service_points(actor, node).with_gaps().select_related("grid").order_by("grid__path", "name")


def low_stock_rewards(actor, node, threshold=LOW_STOCK):
    """E8: rewards on the shelf with `threshold` or fewer items left."""
    return scope.restrict(Reward.objects.active(), actor).in_grid(node).filter(stock__lte=threshold).select_related(
        "store").order_by("stock", "name")


def pending_records(actor, node):
    """Records waiting for approval in the node's review queue (placed in its subtree)."""
    return scope.restrict(ServiceRecord.objects.pending(), actor).in_grid(node)


# --- per node, for the map ---------------------------------------------------------------------


def node_figures(actor, node, period):
    """What the map shows for one node."""
    totals = period_totals(actor, node, period)
    cover = coverage(actor, node, period)
    return {
        "members": cover["members"],
        "teams": scope.restrict(Team.objects.active(), actor).in_grid(node).count(),
        "points": service_points(actor, node).count(),
        "open_demands": demands(actor, node).filter(status__in=OPEN_STATUSES).count(),
        "hours": totals["hours"], "records": totals["records"], "people": totals["people"],
        "served_rate": cover["served_rate"], "deed_rate": cover["deed_rate"], "full_rate": cover["full_rate"],
        "full_value": cover["full_value"], "missing": cover["missing"],
    }


def children(node):
    return Grid.objects.filter(path__startswith=node.path, depth=node.depth + 1).order_by("path")


def node_and_children_figures(actor, node, period):
    """node_figures for the node and each child, with the record figures from one pass: one
    grouped query of the year's approved records by member and one list of the node's members,
    summed per child in Python. Per child that saves four aggregate queries over the records,
    which at district scale (250,000 members, millions of records) is what makes a cold map
    slow. The same definitions as coverage() and period_totals() (a test holds them equal)."""
    member_qs = members(actor, node)
    people = list(member_qs.values_list("pk", "home_grid__path", "work_grid__path"))
    facts = {row[0]: row[1:] for row in records_between(member_qs, period.year_start, period.end).values("member")
             .annotate(deed=Count("pk", filter=Q(is_deed=True)), other=Count("pk", filter=Q(is_deed=False)),
                       hours=Sum("hours", filter=Q(service_date__gte=period.start)),
                       n=Count("pk", filter=Q(service_date__gte=period.start)))
             .values_list("member", "deed", "other", "hours", "n").order_by()}
    kids = list(children(node))
    return (_figures_of(actor, node, people, facts),
            [(child, _figures_of(actor, child, people, facts)) for child in kids])


def _figures_of(actor, node, people, facts):
    mine = [pk for pk, home, work in people
            if (home or "").startswith(node.path) or (work or "").startswith(node.path)]
    total = len(mine)
    served = deed = full = records = active = 0
    hours = Decimal(0)
    for pk in mine:
        fact = facts.get(pk)
        if fact is None:
            continue
        n_deed, n_other, h, n = fact
        served += 1
        deed += n_deed > 0
        full += n_deed > 0 and n_other > 0
        hours += h or Decimal(0)
        records += n
        active += n > 0
    return {
        "members": total,
        "teams": scope.restrict(Team.objects.active(), actor).in_grid(node).count(),
        "points": service_points(actor, node).count(),
        "open_demands": demands(actor, node).filter(status__in=OPEN_STATUSES).count(),
        "hours": hours, "records": records, "people": active,
        "served_rate": percent(served, total), "deed_rate": percent(deed, total), "full_rate": percent(full, total),
        "full_value": rate(full, total), "missing": total - full,
    }


# --- O4: units ranked ---------------------------------------------------------------------------

RANKING_ORDERS = {
    "coverage": "全覆盖率",
    "hours": "人均服务时长",
    "evaluation": "服务对象评价均分",
}


def unit_ranking(actor, node, period, order="coverage"):
    """Party organisations in the node, each with its members' coverage (from 1 January to the
    period's end), hours per member and the beneficiaries' average score in the period, ranked.
    One query per figure, grouped by branch."""
    orgs = list(scope.restrict(PartyOrganization.objects.all(), actor).in_grid(node).select_related("grid"))
    member_qs = scope.restrict(PartyMember.objects.active(), actor).filter(branch__in=orgs)
    sizes = dict(member_qs.values_list("branch").annotate(n=Count("pk")).order_by())
    year = records_between(member_qs, period.year_start, period.end)
    served = {r["member__branch"]: r for r in year.values("member__branch").annotate(
        served=Count("member", distinct=True), deed=Count("member", distinct=True, filter=Q(is_deed=True)),
    ).order_by()}
    full = dict(year.filter(is_deed=True, member__in=year.filter(is_deed=False).values("member"))
                .values_list("member__branch").annotate(n=Count("member", distinct=True)).order_by())
    in_period = records_between(member_qs, period.start, period.end)
    hours = dict(in_period.values_list("member__branch").annotate(h=Sum("hours")).order_by())
    # Separately: joining evaluations into the sum above would count a record's hours once per evaluation.
    scores = dict(Evaluation.objects.filter(record__in=in_period.values("pk"), role=EvaluationRole.BENEFICIARY)
                  .values_list("record__member__branch").annotate(a=Avg("score")).order_by())
    rows = []
    for org in orgs:
        size = sizes.get(org.pk, 0)
        s = served.get(org.pk, {})
        h = hours.get(org.pk) or Decimal(0)
        score = scores.get(org.pk)
        rows.append({
            "org_id": org.pk, "name": org.name, "code": org.code, "grid": str(org.grid), "members": size,
            "served": s.get("served", 0), "deed": s.get("deed", 0), "full": full.get(org.pk, 0),
            "served_rate": percent(s.get("served", 0), size), "deed_rate": percent(s.get("deed", 0), size),
            "full_rate": percent(full.get(org.pk, 0), size), "full_value": rate(full.get(org.pk, 0), size),
            "hours": h, "per_member": round(float(h) / size, 2) if size else None,
            "score": round(float(score), 2) if score is not None else None,
        })

    def key(row):
        value = {"coverage": row["full_value"], "hours": row["per_member"], "evaluation": row["score"]}[order]
        return (value is None, -(value or 0), row["code"])

    rows.sort(key=key)
    for i, row in enumerate(rows, start=1):
        row["rank"] = i
    return rows
