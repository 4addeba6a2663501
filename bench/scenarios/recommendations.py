"""M3 recommendations for one member with 10,000 activities in the district: the matching
function and the portal home page, against a bare indexed query / bare view (the floors)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from volunteer.models import (
    Activity,
    ActivityLine,
    Grid,
    GridLevel,
    PartyMember,
    ProjectStatus,
    ServiceCategory,
    ServicePoint,
    ServiceProject,
)

ACTIVITIES = 10_000


def ensure_activities():
    """Bench data, created in bulk (the demo builds its own through services)."""
    existing = Activity.objects.count()
    if existing >= ACTIVITIES:
        return
    rng = random.Random("bench-activities")
    communities = list(Grid.objects.filter(level=GridLevel.COMMUNITY))
    points = {p.grid_id: p for p in ServicePoint.objects.all()}
    member = PartyMember.objects.first()
    category = ServiceCategory.objects.first()
    from volunteer.models import PartyOrganization

    org = PartyOrganization.objects.first()
    project = ServiceProject.objects.create(name="基准测试项目", organization=org, category=category, responsible=member,
                                            activity_line=ActivityLine.PUBLIC_GOOD, description="bench",
                                            status=ProjectStatus.PUBLISHED)
    now = timezone.now()
    batch = []
    for i in range(ACTIVITIES - existing):
        grid = rng.choice(communities)
        starts = now + datetime.timedelta(hours=rng.randrange(2, 24 * 60))
        batch.append(Activity(project=project, title=f"基准活动{i}", grid=grid, service_point=points.get(grid.pk),
                              place="基准地点", starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
                              capacity=10, signup_opens_at=now - datetime.timedelta(days=1), signup_closes_at=starts))
    Activity.objects.bulk_create(batch, batch_size=2000)


def run(ctx):
    from volunteer import matching

    ensure_activities()
    user = get_user_model().objects.get(username="volunteer")
    member = user.party_member
    now = timezone.now()
    recs_queries, recs = ctx.count_queries(lambda: matching.recommend_activities(member, now=now))
    median = ctx.time(lambda: matching.recommend_activities(member, now=now))
    floor = ctx.time(lambda: list(Activity.objects.filter(starts_at__gt=now).order_by("starts_at")[:20]))
    rows = [(f"推荐活动 matching（{Activity.objects.count()} 个活动）", f"{median:.1f}", f"{floor:.1f}",
             f"{median / floor:.1f}x", recs_queries)]

    client = Client()
    client.force_login(user)
    page_queries, _ = ctx.count_queries(lambda: client.get("/portal/"))
    page = ctx.time(lambda: client.get("/portal/"))
    bare = ctx.time(lambda: client.get("/bench/bare/"))
    rows.append(("推荐活动 portal 首页（375px）", f"{page:.1f}", f"{bare:.1f}", f"{page / bare:.1f}x", page_queries))
    return rows
