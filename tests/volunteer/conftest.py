import datetime

import pytest
from django.utils import timezone

from tests.factories import MemberFactory, make_user
from volunteer import scope, services
from volunteer.models import (
    ActivityLine,
    Demand,
    DemandChannel,
    MemberStatus,
    PointKind,
    ServiceCategory,
    ServicePoint,
    ServiceProject,
)


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
