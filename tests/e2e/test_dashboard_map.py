"""A town admin opens the dashboard, sees the charts, clicks through the 三级网格地图 to a community
and sees that community's figures."""

from tests.dashboard.fixtures import World
from tests.e2e.conftest import admin_login


def test_town_admin_drills_down_to_a_community(d, live_server, page):
    world = World(d)
    admin_login(page, live_server.url, d.town_admin.username, "pass-for-tests-1")
    # The home panels: the town's coverage and the monthly hours chart, drawn by ECharts.
    page.wait_for_selector("[data-dy-chart='dy-chart-dy_hours'][data-dy-ready='1'] svg")
    panel = page.locator("#dy_coverage-section")
    assert "全覆盖率" in panel.inner_text() and "33.3%" in panel.inner_text()  # 1 of 甲街道's 3 members
    page.click("#dy_coverage-section a:has-text('按网格查看')")

    # The town's map: a treemap of its communities (no boundaries in this data).
    page.wait_for_selector("#dy-map-chart[data-dy-ready='1'] svg")
    assert "甲街道" in page.locator("h2.w-h3").inner_text()
    page.wait_for_timeout(700)  # the treemap's entry animation
    page.screenshot(path="/tmp/e2e-dashboard.png", full_page=True)
    # Click the community's block in the chart itself.
    label = page.locator("#dy-map-chart svg text", has_text="甲一社区").first
    box = label.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**/admin/dashboard/map/{d.comm_a1.pk}/**")

    figures = page.locator("#dy-node-figures").inner_text()
    assert "甲一社区" in page.locator("h2.w-h3").inner_text()
    assert "2人" in figures and "50.0%" in figures and "100.0%" in figures
    assert "第一网格" in page.locator("#dy-children").inner_text()
    assert world.point_a1.name  # the fixture's data is in place
