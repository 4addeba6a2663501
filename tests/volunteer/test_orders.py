"""Bad input on the 接单 path: refused in Chinese, nothing written."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import MemberFactory
from volunteer import services
from volunteer.models import Activity, DemandStatus, Order, OrderStatus, Skill


@pytest.fixture
def setup(loop):
    project = loop.project()
    activity = loop.activity(project, capacity=2, starts=loop.now + datetime.timedelta(days=1))
    return loop, activity, loop.now


def refused(fn, fragment):
    before = (Order.objects.count(), list(Activity.objects.values_list("signed_up_count", flat=True)))
    with pytest.raises(ValidationError) as err:
        fn()
    assert fragment in " ".join(err.value.messages), err.value.messages
    assert before == (Order.objects.count(), list(Activity.objects.values_list("signed_up_count", flat=True)))


def test_sign_up_past_capacity(setup):
    loop, activity, now = setup
    a, b, c = loop.volunteers
    services.sign_up(activity, a, user=a.user, now=now)
    services.sign_up(activity, b, user=b.user, now=now)
    refused(lambda: services.sign_up(activity, c, user=c.user, now=now), "名额已满")


def test_sign_up_outside_the_window(setup):
    loop, activity, now = setup
    a = loop.volunteers[0]
    refused(lambda: services.sign_up(activity, a, user=a.user, now=activity.signup_opens_at - datetime.timedelta(minutes=1)),
            "报名尚未开始")
    refused(lambda: services.sign_up(activity, a, user=a.user, now=activity.signup_closes_at + datetime.timedelta(minutes=1)),
            "报名已截止")


def test_sign_up_twice(setup):
    loop, activity, now = setup
    a = loop.volunteers[0]
    services.sign_up(activity, a, user=a.user, now=now)
    refused(lambda: services.sign_up(activity, a, user=a.user, now=now), "已接过")


def test_sign_up_without_the_required_skill(setup):
    loop, activity, now = setup
    activity.required_skills.add(Skill.objects.create(name="水电维修"))
    a = loop.volunteers[0]
    refused(lambda: services.sign_up(activity, a, user=a.user, now=now), "水电维修")
    a.skills.add(Skill.objects.get(name="水电维修"))
    assert services.sign_up(activity, a, user=a.user, now=now).status == OrderStatus.SIGNED_UP


def test_sign_up_for_someone_else_is_refused(setup):
    loop, activity, now = setup
    a, b = loop.volunteers[:2]
    refused(lambda: services.sign_up(activity, a, user=b.user, now=now), "不能替")
    # An admin whose scope holds the member may sign them up.
    assert services.sign_up(activity, a, user=loop.d.community_admin, now=now)
    outsider = MemberFactory(home_grid=loop.d.cell_b1, branch=loop.d.org_b1)
    refused(lambda: services.sign_up(activity, outsider, user=loop.d.community_admin, now=now), "不能替")


def test_cancel_frees_the_seat(setup):
    loop, activity, now = setup
    a, b, c = loop.volunteers
    order = services.sign_up(activity, a, user=a.user, now=now)
    services.sign_up(activity, b, user=b.user, now=now)
    services.cancel_order(order, user=a.user, now=now)
    assert services.sign_up(activity, c, user=c.user, now=now)
    with pytest.raises(ValidationError, match="不能取消"):
        services.cancel_order(order, user=a.user, now=now)


def test_check_in_wrong_code_wrong_time_twice(setup):
    loop, activity, now = setup
    a = loop.volunteers[0]
    order = services.sign_up(activity, a, user=a.user, now=now)
    during = activity.starts_at + datetime.timedelta(minutes=10)
    with pytest.raises(ValidationError, match="签到码不正确"):
        services.check_in(order, user=a.user, code="WRONG1", now=during)
    with pytest.raises(ValidationError, match="尚未开始"):
        services.check_in(order, user=a.user, code=loop.point.public_code, now=activity.starts_at - datetime.timedelta(hours=2))
    with pytest.raises(ValidationError, match="已结束"):
        services.check_in(order, user=a.user, code=loop.point.public_code, now=activity.ends_at + datetime.timedelta(minutes=1))
    order.refresh_from_db()
    assert order.status == OrderStatus.SIGNED_UP and order.checked_in_at is None
    services.check_in(order, user=a.user, code=loop.point.public_code, now=during)
    with pytest.raises(ValidationError, match="不能重复签到"):
        services.check_in(order, user=a.user, code=loop.point.public_code, now=during)


def test_illegal_demand_transition_is_refused(loop):
    demand = loop.demand()
    with pytest.raises(ValidationError, match="不能改为"):
        services.resolve_demand(demand, user=loop.d.community_admin, feedback="x")
    with pytest.raises(ValidationError, match="不予受理的原因"):
        services.reject_demand(demand, user=loop.d.community_admin, reason=" ")
    services.reject_demand(demand, user=loop.d.community_admin, reason="不属于服务范围")
    with pytest.raises(ValidationError, match="不能改为"):
        services.accept_demand(demand, user=loop.d.community_admin)
    demand.refresh_from_db()
    assert demand.status == DemandStatus.REJECTED and demand.transitions.count() == 2


def test_demand_intake_bad_input(loop):
    from volunteer.models import Demand

    with pytest.raises(ValidationError, match="手机号码"):
        loop.demand(resident_phone="123")
    with pytest.raises(ValidationError, match="收集"):
        loop.demand(collection_point=None)
    with pytest.raises(ValidationError, match="管辖范围"):
        loop.demand(grid=loop.d.cell_b1)
    assert Demand.objects.count() == 0


def test_only_accepted_demands_become_projects(loop):
    demand = loop.demand()
    with pytest.raises(ValidationError, match="只有已受理"):
        loop.project(demands=[demand])
    from volunteer.models import ServiceProject

    assert not ServiceProject.objects.exists()
