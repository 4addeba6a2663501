"""Grid boundaries (GeoJSON in Grid.boundary) for the 三级网格地图: checking an uploaded or
imported one, and generating plausible ones for the demo district.

A boundary is stored as a GeoJSON geometry, a Polygon or a MultiPolygon in longitude/latitude
(WGS84, as every GeoJSON). `validate_boundary` accepts a geometry, a Feature carrying one, or the
JSON text of either, and answers the geometry or a Chinese ValidationError naming the field.

The demo's district 青禾区 is fictional, so its map is generated: an irregular outline for the
district, then at each level a Voronoi partition of the parent's polygon around seed points
(each child is the parent clipped by the half-planes nearer its seed than any other), towns
subdivided into communities, communities into cells. Every child lies inside its parent and no
two siblings overlap, by construction. Pure Python (no shapely in the deployment); the
computation runs in a local plane (longitude scaled by cos(latitude)) so the cells are not
stretched east-west. Deterministic: the same tree gives the same map."""

import json
import math
import random
from decimal import Decimal

from django.core.exceptions import ValidationError

from volunteer.models import Grid

# Roughly 青禾区's place on the map (lng, lat): a box of about 40 × 30 km.
DEMO_BOX = (119.80, 31.55, 120.20, 31.82)
DEMO_CODE = "QH"
FIELD_LABEL = "边界（GeoJSON）"
PLACES = 6  # decimal places kept: about 0.1 m

# --- validation ---------------------------------------------------------------------------------


def _fail(label, message):
    raise ValidationError(f"{label}{message}", code="invalid_boundary")


def _ring(ring, label, where):
    if not isinstance(ring, list) or len(ring) < 4:
        _fail(label, f"的{where}至少需要4个坐标点（首尾相同的闭合环）")
    for i, position in enumerate(ring, start=1):
        if (not isinstance(position, list | tuple) or len(position) < 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])):
            _fail(label, f"的{where}第{i}个坐标点应为 [经度, 纬度] 两个数字")
        lng, lat = position[0], position[1]
        if not (math.isfinite(lng) and -180 <= lng <= 180):
            _fail(label, f"的{where}第{i}个坐标点经度 {lng} 超出范围（-180 至 180）")
        if not (math.isfinite(lat) and -90 <= lat <= 90):
            _fail(label, f"的{where}第{i}个坐标点纬度 {lat} 超出范围（-90 至 90），请确认经度在前、纬度在后")
    if list(ring[0][:2]) != list(ring[-1][:2]):
        _fail(label, f"的{where}没有闭合：最后一个坐标点应与第一个相同")
    if abs(ring_area(ring)) == 0:
        _fail(label, f"的{where}面积为零")
    return [[float(p[0]), float(p[1])] for p in ring]


def _polygon(rings, label, where=""):
    if not isinstance(rings, list) or not rings:
        _fail(label, f"{where}的 coordinates 应为由环组成的列表")
    return [_ring(r, label, f"{where}{'外环' if i == 0 else f'第{i}个内环'}") for i, r in enumerate(rings)]


def validate_boundary(value, label=FIELD_LABEL):
    """The geometry (Polygon or MultiPolygon) of a boundary given as a geometry, a Feature or the
    JSON text of either; None for an empty value. Raises ValidationError in Chinese otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8-sig")
        except UnicodeDecodeError:
            _fail(label, "不是 UTF-8 编码的文本文件")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as error:
            _fail(label, f"不是有效的 JSON（第{getattr(error, 'lineno', 1)}行第{getattr(error, 'colno', 1)}列附近有误）")
    if not isinstance(value, dict):
        _fail(label, "应为 GeoJSON 对象（Polygon、MultiPolygon 或 Feature）")
    kind = value.get("type")
    if kind == "Feature":
        geometry = value.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            _fail(label, "中 Feature 的 geometry 应为 Polygon 或 MultiPolygon")
        value, kind = geometry, geometry["type"]
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": _polygon(value.get("coordinates"), label)}
    if kind == "MultiPolygon":
        polygons = value.get("coordinates")
        if not isinstance(polygons, list) or not polygons:
            _fail(label, "的 MultiPolygon 至少需要一个多边形")
        return {"type": "MultiPolygon",
                "coordinates": [_polygon(p, label, f"第{i}个多边形") for i, p in enumerate(polygons, start=1)]}
    _fail(label, f"的类型“{kind or '未填写'}”不受支持，应为 Polygon、MultiPolygon 或 Feature")


def geometry(boundary):
    """A stored Grid.boundary as a GeoJSON geometry: a geometry, a Feature or a one-feature
    collection (boundaries saved before validation existed may be either)."""
    if not isinstance(boundary, dict):
        return None
    kind = boundary.get("type")
    if kind == "Feature":
        return geometry(boundary.get("geometry"))
    if kind == "FeatureCollection":
        features = boundary.get("features") or []
        return geometry(features[0]) if features else None
    if kind in ("Polygon", "MultiPolygon"):
        return boundary
    return None


# --- plane geometry -----------------------------------------------------------------------------


def ring_area(ring):
    """Signed area (shoelace), in the ring's own units."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1])) / 2


