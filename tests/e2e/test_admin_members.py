"""A community admin logs into the admin and works with their member list, in Chinese."""

from tests.e2e.conftest import admin_login


def test_community_admin_sees_their_member_list_in_chinese(d, live_server, page):
    admin_login(page, live_server.url, "comm_a1", "pass-for-tests-1")
    page.goto(f"{live_server.url}/admin/members/")
    assert page.locator("h1").first.inner_text().strip().startswith("党员")
    table = page.locator("table.listing")
    assert table.locator("th").first.inner_text().strip() == "姓名"
    body = table.inner_text()
    assert "张三丰" in body and "赵六合" in body
    assert "李四海" not in body and "王五岳" not in body
    assert "138****5678" in body and "13812345678" not in body

    page.fill("input[name=q]", "三丰")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    page.wait_for_selector("table.listing >> text=张三丰")
    assert "赵六合" not in page.locator("table.listing").inner_text()
    page.screenshot(path="/tmp/e2e-member-list.png")


def test_community_admin_confirms_a_checkin_in_the_browser(d, live_server, page):
    from volunteer import services
    from volunteer.models import CheckinStatus

    checkin = services.request_checkin(d.commuter, d.comm_b1, user=d.superuser)
    admin_login(page, live_server.url, "root", "pass-for-tests-1")
    page.goto(f"{live_server.url}/admin/checkins/")
    page.click("a.button:has-text('处理')")
    page.click("button:has-text('确认报到')")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("text=已确认")
    checkin.refresh_from_db()
    assert checkin.status == CheckinStatus.CONFIRMED
