"""The home panels, the 三级网格地图 and the 单位排名 as each admin sees them: own scope only,
another node is a 404, Chinese throughout, and the ranking exports to XLSX."""

from io import BytesIO

import pytest
from django.urls import reverse

from tests.cms.test_admin_chinese import english_in
from tests.factories import make_user
from volunteer import scope


def map_url(node=None):
    return reverse("dashboard_map:node", args=[node.pk]) if node else reverse("dashboard_map:index")


def test_home_panels_show_the_users_own_figures(world, login):
    html = login(world.d.community_admin).get("/admin/").content.decode()
    for title in ["全覆盖进度", "每月服务时长", "群众需求办理情况", "本季度未达目标的服务队伍", "“四有”未达标的服务阵地",
                  "爱心超市库存不足的商品", "待审核的服务记录"]:
        assert title in html, title
    assert f"管辖范围：{world.d.comm_a1}" in html
    assert "50.0%" in html  # 甲一社区: 1 of 2 members has both a service and a deed
    assert "甲一银龄服务队" in html and "洗衣液" in html
    assert "甲二社区党员活动室" not in html  # another community's point with gaps
    assert "echarts-5.6.0.min.js" in html and 'data-dy-chart="dy-chart-dy_hours"' in html
    assert reverse("dashboard_map:node", args=[world.d.comm_a1.pk]) in html


def test_district_admin_panels(world, login):
    html = login(world.d.district_admin).get("/admin/").content.decode()
    assert "25.0%" in html and "甲二社区党员活动室" in html and "送药" in html  # the overdue demand


def test_no_scope_no_panels(world, login):
    editor = make_user("editor1", scope.ROLE_EDITOR)
    html = login(editor).get("/admin/").content.decode()
    assert "全覆盖进度" not in html and "三级网格地图" not in html
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    assert login(editor).get(map_url()).status_code in (302, 403)


def test_panel_needs_the_view_permission(world, login):
    operator = make_user("op1", scope.ROLE_SUPERMARKET_OPERATOR, world.d.comm_a1)
    html = login(operator).get("/admin/").content.decode()
    assert "爱心超市库存不足的商品" in html and "洗衣液" in html
    assert "全覆盖进度" not in html and "群众需求办理情况" not in html


def test_map_drills_down_within_scope(world, login):
    d = world.d
    client = login(d.town_admin)
    response = client.get(map_url())
    assert response.status_code == 200
    assert response.context["node"] == d.town_a
    rows = {r["name"]: r for r in response.context["rows"]}
    assert set(rows) == {"甲一社区", "甲二社区"}
    assert rows["甲一社区"]["figures"]["members"] == 2 and rows["甲一社区"]["figures"]["full_rate"] == "50.0%"
    assert response.context["chart_spec"]["type"] == "treemap"  # no boundaries in the fixtures
    html = response.content.decode()
    assert rows["甲一社区"]["url"] in html
    community = client.get(rows["甲一社区"]["url"])
    assert community.context["node_figures"]["members"] == 2
    assert [r["name"] for r in community.context["rows"]] == ["第一网格"]
    assert client.get(map_url(d.cell_a1)).context["is_leaf"]
    # Up the tree or sideways out of the town: not there.
    assert client.get(map_url(d.district)).status_code == 404
    assert client.get(map_url(d.comm_b1)).status_code == 404


def test_community_admin_cannot_open_another_node(world, login):
    d = world.d
    client = login(d.community_admin)
    assert client.get(map_url()).context["node"] == d.comm_a1
    for node in [d.comm_a2, d.town_a, d.district, d.cell_b1]:
        assert client.get(map_url(node)).status_code == 404, node
    assert client.get(reverse("dashboard_rankings:index") + f"?grid={d.comm_a2.pk}").status_code == 404
    assert client.get(map_url(d.cell_a1)).status_code == 200


def test_map_draws_boundaries_and_markers_when_every_child_has_one(world, login):
    from volunteer.dashboard.boundaries import fill_demo_boundaries

    d = world.d
    fill_demo_boundaries(root=d.district)
    world.point_a1.latitude, world.point_a1.longitude = None, None
    world.point_a1.save()
    spec = login(d.town_admin).get(map_url()).context["chart_spec"]
    assert spec["type"] == "geo"
    assert [f["properties"]["name"] for f in spec["geojson"]["features"]] == ["甲一社区", "甲二社区"]
    assert {m["name"] for m in spec["markers"]} == {"甲一社区党员义工服务点", "甲二社区党员活动室"}


def test_period_changes_hours_not_structure(world, login):
    d = world.d
    client = login(d.district_admin)
    last_year = client.get(map_url(d.town_b) + f"?period={world.year - 1}").context["node_figures"]
    assert last_year["hours"] == 5 and last_year["served_rate"] == "50.0%"


def test_rankings_and_export(world, login):
    from openpyxl import load_workbook

    client = login(world.d.district_admin)
    response = client.get(reverse("dashboard_rankings:index") + "?order=hours")
    assert [r["name"] for r in response.context["rows"]][:2] == ["甲一社区党支部", "乙镇精工公司党支部"]
    export = client.get(reverse("dashboard_rankings:index") + "?order=hours&format=xlsx")
    assert export.status_code == 200 and "attachment" in export["Content-Disposition"]
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("名次", "党组织", "所在网格", "在册党员")
    assert rows[2][0] == 1 and rows[2][1] == "甲一社区党支部" and rows[2][9] == 5.0
    # A community admin ranks only the organisations in their community.
    mine = login(world.d.community_admin).get(reverse("dashboard_rankings:index")).context["rows"]
    assert [r["name"] for r in mine] == ["甲一社区党支部"]


@pytest.mark.parametrize("who", ["district_admin", "town_admin", "community_admin"])
def test_dashboard_screens_read_in_chinese(world, login, who):
    d = world.d
    client = login(getattr(d, who))
    node = {"district_admin": d.district, "town_admin": d.town_a, "community_admin": d.comm_a1}[who]
    for url in ["/admin/", map_url(), map_url(node), reverse("dashboard_rankings:index")]:
        response = client.get(url)
        assert response.status_code == 200, url
        found = [t for t in english_in(response.content.decode()) if "dy-" not in t]
        assert not found, (url, found)
