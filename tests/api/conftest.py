"""Fixtures for /api/v1/: clients logged in by token (as partner apps do) and a little data."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from volunteer import scope, services
from volunteer.models import EntryKind, PointKind, Reward, ServicePoint, Unit


@pytest.fixture
def api():
    """api(user) → an APIClient sending that user's token; api() → anonymous."""

    def _client(user=None):
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


@pytest.fixture
def future_activity(loop):
    """Open for sign-up now, starting tomorrow, at the loop's service point in 甲一社区."""
    now = timezone.now()
    return loop.activity(loop.project(), starts=now + datetime.timedelta(days=1),
                         signup_opens_at=now - datetime.timedelta(days=1))


@pytest.fixture
def running_activity(loop):
    """Started 10 minutes ago (check-in possible); volunteers signed up before it closed."""
    starts = timezone.now() - datetime.timedelta(minutes=10)
    return loop.activity(loop.project(), starts=starts, signup_closes_at=starts - datetime.timedelta(minutes=5))


@pytest.fixture
def other_activity(loop):
    """An activity in 甲二社区: outside the 甲一 community admin's scope."""
    now = timezone.now()
    point = ServicePoint.objects.create(name="甲二服务点", kind=PointKind.SERVICE_POINT, grid=loop.d.comm_a2,
                                        address="甲二路1号")
    from volunteer.models import ServiceProject

    project = services.plan_project(
        ServiceProject(name="甲二助学", organization=loop.d.org_a2, category=loop.category,
                       responsible=loop.d.member_a2, activity_line="deed", description="辅导"),
        user=loop.d.other_community_admin)
    project = services.publish_project(project, user=loop.d.other_community_admin)
    return loop.activity(project, grid=loop.d.comm_a2, service_point=point, place="甲二路1号",
                         starts=now + datetime.timedelta(days=1), signup_opens_at=now - datetime.timedelta(days=1),
                         by=loop.d.other_community_admin)


@pytest.fixture
def store(d):
    return ServicePoint.objects.create(name="甲一爱心超市", kind=PointKind.SERVICE_POINT, grid=d.comm_a1,
                                       address="甲一路2号")


@pytest.fixture
def rice(store):
    item = Reward.objects.create(name="大米5斤", points_price=20, store=store)
    services.restock(item, 10, user=scope.SYSTEM, key="stock:rice")
    item.refresh_from_db()
    return item


def give_points(member, amount, key):
    return services.post(member, Unit.POINTS, amount, kind=EntryKind.ADJUST, source="test", key=key)