def ring_centroid(ring):
    area = ring_area(ring)
    if not area:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)


def in_ring(point, ring):
    """Even-odd ray casting."""
    x, y = point
    inside = False
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def polygons_of(geom):
    geom = geometry(geom)
    if geom is None:
        return []
    return [geom["coordinates"]] if geom["type"] == "Polygon" else list(geom["coordinates"])


def contains(geom, point):
    """Whether a lng/lat point lies inside a Polygon/MultiPolygon (holes respected)."""
    return any(in_ring(point, rings[0]) and not any(in_ring(point, hole) for hole in rings[1:])
               for rings in polygons_of(geom))


def area(geom):
    """Area in square degrees (for comparisons only)."""
    return sum(abs(ring_area(rings[0])) - sum(abs(ring_area(h)) for h in rings[1:]) for rings in polygons_of(geom))


def bbox(geom):
    points = [p for rings in polygons_of(geom) for p in rings[0]]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def label_point(geom, rng=None):
    """A point well inside the largest polygon, for the region's label: the centroid when it is
    inside, otherwise the sampled interior point farthest from the outline."""
    rings = max(polygons_of(geom), key=lambda r: abs(ring_area(r[0])))
    outer = _open(rings[0])
    centre = ring_centroid(outer)
    if contains(geom, centre):
        return centre
    rng = rng or random.Random(0)
    candidates = [sample_inside(outer, rng) for _ in range(40)]
    return max(candidates, key=lambda p: _distance_to_ring(p, outer))


def _open(ring):
    return ring[:-1] if len(ring) > 1 and list(ring[0][:2]) == list(ring[-1][:2]) else list(ring)


def _closed(ring):
    return list(ring) + [ring[0]]


def _distance_to_ring(point, ring):
    best = math.inf
    px, py = point
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1]):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy or 1)))
        best = min(best, math.hypot(px - x1 - t * dx, py - y1 - t * dy))
    return best


def clip(ring, a, b, c):
    """Sutherland–Hodgman: the part of an (open) ring where a·x + b·y <= c."""
    out = []
    n = len(ring)
    for i in range(n):
        p, q = ring[i], ring[(i + 1) % n]
        fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def voronoi(ring, seeds):
    """Each seed's cell: the (open, planar) ring clipped to the points nearer that seed."""
    cells = []
    for i, (sx, sy) in enumerate(seeds):
        cell = list(ring)
        for j, (tx, ty) in enumerate(seeds):
            if i == j or not cell:
                continue
            # |p - s|² <= |p - t|²  ⇔  2(t - s)·p <= |t|² - |s|²
            cell = clip(cell, 2 * (tx - sx), 2 * (ty - sy), tx * tx + ty * ty - sx * sx - sy * sy)
        cells.append(cell)
    return cells


def sample_inside(ring, rng):
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    for _ in range(10000):
        point = (rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)))
        if in_ring(point, ring):
            return point
    return ring_centroid(ring)


def spread_seeds(ring, n, rng, relax=2):
    """n well-spread points inside the ring: best-candidate sampling, then Lloyd relaxation
    (each seed moved to its cell's centroid) so the cells come out of similar, irregular size."""
    seeds = []
    for _ in range(n):
        candidates = [sample_inside(ring, rng) for _ in range(12)]
        seeds.append(max(candidates, key=lambda p: min((math.dist(p, s) for s in seeds), default=0)))
    for _ in range(relax):
        cells = voronoi(ring, seeds)
        seeds = [ring_centroid(c) if len(c) >= 3 and in_ring(ring_centroid(c), ring) else s
                 for c, s in zip(cells, seeds)]
    return seeds


