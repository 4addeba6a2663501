"""Simple boundaries for the demo district, so the 三级网格地图 has something to draw.

Real boundaries come from the district's survey (GeoJSON in Grid.boundary). For the demo, each
node's rectangle is split into a near-square grid of rectangles, one per child, recursively; the
centroid is the rectangle's centre. Idempotent: a node that already has a boundary keeps it (and
its children are laid out inside it only if it is a rectangle we can read back)."""

import math
from decimal import Decimal

from volunteer.models import Grid

# Roughly 青禾区's place on the map (lng, lat): a box of about 40 × 30 km.
DEMO_BOX = (119.80, 31.55, 120.20, 31.82)
DEMO_CODE = "QH"


def rectangle(west, south, east, north):
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                [west, south]]]}


def box_of(boundary):
    """The bounding box of a Polygon's outer ring (or None)."""
    try:
        ring = boundary["coordinates"][0]
    except (KeyError, IndexError, TypeError):
        return None
    lngs, lats = [p[0] for p in ring], [p[1] for p in ring]
    return min(lngs), min(lats), max(lngs), max(lats)


def split(box, n):
    """n near-square tiles of the box, row by row from the north-west, with a small gap."""
    west, south, east, north = box
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    width, height = (east - west) / cols, (north - south) / rows
    gap_w, gap_h = width * 0.03, height * 0.03
    tiles = []
    for i in range(n):
        r, c = divmod(i, cols)
        w = west + c * width
        n_ = north - r * height
        tiles.append((round(w + gap_w, 6), round(n_ - height + gap_h, 6), round(w + width - gap_w, 6),
                      round(n_ - gap_h, 6)))
    return tiles


def _fill(node, box, written):
    if node.boundary is None:
        west, south, east, north = box
        Grid.objects.filter(pk=node.pk).update(
            boundary=rectangle(*box),
            centroid_lng=Decimal(str(round((west + east) / 2, 6))),
            centroid_lat=Decimal(str(round((south + north) / 2, 6))))
        written.append(node.pk)
    else:
        box = box_of(node.boundary) or box
    children = list(Grid.objects.filter(path__startswith=node.path, depth=node.depth + 1).order_by("path"))
    for child, tile in zip(children, split(box, len(children)) if children else []):
        _fill(child, tile, written)


def fill_demo_boundaries(root=None, box=DEMO_BOX):
    """Give the demo district's towns, communities and cells rectangle boundaries and centroids
    where they have none. Returns how many nodes were written. Safe to run again."""
    root = Grid.objects.filter(pk=root.pk).first() if root else Grid.objects.filter(code=DEMO_CODE).first()
    if root is None:
        return 0
    written = []
    _fill(root, box, written)
    if written:
        from volunteer.dashboard.cache import bump

        bump()
    return len(written)
