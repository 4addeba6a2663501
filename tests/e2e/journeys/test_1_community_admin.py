"""(1) A community admin confirms a member's check-in, accepts a resident's demand, turns it into a
service project (the form carries the demand over), adds an activity from the project's page and
publishes the project."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.e2e.journeys.conftest import choose_member, local_input, login_admin
from tests.factories import MemberFactory
from volunteer import services
from volunteer.models import (
    Activity,
    CheckinStatus,
    CommunityCheckin,
    DemandStatus,
    MemberStatus,
    ProjectStatus,
    ServiceProject,
)


def test_community_admin_confirms_accepts_plans_schedules_and_publishes(loop, live_server, walk):
    d = loop.d
    worker = MemberFactory(name="钱七宝", home_grid=d.cell_a1, branch=d.company_b, status=MemberStatus.IN_SERVICE)
    checkin = services.request_checkin(worker, d.comm_a1, user=d.superuser, note="在职党员回居住地社区报到")
    demand = loop.demand(title="帮独居老人修水管")
    admin = d.community_admin
    url = live_server.url
    page = walk.new_page()

    login_admin(walk, page, url, admin.username, shot="guide/community-admin-01-home")

    # 社区报到: confirm the member's check-in.
    walk.goto(page, f"{url}/admin/checkins/")
    page.locator("tr", has_text=worker.name).locator("a:has-text('处理')").click()
    page.wait_for_selector("button:has-text('确认报到')")
    walk.look(page, "guide/community-admin-02-confirm-checkin")
    page.click("button:has-text('确认报到')")
    page.wait_for_selector(".messages >> text=已确认")
    walk.look(page, "02-confirmed")
    assert CommunityCheckin.objects.get(pk=checkin.pk).status == CheckinStatus.CONFIRMED
    row = page.locator("tr", has_text=worker.name).inner_text()
    walk.expect(admin.first_name in row and admin.username not in row,
                f"处理人 is the person's name, not their login (item 5): {row!r}")
    walk.expect("刚刚" not in row and "之前" not in row, f"申请时间 as an absolute time (item 4): {row!r}")

    # 群众需求: accept it, then turn it into a project.
    walk.goto(page, f"{url}/admin/demands/")
    page.click(f"a:has-text('{demand.title}')")
    page.wait_for_selector("button:has-text('受理')")
    walk.look(page, "guide/community-admin-03-accept-demand")
    page.click("form.dy-action:has(input[value=accept]) button")
    page.wait_for_selector(".messages >> text=已受理")
    demand.refresh_from_db()
    assert demand.status == DemandStatus.ACCEPTED
    page.click("button:has-text('转为服务项目')")
    page.wait_for_selector("#id_name")
    walk.look(page)
    walk.expect(page.input_value("#id_name") == demand.title,
                f"the project form carries the demand's title (item 5): {page.input_value('#id_name')!r}")
    walk.expect(page.input_value("#id_category") == str(demand.category_id), "…and its category (item 5)")
    walk.expect(demand.description in page.input_value("#id_description"), "…and its description (item 5)")
    assert page.locator(f"input[name=demands][value='{demand.pk}']").is_checked()
    if not page.input_value("#id_name"):
        page.fill("#id_name", demand.title)
    if not page.input_value("#id_description"):
        page.fill("#id_description", demand.description)
    page.select_option("#id_category", str(demand.category_id))
    page.select_option("#id_organization", str(d.org_a1.pk))
    page.select_option("#id_activity_line", index=1)
    choose_member(page, "responsible", d.member_a1.name)
    walk.look(page, "guide/community-admin-04-project-from-demand", full_page=True)
    page.click("footer button[type=submit], form button[type=submit]:has-text('保存')")
    page.wait_for_selector(".messages")
    walk.look(page)
    project = ServiceProject.objects.get()
    assert list(project.demands.all()) == [demand]

    # The project's page, and 新建活动 from it.
    walk.goto(page, f"{url}/admin/projects/{project.pk}/process/")
    new_activity = page.locator("a:has-text('新建活动')")
    walk.expect(new_activity.count() > 0, "the project's page has a 新建活动 button (item 5)")
    if new_activity.count():
        new_activity.first.click()
    else:
        page.goto(f"{url}{reverse('activities:add')}?project={project.pk}")
    page.wait_for_selector("#id_title")
    walk.expect(page.input_value("#id_project") == str(project.pk), "the new activity belongs to the project (item 5)")
    page.select_option("#id_project", str(project.pk))
    starts = (timezone.now() + datetime.timedelta(days=1)).replace(hour=1, minute=0)  # 09:00 in Shanghai
    page.fill("#id_title", "上门维修水管")
    page.select_option("#id_grid", str(d.comm_a1.pk))
    page.select_option("#id_service_point", str(loop.point.pk))
    page.fill("#id_starts_at", local_input(starts))
    page.fill("#id_ends_at", local_input(starts + datetime.timedelta(hours=2)))
    page.fill("#id_place", "甲一路1号 刘奶奶家")
    page.fill("#id_capacity", "3")
    page.fill("#id_signup_opens_at", local_input(timezone.now()))
    page.fill("#id_signup_closes_at", local_input(starts - datetime.timedelta(hours=1)))
    walk.look(page, "guide/community-admin-05-new-activity", full_page=True)
    page.click("footer button[type=submit], form button[type=submit]:has-text('保存')")
    page.wait_for_selector(".messages")
    walk.look(page, "05-activity-saved", full_page=True)
    assert Activity.objects.exists(), page.inner_text(".messages") + " " + " ".join(page.locator(".error-message").all_inner_texts())
    activity = Activity.objects.get()
    assert activity.project == project and activity.title == "上门维修水管"

    walk.goto(page, f"{url}/admin/projects/{project.pk}/process/")
    assert "上门维修水管" in page.inner_text("main")
    walk.look(page, "guide/community-admin-06-publish-project", full_page=True)
    page.click("button:has-text('发布项目')")
    page.wait_for_selector(".messages >> text=项目已发布")
    walk.look(page, "06-published")
    assert ServiceProject.objects.get().status == ProjectStatus.PUBLISHED
    walk.done()