class Plane:
    """Longitude/latitude ↔ a local plane where a unit is the same distance both ways."""

    def __init__(self, lat0):
        self.k = math.cos(math.radians(lat0))

    def to(self, point):
        return point[0] * self.k, point[1]

    def back(self, point):
        return round(point[0] / self.k, PLACES), round(point[1], PLACES)


def district_outline(box, rng, vertices=72):
    """An irregular closed outline filling most of the box: a wobbly ellipse, as a district is."""
    west, south, east, north = box
    cx, cy, rx, ry = (west + east) / 2, (south + north) / 2, (east - west) / 2, (north - south) / 2
    waves = [(k, rng.uniform(0.02, 0.11) / k ** 0.6, rng.uniform(0, 2 * math.pi)) for k in (2, 3, 5, 7, 11)]
    ring = []
    for i in range(vertices):
        theta = 2 * math.pi * i / vertices
        r = 0.84 + sum(a * math.sin(k * theta + phase) for k, a, phase in waves)
        r = max(0.55, min(0.99, r))
        ring.append([round(cx + rx * r * math.cos(theta), PLACES), round(cy + ry * r * math.sin(theta), PLACES)])
    return {"type": "Polygon", "coordinates": [_closed(ring)]}


def partition(parent_geom, children, seed):
    """Geometries for `children` (names in order) tiling the parent's largest polygon. Children
    named 街道 (the town's urban core) get the seeds nearest the parent's centre."""
    outer = _open(max(polygons_of(parent_geom), key=lambda r: abs(ring_area(r[0])))[0])
    plane = Plane(sum(p[1] for p in outer) / len(outer))
    ring = [plane.to(p) for p in outer]
    if ring_area(ring) < 0:
        ring.reverse()
    rng = random.Random(seed)
    seeds = spread_seeds(ring, len(children), rng)
    centre = ring_centroid(ring)
    seeds.sort(key=lambda s: math.dist(s, centre))
    order = sorted(range(len(children)), key=lambda i: (0 if "街道" in children[i] else 1, i))
    by_child = dict(zip(order, seeds))
    cells = voronoi(ring, [by_child[i] for i in range(len(children))])
    shapes = []
    for cell in cells:
        points = [list(plane.back(p)) for p in cell]
        deduped = [p for i, p in enumerate(points) if p != points[i - 1]] if len(points) > 1 else points
        shapes.append({"type": "Polygon", "coordinates": [_closed(deduped)]} if len(deduped) >= 3 else None)
    return shapes


# --- the demo district --------------------------------------------------------------------------


def is_old_demo_rectangle(boundary):
    """The axis-aligned rectangles an earlier demo wrote (replaced by the irregular map)."""
    geom = geometry(boundary)
    if not geom or geom["type"] != "Polygon" or len(geom["coordinates"]) != 1:
        return False
    ring = geom["coordinates"][0]
    if len(ring) != 5:
        return False
    (w, s), (e, s2), (e2, n), (w2, n2) = [tuple(p[:2]) for p in ring[:4]]
    return s == s2 and e == e2 and n == n2 and w == w2


def _write(node, geom, written):
    lng, lat = label_point(geom, random.Random(node.code))
    Grid.objects.filter(pk=node.pk).update(
        boundary=geom, centroid_lng=Decimal(str(round(lng, PLACES))), centroid_lat=Decimal(str(round(lat, PLACES))))
    node.boundary = geom
    written.append(node.pk)


def _fill(node, written):
    children = list(Grid.objects.filter(path__startswith=node.path, depth=node.depth + 1).order_by("path"))
    if not children:
        return
    missing = [c for c in children if c.boundary is None or is_old_demo_rectangle(c.boundary)]
    if len(missing) == len(children):  # a partition only where no sibling has a drawn boundary
        for child, geom in zip(children, partition(node.boundary, [c.name for c in children], node.code)):
            if geom is not None:
                _write(child, geom, written)
    for child in children:
        if geometry(child.boundary):
            _fill(child, written)


