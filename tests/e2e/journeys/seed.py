"""The least data each journey starts from, built through services like the admin builds it
(tests/conftest.py's District and Loop), so every journey runs alone and fast."""

import datetime

from django.utils import timezone

from volunteer import services
from volunteer.models import Activity, Order


def open_activity(loop, title="社区义诊", minutes_to_start=20):
    """A published project with an activity that starts soon and is open for sign-up now."""
    now = timezone.now()
    starts = now + datetime.timedelta(minutes=minutes_to_start)
    return loop.activity(loop.project(), starts=starts, title=title, signup_closes_at=starts,
                         signup_opens_at=now - datetime.timedelta(days=1))


def time_passes(order, minutes=90):
    """The volunteer served for a while: instead of waiting, move the activity and the check-in
    back so that it began `minutes` ago and ends now (the service is exactly that long)."""
    now = timezone.now().replace(microsecond=0)
    began = now - datetime.timedelta(minutes=minutes)
    Activity.objects.filter(pk=order.activity_id).update(starts_at=began, ends_at=now,
                                                         signup_closes_at=began - datetime.timedelta(minutes=1))
    Order.objects.filter(pk=order.pk).update(checked_in_at=began)


def served_record(loop, member=None, title="上门维修"):
    """A member took an activity, checked in and out: a pending ServiceRecord of 1.5 hours."""
    member = member or loop.volunteers[0]
    now = timezone.now()
    activity = loop.activity(loop.project(), starts=now - datetime.timedelta(minutes=100), title=title,
                             signup_opens_at=now - datetime.timedelta(days=1), signup_closes_at=now)
    order = services.sign_up(activity, member, user=member.user, now=now - datetime.timedelta(hours=3))
    services.check_in(order, user=member.user, code=loop.point.public_code, now=now - datetime.timedelta(minutes=95))
    return services.check_out(order, user=member.user, now=now - datetime.timedelta(minutes=5))
