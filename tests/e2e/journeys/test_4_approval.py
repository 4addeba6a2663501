"""(4) The community admin approves a volunteer's service record; on the portal the member's
approved hours and points move."""

from tests.e2e.journeys.conftest import login_admin, login_portal
from tests.e2e.journeys.seed import served_record
from volunteer.models import Account, RecordStatus, ServiceRecord, Unit


def figures(page):
    page.wait_for_selector("section.figures")
    return page.inner_text("section.figures")


def test_admin_approves_the_record_and_the_members_hours_and_points_move(loop, live_server, walk):
    member = loop.volunteers[0]
    served_record(loop, member, title="上门维修")
    url = live_server.url

    phone = walk.new_page(phone=True)
    login_portal(walk, phone, url, member.user.username)
    walk.goto(phone, f"{url}/portal/records/", "01-before")
    before = figures(phone)
    walk.expect("0 小时" in before or before.split()[0] in ("0", "0.0"), f"no approved hours yet: {before!r}")
    assert "待审核" in phone.inner_text("main")

    desk = walk.new_page()
    login_admin(walk, desk, url, loop.d.community_admin.username)
    walk.goto(desk, f"{url}/admin/records/?status=pending")
    desk.locator("tr", has_text=member.name).locator("a", has_text=member.name).first.click()
    desk.wait_for_selector("button:has-text('审核通过')")
    walk.look(desk, "guide/community-admin-07-approve-record", full_page=True)
    desk.click("button:has-text('审核通过')")
    desk.wait_for_selector(".messages >> text=已审核通过")
    walk.look(desk, "02-approved")
    record = ServiceRecord.objects.get()
    assert record.status == RecordStatus.APPROVED
    points = Account.objects.get(member=member, unit=Unit.POINTS).balance
    assert points > 0

    walk.goto(phone, f"{url}/portal/records/", "guide/member-06-hours-and-points")
    after = figures(phone)
    walk.expect("1.5" in after and "1.50" not in after, f"1.5 approved hours, as people write them (item 3): {after!r}")
    assert phone.locator("#points-balance").count() == 1, "the member sees their points on the portal"
    walk.expect(phone.inner_text("#points-balance").strip() == f"{points:.2f}",
                f"points {points:.2f} on the portal: {phone.inner_text('#points-balance')!r}")
    walk.done()