def fill_demo_boundaries(root=None, box=DEMO_BOX):
    """Give the demo district (and below it every node whose siblings all lack one) a generated
    boundary and a label point. Returns how many nodes were written. Safe to run again: a
    boundary already there is kept (an earlier demo's rectangles are replaced)."""
    root = Grid.objects.filter(pk=root.pk).first() if root else Grid.objects.filter(code=DEMO_CODE).first()
    if root is None:
        return 0
    written = []
    if root.boundary is None or is_old_demo_rectangle(root.boundary):
        _write(root, district_outline(box, random.Random(root.code)), written)
    _fill(root, written)
    if written:
        from volunteer.dashboard.cache import bump

        bump()
    return len(written)


# The map draws a view about 760 × 500 px; a label is two lines of 12 px text with a halo.
VIEW_PX = (760, 500)


def _label_boxes(nodes, by_path, plane):
    """Per node, the boxes (centre x, y, half-width, half-height in plane units) its label covers
    in the views that draw it: its parent's view, and its own when it has no children."""
    boxes = {}
    for node in nodes:
        if node.centroid_lng is None or node.centroid_lat is None:
            continue
        x, y = plane.to((float(node.centroid_lng), float(node.centroid_lat)))
        views = [by_path.get(node.path[: -Grid.steplen])] + ([node] if not node.numchild else [])
        for view in views:
            if view is None or not geometry(view.boundary):
                continue
            west, south, east, north = bbox(view.boundary)
            (x0, y0), (x1, y1) = plane.to((west, south)), plane.to((east, north))
            px = max((x1 - x0) / VIEW_PX[0], (y1 - y0) / VIEW_PX[1])
            width = max(len(node.name) * 12, 40) + 16
            boxes.setdefault(node.pk, []).append((x, y, width / 2 * px, 22 * px))
    return boxes


def place_demo_points(root=None):
    """Coordinates for the service points that have none, inside their grid's boundary and away
    from the labels of the grid and its ancestors (so the dots never sit on a name). Returns how
    many points were placed."""
    from volunteer.models import ServicePoint

    root = Grid.objects.filter(pk=root.pk).first() if root else Grid.objects.filter(code=DEMO_CODE).first()
    if root is None:
        return 0
    grids = {g.pk: g for g in Grid.objects.filter(path__startswith=root.path)}
    by_path = {g.path: g for g in grids.values()}
    plane = Plane(float(root.centroid_lat) if root.centroid_lat is not None else 31.7)
    boxes = _label_boxes(grids.values(), by_path, plane)
    placed = [plane.to((float(p.longitude), float(p.latitude))) for p in ServicePoint.objects.filter(
        grid__path__startswith=root.path, longitude__isnull=False, latitude__isnull=False)]
    count = 0
    for point in ServicePoint.objects.filter(grid__path__startswith=root.path).filter(
            longitude__isnull=True).order_by("pk"):
        grid = grids.get(point.grid_id)
        geom = geometry(grid.boundary) if grid else None
        if not geom:
            continue
        # The labels drawn in every view that shows this point: the grid's and its ancestors' (in
        # their parents' views), its descendants' (in theirs), and its own on a leaf's view.
        seen = [by_path.get(grid.path[:i]) for i in range(Grid.steplen, len(grid.path) + 1, Grid.steplen)]
        seen += [g for g in grids.values() if g.path.startswith(grid.path) and g.pk != grid.pk]
        near = [box for g in seen if g is not None for box in boxes.get(g.pk, [])]
        outer = _open(max(polygons_of(geom), key=lambda r: abs(ring_area(r[0])))[0])
        ring = [plane.to(p) for p in outer]
        rng = random.Random(f"point-{point.pk}")

        def score(p):
            covered = sum(1 for (x, y, hw, hh) in near if abs(p[0] - x) < hw and abs(p[1] - y) < hh)
            # Clear of every label first; then far from the other dots, not hugging the outline.
            spread = min([math.dist(p, q) for q in placed] or [1.0])
            return (-covered, min(spread, 2 * _distance_to_ring(p, ring)))

        best = max((sample_inside(ring, rng) for _ in range(40)), key=score)
        lng, lat = plane.back(best)
        ServicePoint.objects.filter(pk=point.pk).update(longitude=Decimal(str(lng)), latitude=Decimal(str(lat)))
        placed.append(best)
        count += 1
    if count:
        from volunteer.dashboard.cache import bump

        bump()
    return count
