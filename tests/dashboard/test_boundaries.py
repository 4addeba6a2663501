"""Grid boundaries: an uploaded or imported GeoJSON is checked (Chinese errors naming the field),
the demo's generated map tiles its district (each child inside its parent, no two siblings
overlapping, nothing left over), and the 三级网格地图 draws them as a choropleth of 全覆盖率 in %."""

import json
import math
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from volunteer.dashboard import boundaries as b
from volunteer.models import Grid, ServicePoint

SQUARE = [[120.0, 31.6], [120.1, 31.6], [120.1, 31.7], [120.0, 31.7], [120.0, 31.6]]


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    {"type": "Polygon", "coordinates": [SQUARE]},
    {"type": "MultiPolygon", "coordinates": [[SQUARE], [[[p[0] + 0.2, p[1]] for p in SQUARE]]]},
    {"type": "Feature", "properties": {"name": "甲"}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}},
    json.dumps({"type": "Polygon", "coordinates": [SQUARE]}),
    ("\ufeff" + json.dumps({"type": "Polygon", "coordinates": [SQUARE]})).encode("utf-8"),
])
def test_good_boundaries_are_kept_as_their_geometry(value):
    geom = b.validate_boundary(value)
    assert geom["type"] in ("Polygon", "MultiPolygon")
    assert b.contains(geom, (120.05, 31.65)) and not b.contains(geom, (119.9, 31.65))


def test_empty_is_no_boundary():
    assert b.validate_boundary("") is None and b.validate_boundary(None) is None


