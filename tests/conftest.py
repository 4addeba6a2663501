import datetime
import os

import pytest
from django.utils import timezone

from tests.factories import MemberFactory, make_grid, make_org, make_user
from volunteer import scope, services
from volunteer.models import (
    ActivityLine,
    Demand,
    DemandChannel,
    MemberStatus,
    OrgKind,
    OrgLevel,
    PointKind,
    ServiceCategory,
    ServicePoint,
    ServiceProject,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from fixtures
# in that same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class District:
    """A small district: two towns, two communities each, a cell per community, a branch per
    community and one member living in each cell."""

    def __init__(self):
        self.district = make_grid("测试区", "T")
        self.town_a = make_grid("甲街道", "T-A", self.district)
        self.town_b = make_grid("乙镇", "T-B", self.district)
        self.comm_a1 = make_grid("甲一社区", "T-A-1", self.town_a)
        self.comm_a2 = make_grid("甲二社区", "T-A-2", self.town_a)
        self.comm_b1 = make_grid("乙一村", "T-B-1", self.town_b)
        self.cell_a1 = make_grid("第一网格", "T-A-1-1", self.comm_a1)
        self.cell_a2 = make_grid("第一网格", "T-A-2-1", self.comm_a2)
        self.cell_b1 = make_grid("第一网格", "T-B-1-1", self.comm_b1)
        self.org_a1 = make_org(self.comm_a1, "甲一社区党支部")
        self.org_a2 = make_org(self.comm_a2, "甲二社区党支部")
        self.org_b1 = make_org(self.comm_b1, "乙一村党总支", kind=OrgKind.VILLAGE, level=OrgLevel.GENERAL_BRANCH)
        self.company_b = make_org(self.town_b, "乙镇精工公司党支部", kind=OrgKind.ENTERPRISE)
        self.member_a1 = MemberFactory(name="张三丰", home_grid=self.cell_a1, branch=self.org_a1, mobile="13812345678")
        self.member_a2 = MemberFactory(name="李四海", home_grid=self.cell_a2, branch=self.org_a2, mobile="13912345678")
        self.member_b1 = MemberFactory(name="王五岳", home_grid=self.cell_b1, branch=self.org_b1, mobile="13712345678")
        # Lives in 乙一村 but works in 甲一社区: both communities can see them (G2).
        self.commuter = MemberFactory(
            name="赵六合", home_grid=self.cell_b1, work_grid=self.comm_a1, branch=self.company_b,
            status=MemberStatus.IN_SERVICE, mobile="13612345678",
        )
        self.community_admin = make_user("comm_a1", scope.ROLE_COMMUNITY_ADMIN, self.comm_a1)
        self.other_community_admin = make_user("comm_a2", scope.ROLE_COMMUNITY_ADMIN, self.comm_a2)
        self.town_admin = make_user("town_a", scope.ROLE_TOWN_ADMIN, self.town_a)
        self.district_admin = make_user("district", scope.ROLE_DISTRICT_ADMIN, self.district)
        self.superuser = make_user("root", superuser=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached public figures must come from this test's data, not an earlier test's (or, on
    Redis, an earlier run's)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def d(db):
    return District()


class Loop:
    """A published project with one activity in 甲一社区 and volunteers with logins.
    The activity ran from three hours ago to one hour ago; sign-up was open before that."""

    def __init__(self, d):
        self.d = d
        self.now = timezone.now().replace(microsecond=0)
        self.point = ServicePoint.objects.create(name="甲一社区党员义工服务点", kind=PointKind.SERVICE_POINT,
                                                 grid=d.comm_a1, address="甲一路1号")
        self.category = ServiceCategory.objects.get(name="生活照料")
        self.volunteers = []
        for i, name in enumerate(["陈一", "陈二", "陈三"]):
            member = MemberFactory(name=name, home_grid=d.cell_a1, branch=d.org_a1, status=MemberStatus.RETIRED)
            member.user = make_user(f"vol{i}", scope.ROLE_VOLUNTEER)
            member.save()
            self.volunteers.append(member)

    def demand(self, **fields):
        values = dict(title="帮独居老人修水管", description="厨房水管漏水，老人行动不便", channel=DemandChannel.PHONE,
                      category=self.category, grid=self.d.cell_a1, collection_point=self.point,
                      resident_name="刘奶奶", resident_phone="13800001111")
        values.update(fields)
        return services.intake_demand(Demand(**values), user=self.d.community_admin)

    def project(self, demands=(), publish=True):
        project = services.plan_project(
            ServiceProject(name="银龄关爱行动", organization=self.d.org_a1, category=self.category,
                           responsible=self.d.member_a1, activity_line=ActivityLine.DEED, description="上门服务"),
            user=self.d.community_admin, demands=demands)
        if publish:
            project = services.publish_project(project, user=self.d.community_admin)
        return project

    def activity(self, project, capacity=3, starts=None, by=None, **fields):
        from volunteer.models import Activity

        starts = starts or self.now - datetime.timedelta(hours=3)
        values = dict(project=project, title="上门维修", grid=self.d.comm_a1, service_point=self.point, place="甲一路1号",
                      starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), capacity=capacity,
                      signup_opens_at=starts - datetime.timedelta(days=2), signup_closes_at=starts - datetime.timedelta(minutes=30))
        values.update(fields)
        return services.schedule_activity(Activity(**values), user=by or self.d.community_admin)


@pytest.fixture
def loop(d):
    return Loop(d)


@pytest.fixture
def migrated_data(transactional_db):
    """Transactional tests (live server, threads) flush every table afterwards, taking the rows
    migrations created with them. Recreate them with the same idempotent functions the migrations
    and `ensure_roles` / `ensure_site` use. (Serialized rollback cannot do it under Playwright:
    its event loop hands Django a fresh connection object.)"""
    from django.apps import apps

    from publicity.site_setup import ensure_site
    from publicity.site_setup_workflow import ensure_publicity_workflow
    from volunteer.reference_data import ensure_reference_data
    from volunteer.roles import ensure_roles

    ensure_roles(apps)
    ensure_reference_data(apps)
    ensure_site(apps)
    ensure_publicity_workflow(apps)


@pytest.fixture
def rates(settings):
    """Set API throttle rates for one test. DRF caches its settings object: reload it after."""
    from rest_framework.settings import api_settings

    def _set(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
        }
        api_settings.reload()

    yield _set
    api_settings.reload()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need real row locks and concurrent connections; they run in CI's
    PostgreSQL pass and are deselected (not skipped) on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    selected = [item for item in items if "postgres" not in item.keywords]
    if len(selected) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if "postgres" in item.keywords])
        items[:] = selected
