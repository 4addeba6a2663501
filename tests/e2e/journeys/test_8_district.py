"""(8) A district admin drills down the 三级网格地图 (district → town → community), reads the same
figures as a table, and imports members from the downloaded template."""

import io

from openpyxl import load_workbook

from tests.dashboard.fixtures import World
from tests.e2e.journeys.conftest import login_admin
from tests.factories import make_id_card
from volunteer.models import PartyMember


def test_district_admin_drills_down_the_map_and_imports_from_the_template(d, live_server, walk, tmp_path):
    World(d)
    url = live_server.url
    page = walk.new_page()
    login_admin(walk, page, url, d.district_admin.username)

    # The map: only what stays stable while it is rebuilt (item 10) — the chart is drawn, the
    # children are links, the trail leads back, the figures are there as a table.
    walk.goto(page, f"{url}/admin/dashboard/map/")
    page.wait_for_selector("#dy-map-chart[data-dy-ready='1'] :is(svg, canvas)")
    page.wait_for_timeout(700)  # the chart's entry animation
    walk.look(page, "guide/town-admin-05-map")
    assert "测试区" in page.inner_text("main")
    page.locator("main a", has_text="甲街道").first.click()
    page.wait_for_url(f"**/admin/dashboard/map/{d.town_a.pk}/**")
    page.wait_for_selector("#dy-map-chart[data-dy-ready='1'] :is(svg, canvas)")
    walk.look(page)
    page.locator("main a", has_text="甲一社区").first.click()
    page.wait_for_url(f"**/admin/dashboard/map/{d.comm_a1.pk}/**")
    walk.look(page)
    assert "甲一社区" in page.inner_text("main")
    page.locator(".dy-crumbs a, nav[aria-label] a", has_text="甲街道").first.click()
    page.wait_for_url(f"**/admin/dashboard/map/{d.town_a.pk}/**")
    table = page.locator("main table").filter(has_text="甲一社区").first
    table.scroll_into_view_if_needed()
    walk.look(page, "guide/town-admin-06-map-table")
    assert "甲二社区" in table.inner_text() and "%" in table.inner_text()

    # 批量导入: the template, filled in as a person would, uploaded, checked and confirmed.
    walk.goto(page, f"{url}/admin/imports/members/")
    heading = page.locator("header h1, .w-header h1, h1").first.inner_text()
    walk.expect("首页" not in heading and "首页" not in page.title(), f"the import page is titled 首页 (item 8): {heading!r}")
    with page.expect_download() as download:
        page.click("a:has-text('下载导入模板')")
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    row = {"姓名": "周八达", "身份证号": make_id_card(), "手机号": "13511112222", "所在党支部": d.org_a1.name,
           "居住地网格": "甲街道·甲一社区·第一网格", "单位所在网格": "", "工作单位": ""}
    for column, value in row.items():
        if column in headers:
            sheet.cell(row=2, column=headers.index(column) + 1, value=value)
    filled = tmp_path / "党员导入.xlsx"
    book.save(filled)
    page.set_input_files("input[name=file]", str(filled))
    page.click("button:has-text('上传并预检')")
    page.wait_for_selector("button:has-text('确认导入'), .dy-errors")
    walk.look(page, "guide/town-admin-07-import", full_page=True)
    assert page.locator(".dy-errors").count() == 0 or not page.inner_text(".dy-errors").strip(), page.inner_text("main")
    page.click("button:has-text('确认导入')")
    page.wait_for_selector(".messages")
    walk.look(page)
    assert PartyMember.objects.filter(name="周八达", branch=d.org_a1, home_grid=d.cell_a1).exists()
    walk.done()
