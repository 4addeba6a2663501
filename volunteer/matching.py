"""M3 matching: which published activities fit a member, and whom to invite to an activity.

Ranking is a small sum of readable parts, so the screen can say why in one line:
nearness to the member's home and work grids, skills the activity needs that the member has,
how soon it starts, and seats left. Activities the member cannot take (no seats, missing skill,
already taken, clashing with another order) are left out."""

from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone

from volunteer import formatting
from volunteer.models import (
    Activity,
    Grid,
    GridLevel,
    Order,
    PartyMember,
)
from volunteer.models.order import ACTIVE_ORDER_STATUSES

CANDIDATE_LIMIT = 300  # the soonest open activities near the member; enough to rank, bounded


@dataclass
class Recommendation:
    activity: Activity
    score: int
    reasons: list = field(default_factory=list)

    @property
    def reason(self):
        return " · ".join(self.reasons)


def _ancestor_path(grid, level):
    """The path of the grid's ancestor at `level` (treebeard paths: 4 chars per level)."""
    if grid is None or grid.level < level:
        return None
    return grid.path[: Grid.steplen * level]


def nearness(activity_grid, member, *, to_member=True):
    """(points, words) for how close the activity is to where the member lives and works; the
    words speak to the member ("在您居住地所在村社区") or, for an admin, about them ("居住地在本村社区")."""
    best = (0, "")
    for grid, where in ((member.home_grid, "居住地"), (member.work_grid, "单位")):
        if grid is None:
            continue
        for level, points, scope_word in ((GridLevel.COMMUNITY, 40, "村社区"), (GridLevel.TOWN, 20, "镇街")):
            prefix = _ancestor_path(grid, level)
            if prefix and activity_grid.path.startswith(prefix):
                bonus = points - (5 if where == "单位" else 0)
                if bonus > best[0]:
                    best = (bonus, f"在您{where}所在{scope_word}" if to_member else f"{where}在本{scope_word}")
                break
    return best


def recommend_activities(member, *, now=None, limit=20):
    now = now or timezone.now()
    member = PartyMember.objects.select_related("home_grid", "work_grid").get(pk=member.pk)
    member_skills = set(member.skills.values_list("pk", flat=True))
    prefixes = {p for p in (_ancestor_path(member.home_grid, GridLevel.TOWN),
                            _ancestor_path(member.work_grid, GridLevel.TOWN)) if p}
    near = Q()
    for prefix in prefixes:
        near |= Q(grid__path__startswith=prefix)
    taken = Order.objects.filter(member=member, status__in=ACTIVE_ORDER_STATUSES)
    busy = list(taken.filter(activity__ends_at__gt=now).values_list("activity__starts_at", "activity__ends_at"))
    candidates = (
        Activity.objects.open_for_signup(now)
        .filter(near, signed_up_count__lt=F("capacity"), starts_at__gt=now)
        .exclude(pk__in=taken.values("activity_id"))
        .select_related("grid", "project", "service_point")
        .prefetch_related("required_skills")
        .order_by("starts_at")[:CANDIDATE_LIMIT]
    )
    ranked = []
    for activity in candidates:
        required = {s.pk: s.name for s in activity.required_skills.all()}
        if set(required) - member_skills:
            continue
        if any(start < activity.ends_at and end > activity.starts_at for start, end in busy):
            continue
        points, where = nearness(activity.grid, member)
        reasons = [where] if where else []
        if required:
            points += 10 * len(required)
            reasons.append("需要您的技能：" + "、".join(required.values()))
        days = (activity.starts_at - now).days
        points += max(0, 14 - days)
        seats = activity.capacity - activity.signed_up_count
        if seats <= 3:
            points += 3
            reasons.append(f"仅剩{seats}个名额")
        else:
            reasons.append(f"还有{seats}个名额")
        reasons.append(f"{formatting.local_datetime(activity.starts_at)}开始")
        ranked.append(Recommendation(activity, points, reasons))
    ranked.sort(key=lambda r: (-r.score, r.activity.starts_at))
    return ranked[:limit]


def invite_candidates(activity, *, user, limit=30):
    """Members in the user's scope who fit the activity and have not taken it, nearest first."""
    from volunteer import scope

    activity = Activity.objects.select_related("grid").get(pk=activity.pk)
    town = _ancestor_path(activity.grid, GridLevel.TOWN) or activity.grid.path
    community = _ancestor_path(activity.grid, GridLevel.COMMUNITY)
    members = scope.restrict(PartyMember.objects.active(), user).filter(
        Q(home_grid__path__startswith=town) | Q(work_grid__path__startswith=town)
    ).exclude(pk__in=Order.objects.filter(activity=activity, status__in=ACTIVE_ORDER_STATUSES).values("member_id"))
    for skill in activity.required_skills.all():
        members = members.filter(skills=skill)
    members = members.select_related("home_grid", "work_grid").distinct()[: limit * 5]
    ranked = []
    for member in members:
        points, where = nearness(activity.grid, member, to_member=False)
        if community and member.home_grid.path.startswith(community):
            points += 5
        ranked.append(Recommendation(activity, points, [where] if where else ["在本镇街"]))
        ranked[-1].member = member
    ranked.sort(key=lambda r: -r.score)
    return ranked[:limit]
