"""Grids, organisations, teams, service points, demands and rewards from the sheets staff keep:
header aliases, natural keys (a second import adds nothing), errors by row and column, scope."""

from volunteer.models import Demand, Grid, PartyOrganization, Reward, ServicePoint, Team
from volunteer.resources import (
    DemandResource,
    GridResource,
    OrganizationResource,
    RewardResource,
    ServicePointResource,
    TeamResource,
)


def csv(*lines):
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def run(resource, content, user, commit=True):
    return resource().run(content, "表.csv", user=user, commit=commit)


def test_grids_go_under_their_parent_once(d):
    content = csv("网格名称,网格编码,上级,纬度,经度", "第二网格,T-A-1-2,T-A-1,31.780000,119.950000",
                  "第三网格,T-A-1-3,甲街道·甲一社区,,")
    report = run(GridResource, content, d.community_admin)
    assert report.messages() == [] and report.new == 2
    second = Grid.objects.get(code="T-A-1-2")
    assert second.get_parent() == d.comm_a1 and second.label == "甲街道·甲一社区·第二网格"
    assert str(second.centroid_lat) == "31.780000"
    again = run(GridResource, content, d.community_admin)
    assert (again.new, again.skipped) == (0, 2)
    outside = run(GridResource, csv("名称,编码,上级网格", "越权网格,T-B-1-9,T-B-1"), d.community_admin)
    assert outside.messages() == ["第 2 行“上级网格”：上级网格“T-B-1”不存在或不在您的管辖范围内"]


def test_organisations_by_code(d):
    content = csv("党组织名称,编码,层级,组织类型,网格,上级党组织,书记,电话",
                  "甲一社区第二党支部,ORG-A1-2,党支部,社区,T-A-1,,王 芳,0519-8888")
    report = run(OrganizationResource, content, d.community_admin)
    assert report.messages() == [] and report.new == 1
    org = PartyOrganization.objects.get(code="ORG-A1-2")
    assert org.grid == d.comm_a1 and org.secretary == "王芳" and org.level == "branch"
    assert run(OrganizationResource, content, d.community_admin).skipped == 1
    bad = run(OrganizationResource, csv("组织名称,组织编码,组织层级,组织类别,所在网格", "x,ORG-X,支部,社区,T-A-1"),
              d.community_admin)
    assert bad.messages()[0].startswith("第 2 行“组织层级”：组织层级“支部”不是可选值")


def test_service_points_and_rewards(d):
    points = csv("名称,类型,网格,详细地址,有机构,有制度,有队伍,有活动",
                 "甲一爱心超市,党员义工服务点,T-A-1,甲一路8号,是,√,否,")
    report = run(ServicePointResource, points, d.community_admin)
    assert report.messages() == [] and report.new == 1
    point = ServicePoint.objects.get(name="甲一爱心超市")
    assert (point.has_organization, point.has_rules, point.has_team, point.has_activities) == (True, True, False, False)
    assert run(ServicePointResource, points, d.community_admin).skipped == 1
    rewards = csv("商品,类别,所需积分,爱心超市,是否上架", "洗衣液,日用品,30分,甲一爱心超市,是",
                  f"香皂,日用品,１０,{point.public_code},")
    report = run(RewardResource, rewards, d.community_admin)
    assert report.messages() == [] and report.new == 2
    assert Reward.objects.get(name="香皂").points_price == 10 and Reward.objects.get(name="香皂").is_active
    assert run(RewardResource, rewards, d.other_community_admin).messages()[0].endswith("不存在或不在您的管辖范围内")


def test_teams_find_their_leader_by_id_number(d):
    content = csv("名称,类型,网格,队长身份证,品牌,季度目标",
                  f"甲一银龄队,按需求组建,T-A-1,{d.member_a1.id_card_number},银龄关爱,120小时")
    report = run(TeamResource, content, d.community_admin)
    assert report.messages() == [] and report.new == 1
    team = Team.objects.get(name="甲一银龄队")
    assert team.leader == d.member_a1 and team.target_hours_per_quarter == 120
    assert run(TeamResource, content, d.community_admin).skipped == 1
    stranger = csv("队伍名称,组建方式,所在网格,队长身份证号", f"乙队,按需求组建,T-A-1,{d.member_b1.id_card_number}")
    assert run(TeamResource, stranger, d.community_admin).messages() == [
        "第 2 行“队长身份证号”：队长不在党员名册中或不在您的管辖范围内"]


def test_paper_demands_are_taken_in_once(loop):
    d = loop.d
    content = csv("标题,具体需求,类别,网格,居民姓名,手机,地址,紧急,渠道,收集点",
                  f"楼道灯坏了,3号楼楼道灯不亮,生活照料,T-A-1-1,李阿姨,139-0000-1111,甲一新村,一般,信箱收集,{loop.point.name}")
    report = run(DemandResource, content, d.community_admin)
    assert report.messages() == [] and report.new == 1
    demand = Demand.objects.get()
    assert demand.resident_phone == "13900001111" and demand.channel == "mailbox" and demand.status == "new"
    assert demand.collection_point == loop.point
    assert run(DemandResource, content, d.community_admin).skipped == 1 and Demand.objects.count() == 1
    bad = run(DemandResource, csv("需求标题,需求描述,需求类别,所在网格,群众姓名,联系电话,收集渠道",
                                  "x,y,不存在的类别,T-A-1,张,123,上门走访"), d.community_admin)
    assert "第 2 行“需求类别”：需求类别“不存在的类别”不存在" in bad.messages()
    assert any(m.startswith("第 2 行“联系电话”：手机号码格式不正确") for m in bad.messages())


def test_a_demand_cannot_name_a_collection_point_outside_the_importers_scope(loop):
    from volunteer.models import PointKind, ServicePoint

    d = loop.d
    far = ServicePoint.objects.create(name="乙一村服务点", kind=PointKind.SERVICE_POINT, grid=d.comm_b1, address="乙一路")
    report = run(DemandResource, csv("需求标题,需求描述,需求类别,所在网格,群众姓名,联系电话,收集渠道,收集点",
                                     f"灯坏了,楼道灯不亮,生活照料,T-A-1-1,李阿姨,13900001111,信箱收集,{far.public_code}"),
                 d.community_admin)
    assert not report.committed and Demand.objects.count() == 0
    assert report.messages()[0].startswith("第 2 行“收集点”")


def test_the_intake_service_itself_refuses_a_collection_point_outside_scope(loop):
    import pytest
    from django.core.exceptions import ValidationError

    from volunteer import services
    from volunteer.models import PointKind, ServiceCategory, ServicePoint

    d = loop.d
    far = ServicePoint.objects.create(name="乙一村服务点", kind=PointKind.SERVICE_POINT, grid=d.comm_b1, address="乙一路")
    demand = Demand(title="灯坏了", description="楼道灯不亮", channel="mailbox", grid=d.cell_a1, collection_point=far,
                    category=ServiceCategory.objects.get(name="生活照料"), resident_name="李", resident_phone="13900001111")
    with pytest.raises(ValidationError) as err:
        services.intake_demand(demand, user=d.community_admin)
    assert "收集点" in str(err.value.message_dict["collection_point"])
