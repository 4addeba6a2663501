"""The demo's activities sit in working hours in Asia/Shanghai — not at the UTC hour the seed ran —
and some are today and tomorrow, open, so a newcomer can take one and check in."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from volunteer import services
from volunteer.demo_loop import activity_plan
from volunteer.models import Activity, ActivityStatus, GridLevel, OrderStatus, PartyMember

UTC = datetime.timezone.utc


def local(moment):
    return timezone.localtime(moment)


def in_working_hours(starts):
    ends = local(starts + datetime.timedelta(hours=2))
    return datetime.time(8, 0) <= local(starts).time() and ends.time() <= datetime.time(18, 0) \
        and ends.date() == local(starts).date()


@pytest.mark.parametrize("now_utc, running_now", [
    (datetime.datetime(2026, 12, 7, 19, 20, tzinfo=UTC), False),  # 03:20 in Shanghai: the seed's old 03:00–05:00
    (datetime.datetime(2026, 12, 7, 2, 40, tzinfo=UTC), True),    # 10:40: one is running now
    (datetime.datetime(2026, 12, 7, 8, 5, tzinfo=UTC), True),     # 16:05: the last that can end by 18:00
    (datetime.datetime(2026, 12, 7, 12, 0, tzinfo=UTC), False),   # 20:00: only tomorrow's
])
def test_the_plan_is_in_working_hours_with_one_today_or_tomorrow(now_utc, running_now):
    today = local(now_utc).date()
    for past in (True, False):
        plan = activity_plan(now_utc, past)
        assert all(in_working_hours(starts) for starts, _ in plan), [local(s) for s, _ in plan]
        drop_ins = [starts for starts, drop_in in plan if drop_in]
        assert any(local(s).date() == today + datetime.timedelta(days=1) for s in drop_ins)
        # Check-in opens 30 minutes before the start and closes at the end.
        can_check_in_now = any(s - datetime.timedelta(minutes=30) <= now_utc <= s + datetime.timedelta(hours=2)
                               for s in drop_ins)
        assert can_check_in_now == running_now
        assert all(s + datetime.timedelta(hours=2) > now_utc for s in drop_ins)


@pytest.mark.django_db
def test_the_seeded_demo_lets_a_newcomer_take_an_activity_today_and_check_in(monkeypatch):
    # The clock the issue saw: 19:20 UTC, i.e. 03:20 in Shanghai.
    seeded_at = datetime.datetime(2026, 12, 7, 19, 20, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: seeded_at)
    call_command("seed_demo", stdout=io.StringIO())
    demo = Activity.objects.filter(project__name__startswith="【示范】")
    assert demo.count() > 0
    assert all(in_working_hours(a.starts_at) for a in demo), sorted({local(a.starts_at).time() for a in demo})

    today = local(seeded_at).date()
    open_now = demo.filter(status=ActivityStatus.SCHEDULED, signup_opens_at__lte=seeded_at,
                           signup_closes_at__gte=seeded_at)
    days = {local(a.starts_at).date() for a in open_now}
    assert today in days and today + datetime.timedelta(days=1) in days

    # The demo volunteer takes today's activity in their community and checks in when it starts.
    newcomer = PartyMember.objects.get(user__username="volunteer")
    community = newcomer.home_grid if newcomer.home_grid.level == GridLevel.COMMUNITY else \
        newcomer.home_grid.get_ancestors().get(level=GridLevel.COMMUNITY)
    activity = open_now.filter(grid=community, starts_at__date=today,
                               required_skills__isnull=True).order_by("starts_at").first()
    assert activity is not None and local(activity.starts_at).hour == 9
    order = services.sign_up(activity, newcomer, user=newcomer.user, now=seeded_at)
    services.check_in(order, user=newcomer.user, code=activity.service_point.public_code,
                      now=activity.starts_at + datetime.timedelta(minutes=5))
    order.refresh_from_db()
    assert order.status == OrderStatus.CHECKED_IN
