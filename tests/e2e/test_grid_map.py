"""The district admin opens the 三级网格地图: the district drawn from its grid boundaries as a
choropleth of 全覆盖率 with a % legend, service points on it, a click on a town goes down a level,
the breadcrumb comes back up, and the table below reads the same percentages as the map."""

import json
import os

from tests.dashboard.fixtures import World
from tests.e2e.conftest import admin_login
from volunteer.dashboard.boundaries import fill_demo_boundaries, place_demo_points

SHOTS = os.environ.get("E2E_SHOTS", "/tmp/shots/e2e")


def table_rates(page):
    """下级网格 → 全覆盖率 as the table below the map shows them."""
    rows = page.locator("#dy-children tbody tr")
    rates = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        rates[cells.nth(0).inner_text().strip()] = cells.nth(6).inner_text().strip()
    return rates


def map_rates(page):
    spec = json.loads(page.locator("#dy-map-spec").text_content())
    return spec, {r["name"]: r["rate"] for r in spec["regions"]}


def test_district_admin_reads_the_grid_map_and_drills_down(d, live_server, page):
    World(d)
    fill_demo_boundaries(root=d.district)
    place_demo_points(root=d.district)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    admin_login(page, live_server.url, d.district_admin.username, "pass-for-tests-1")
    page.goto(f"{live_server.url}/admin/dashboard/map/")
    page.wait_for_selector("#dy-map-chart[data-dy-ready='1'] svg")
    page.wait_for_timeout(800)  # the entry animation
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/grid-map-district.png", full_page=True)

    # Two towns drawn as filled regions in two different colours (33.3% and 0.0% fall in different bands).
    fills = set(page.eval_on_selector_all(
        "#dy-map-chart svg path", "ps => ps.map(p => p.getAttribute('fill')).filter(f => f && f !== 'none')"))
    assert {"#bae4bc", "#f0f9e8"} <= fills, fills
    svg_text = " ".join(page.eval_on_selector_all("#dy-map-chart svg text", "ts => ts.map(t => t.textContent)"))
    for word in ["甲街道", "乙镇", "33.3%", "0.0%", "全覆盖率（%）", "0–20%", "80–100%", "服务阵地"]:
        assert word in svg_text, word
    spec, rates = map_rates(page)
    assert rates == {"甲街道": "33.3%", "乙镇": "0.0%"}
    assert table_rates(page) == rates
    assert len(spec["markers"]) == 2

    # Hovering a town shows its figures.
    label = page.locator("#dy-map-chart svg text", has_text="甲街道").first
    box = label.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#dy-map-chart div:has-text('党员：3人')")

    # Click the town on the map: down to its communities.
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**/admin/dashboard/map/{d.town_a.pk}/**")
    page.wait_for_selector("#dy-map-chart[data-dy-ready='1'] svg")
    page.wait_for_timeout(800)
    page.screenshot(path=f"{SHOTS}/grid-map-town.png", full_page=True)
    assert "甲街道" in page.locator("h2.w-h3").inner_text()
    spec, rates = map_rates(page)
    assert rates == {"甲一社区": "50.0%", "甲二社区": "0.0%"}
    assert table_rates(page) == rates

    # Down again through the table's link, then back up by the breadcrumb.
    page.click("#dy-children a:has-text('甲一社区')")
    page.wait_for_url(f"**/admin/dashboard/map/{d.comm_a1.pk}/**")
    page.wait_for_selector("#dy-map-chart[data-dy-ready='1'] svg")
    page.click(".dy-crumbs a:has-text('测试区')")
    page.wait_for_url(f"**/admin/dashboard/map/{d.district.pk}/**")
    page.wait_for_selector("#dy-map-chart[data-dy-ready='1'] svg")
    assert errors == []