@pytest.mark.parametrize("value, words", [
    ("{not json", ["边界（GeoJSON）", "不是有效的 JSON"]),
    ([1, 2], ["应为 GeoJSON 对象"]),
    ({"type": "Point", "coordinates": [120, 31]}, ["类型“Point”不受支持", "Polygon"]),
    ({"type": "Feature", "geometry": {"type": "LineString", "coordinates": []}}, ["Feature 的 geometry"]),
    ({"type": "Polygon", "coordinates": [[[p[0] + 100, p[1]] for p in SQUARE]]}, ["经度 220.0 超出范围"]),
    ({"type": "Polygon", "coordinates": [[[p[1], p[0]] for p in SQUARE]]}, ["纬度 120.0 超出范围", "经度在前"]),
    ({"type": "Polygon", "coordinates": [SQUARE[:4]]}, ["没有闭合"]),
    ({"type": "Polygon", "coordinates": [SQUARE[:3]]}, ["至少需要4个坐标点"]),
    ({"type": "Polygon", "coordinates": [[["120", "31"]] * 4]}, ["第1个坐标点应为 [经度, 纬度]"]),
    ({"type": "Polygon", "coordinates": []}, ["coordinates"]),
    ({"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE[:3]]]}, ["第2个多边形外环"]),
])
def test_bad_boundaries_are_refused_in_chinese(value, words):
    with pytest.raises(ValidationError) as raised:
        b.validate_boundary(value)
    message = raised.value.messages[0]
    assert message.startswith("边界（GeoJSON）"), message
    for word in words:
        assert word in message, message


# --- the demo's generated map -------------------------------------------------------------------


def assert_tiles(parent, children, samples=900):
    """The children lie inside the parent, do not overlap and leave nothing uncovered."""
    children = [b.geometry(c) for c in children]
    assert all(children)
    parent_ring = parent["coordinates"][0]
    for child in children:
        for point in child["coordinates"][0]:
            assert b.contains(parent, point) or b._distance_to_ring(point, parent_ring) < 1e-5, point
    total = sum(b.area(c) for c in children)
    assert math.isclose(total, b.area(parent), rel_tol=1e-4), (total, b.area(parent))
    west, south, east, north = b.bbox(parent)
    rng = random.Random(1)
    hits = 0
    for _ in range(samples):
        point = (rng.uniform(west, east), rng.uniform(south, north))
        inside = [i for i, c in enumerate(children) if b.contains(c, point)]
        if b.contains(parent, point):
            hits += 1
            near_edge = any(b._distance_to_ring(point, c["coordinates"][0]) < 1e-5 for c in children)
            assert len(inside) == 1 or near_edge, (point, inside)
        else:
            assert not inside, point
    assert hits > samples / 3


def test_the_demo_map_tiles_the_district_at_every_level():
    """The demo's shape: 12 towns (three 街道), 5–6 communities each, 2–3 cells each."""
    district = b.district_outline(b.DEMO_BOX, random.Random("QH"))
    towns = ["春江街道", "湖滨街道", "凤鸣街道", "南湖镇", "西城镇", "北岗镇", "东林镇", "青禾镇", "白荡镇", "桃源镇",
             "清潭镇", "青禾经济开发区"]
    town_shapes = b.partition(district, towns, "QH")
    assert_tiles(district, town_shapes)
    # Irregular, not twelve equal rectangles: the towns' vertex counts and areas differ.
    assert len({len(t["coordinates"][0]) for t in town_shapes}) > 2
    areas = sorted(b.area(t) for t in town_shapes)
    assert areas[-1] > 1.3 * areas[0]
    # The 街道 (the urban core) sit nearest the district's centre.
    centre = b.ring_centroid(district["coordinates"][0])
    distance = {name: math.dist(b.ring_centroid(s["coordinates"][0]), centre) for name, s in zip(towns, town_shapes)}
    assert max(distance[t] for t in towns[:3]) <= sorted(distance.values())[3]
    for t, town in enumerate(town_shapes[:4]):
        communities = b.partition(town, [f"社区{c}" for c in range(6 if t % 2 else 5)], f"QH-{t}")
        assert_tiles(town, communities, samples=400)
        for c, community in enumerate(communities[:3]):
            assert_tiles(community, b.partition(community, ["第一网格", "第二网格", "第三网格"][: 2 + c % 2],
                                                f"QH-{t}-{c}"), samples=200)


def test_fill_demo_boundaries_on_a_tree(world):
    d = world.d
    assert b.fill_demo_boundaries(root=d.district) == 9
    shapes = dict(Grid.objects.values_list("pk", "boundary"))
    assert b.fill_demo_boundaries(root=d.district) == 0  # idempotent
    assert dict(Grid.objects.values_list("pk", "boundary")) == shapes
    for node in Grid.objects.filter(numchild__gt=0):
        assert_tiles(node.boundary, [c.boundary for c in node.get_children()], samples=300)
    for node in Grid.objects.all():  # the label point lies inside the node
        assert b.contains(node.boundary, (float(node.centroid_lng), float(node.centroid_lat))), node


def test_an_earlier_demos_rectangles_are_replaced(world):
    d = world.d
    for node in [d.district, d.town_a, d.town_b]:
        Grid.objects.filter(pk=node.pk).update(boundary={"type": "Polygon", "coordinates": [SQUARE]})
    assert b.fill_demo_boundaries(root=d.district) == 9
    assert not any(b.is_old_demo_rectangle(g.boundary) for g in Grid.objects.all())


def test_demo_points_sit_inside_their_grid_away_from_the_labels(world):
    d = world.d
    ServicePoint.objects.update(latitude=None, longitude=None)
    b.fill_demo_boundaries(root=d.district)
    assert b.place_demo_points(root=d.district) == 2
    assert b.place_demo_points(root=d.district) == 0
    for point in ServicePoint.objects.select_related("grid"):
        spot = (float(point.longitude), float(point.latitude))
        assert b.contains(point.grid.boundary, spot), point
        label = (float(point.grid.centroid_lng), float(point.grid.centroid_lat))
        assert math.dist(spot, label) > 0.002, point  # not on the community's name


# --- the map screen -----------------------------------------------------------------------------


def map_url(node):
    return reverse("dashboard_map:node", args=[node.pk])


def test_the_map_is_a_choropleth_of_coverage_in_percent(world, login):
    d = world.d
    b.fill_demo_boundaries(root=d.district)
    b.place_demo_points(root=d.district)
    response = login(d.district_admin).get(map_url(d.district))
    spec = response.context["chart_spec"]
    assert spec["type"] == "geo"
    features = {f["properties"]["name"]: f for f in spec["geojson"]["features"]}
    assert set(features) == {"甲街道", "乙镇"}
    town_a = Grid.objects.get(pk=d.town_a.pk)
    assert features["甲街道"]["geometry"] == town_a.boundary
    assert features["甲街道"]["properties"]["cp"] == [float(town_a.centroid_lng), float(town_a.centroid_lat)]
    regions = {r["name"]: r for r in spec["regions"]}
    # 甲街道: 1 of 3 members 全覆盖 (figures.py); 乙镇: 0 of 2.
    assert regions["甲街道"]["value"] == 33.3 and regions["甲街道"]["rate"] == "33.3%"
    assert regions["乙镇"]["value"] == 0.0 and regions["乙镇"]["rate"] == "0.0%"
    assert regions["甲街道"]["url"].startswith(map_url(d.town_a))
    assert ("全覆盖率", "33.3%") in [tuple(p) for p in regions["甲街道"]["figures"]]
    # A legend in percent, 0–100 in several colours.
    bands = spec["bands"]
    assert bands[0]["gte"] == 0 and bands[-1]["lte"] == 100 and len({x["color"] for x in bands}) == 5
    assert all(x["label"].endswith("%") for x in bands)
    # Service points at their own coordinates, inside the drawn district.
    assert {m["name"] for m in spec["markers"]} == {"甲一社区党员义工服务点", "甲二社区党员活动室"}
    for marker in spec["markers"]:
        assert any(b.contains(f["geometry"], marker["value"]) for f in features.values())
    # The table below carries the same percentages.
    html = response.content.decode()
    assert 'id="dy-children"' in html and "33.3%" in html and "下级网格数据" in html
    assert 'id="dy-map-spec"' in html


def test_a_leaf_is_drawn_as_its_own_outline(world, login):
    d = world.d
    b.fill_demo_boundaries(root=d.district)
    spec = login(d.community_admin).get(map_url(d.cell_a1)).context["chart_spec"]
    assert spec["type"] == "geo" and [r["name"] for r in spec["regions"]] == ["第一网格"]


def test_children_without_a_boundary_are_listed_not_drawn(world, login):
    d = world.d
    b.fill_demo_boundaries(root=d.district)
    Grid.objects.filter(pk=d.comm_a2.pk).update(boundary=None)
    response = login(d.town_admin).get(map_url(d.town_a))
    spec = response.context["chart_spec"]
    assert [r["name"] for r in spec["regions"]] == ["甲一社区"] and spec["unmapped"] == ["甲二社区"]
    assert "尚未标注边界、未画在图上的：甲二社区" in response.content.decode()


def test_another_grids_map_is_not_there(world, login):
    d = world.d
    b.fill_demo_boundaries(root=d.district)
    client = login(d.town_admin)
    assert client.get(map_url(d.town_a)).status_code == 200
    for node in [d.district, d.town_b, d.comm_b1, d.cell_b1]:
        assert client.get(map_url(node)).status_code == 404, node


# --- uploading and importing a boundary ---------------------------------------------------------


def edit(client, node, **extra):
    data = {"name": node.name, "code": node.code, "centroid_lat": "", "centroid_lng": "", **extra}
    return client.post(reverse("grid:edit", args=[node.pk]), data)


def test_a_district_admin_uploads_a_boundary(world, login):
    d = world.d
    client = login(d.district_admin)
    form = client.get(reverse("grid:edit", args=[d.comm_a1.pk])).content.decode()
    assert "边界（GeoJSON）" in form and "上传边界文件" in form and 'enctype="multipart/form-data"' in form
    bad = edit(client, d.comm_a1, boundary='{"type": "Polygon", "coordinates": [[[200, 31], [120, 31], [120, 32], [200, 31]]]}')
    assert bad.status_code == 200
    assert "边界（GeoJSON）的外环第1个坐标点经度 200 超出范围（-180 至 180）" in bad.content.decode()
    assert Grid.objects.get(pk=d.comm_a1.pk).boundary is None
    upload = SimpleUploadedFile("甲一社区.geojson", json.dumps(
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}).encode())
    response = client.post(reverse("grid:edit", args=[d.comm_a1.pk]),
                           {"name": "甲一社区", "code": "T-A-1", "centroid_lat": "", "centroid_lng": "",
                            "boundary": "", "boundary_file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    node = Grid.objects.get(pk=d.comm_a1.pk)
    assert node.boundary == {"type": "Polygon", "coordinates": [SQUARE]}
    assert b.contains(node.boundary, (float(node.centroid_lng), float(node.centroid_lat)))
    bad_file = SimpleUploadedFile("x.geojson", b"\xff\xfe not utf-8")
    response = client.post(reverse("grid:edit", args=[d.comm_a1.pk]),
                           {"name": "甲一社区", "code": "T-A-1", "boundary_file": bad_file})
    assert "上传边界文件不是 UTF-8 编码的文本文件" in response.content.decode()


def test_only_a_district_admin_edits_boundaries(world, login):
    d = world.d
    client = login(d.town_admin)
    form = client.get(reverse("grid:edit", args=[d.comm_a1.pk])).content.decode()
    assert "边界（GeoJSON）" not in form
    Grid.objects.filter(pk=d.comm_a1.pk).update(boundary={"type": "Polygon", "coordinates": [SQUARE]})
    response = edit(client, d.comm_a1, boundary="")
    assert response.status_code == 302
    assert Grid.objects.get(pk=d.comm_a1.pk).boundary == {"type": "Polygon", "coordinates": [SQUARE]}


def test_the_grid_import_takes_a_boundary_column(world):
    from tests.imports.test_reference_kinds import csv, run
    from volunteer.resources import GridResource

    d = world.d
    polygon = json.dumps({"type": "Polygon", "coordinates": [SQUARE]}).replace('"', '""')
    report = run(GridResource, csv("名称,编码,上级网格,边界（GeoJSON）", f'第二网格,T-A-1-2,T-A-1,"{polygon}"'),
                 d.district_admin)
    assert report.messages() == [] and report.new == 1
    assert Grid.objects.get(code="T-A-1-2").boundary == {"type": "Polygon", "coordinates": [SQUARE]}
    bad = run(GridResource, csv("名称,编码,上级网格,边界", '第三网格,T-A-1-3,T-A-1,"{""type"": ""Point""}"'),
              d.district_admin)
    assert bad.messages() == ["第 2 行“边界（GeoJSON）”：边界（GeoJSON）的类型“Point”不受支持，应为 Polygon、MultiPolygon 或 Feature"]
    # A file without the column keeps the stored boundary.
    again = run(GridResource, csv("名称,编码,上级网格", "第二网格（改）,T-A-1-2,T-A-1"), d.district_admin)
    assert again.messages() == [] and again.updated == 1
    assert Grid.objects.get(code="T-A-1-2").boundary == {"type": "Polygon", "coordinates": [SQUARE]}
