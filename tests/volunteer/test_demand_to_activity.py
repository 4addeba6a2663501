"""A community admin's walk from a demand to an activity: 转为服务项目 drafts the project from the
demand, the project's page leads on to 新建活动, handlers appear by name, and 可邀请的党员 can be
invited for real (the member sees the invitation on the portal)."""

import datetime

import pytest
from django.urls import reverse

from volunteer import services
from volunteer.models import ActivityInvitation, Demand, DemandStatus, ServiceProject


@pytest.fixture
def named_admin(loop):
    admin = loop.d.community_admin
    admin.last_name, admin.first_name = "王", "晓芳"
    admin.save()
    return admin


def test_plan_opens_the_project_form_drafted_from_the_demand(loop, login):
    demand = services.accept_demand(loop.demand(title="帮刘奶奶修水管", description="厨房水管漏水"),
                                    user=loop.d.community_admin)
    client = login(loop.d.community_admin)
    response = client.post(reverse("demands:process", args=[demand.pk]), {"action": "plan"})
    form = client.get(response["Location"]).context["form"]
    assert form.initial["name"] == "帮刘奶奶修水管"
    assert form.initial["category"] == loop.category.pk
    assert form.initial["description"] == "厨房水管漏水"
    # The demand sits in 第一网格 of 甲一社区: the project is ordered by 甲一社区党支部.
    assert form.initial["organization"] == loop.d.org_a1.pk
    assert form.initial["demands"] == [demand.pk]
    html = client.get(response["Location"]).content.decode()
    assert 'value="帮刘奶奶修水管"' in html and "厨房水管漏水</textarea>" in html

    # Submitting the drafted form (adding only the responsible person and the line) links the demand.
    data = {"name": form.initial["name"], "organization": form.initial["organization"],
            "category": form.initial["category"], "description": form.initial["description"],
            "responsible": loop.d.member_a1.pk, "activity_line": "deed", "feedback_interval_days": 30,
            "demands": [demand.pk]}
    assert client.post(reverse("projects:add"), data).status_code == 302
    demand = Demand.objects.get(pk=demand.pk)
    assert demand.status == DemandStatus.PLANNED and demand.project.name == "帮刘奶奶修水管"


def test_a_demand_out_of_scope_drafts_nothing(loop, login):
    demand = services.accept_demand(loop.demand(), user=loop.d.community_admin)
    client = login(loop.d.other_community_admin)
    form = client.get(reverse("projects:add") + f"?demands={demand.pk}").context["form"]
    assert "name" not in form.initial and "description" not in form.initial


def test_project_page_leads_to_a_new_activity_for_that_project(loop, login):
    project = loop.project()
    client = login(loop.d.community_admin)
    html = client.get(reverse("projects:process", args=[project.pk])).content.decode()
    add_url = reverse("activities:add") + f"?project={project.pk}"
    assert "新建活动" in html and f'href="{add_url}"' in html
    form = client.get(add_url).context["form"]
    assert form.initial["project"] == project.pk and form.initial["grid"] == loop.d.comm_a1.pk
    assert f'<option value="{project.pk}" selected>' in client.get(add_url).content.decode()


def test_closed_project_offers_no_new_activity(loop, login):
    project = services.close_project(loop.project(), user=loop.d.community_admin)
    html = login(loop.d.community_admin).get(reverse("projects:process", args=[project.pk])).content.decode()
    assert "新建活动" not in html


def test_handlers_are_shown_by_their_names(loop, login, named_admin):
    demand = services.accept_demand(loop.demand(), user=named_admin)
    html = login(named_admin).get(reverse("demands:process", args=[demand.pk])).content.decode()
    history = html[html.index("流转记录"):]
    assert "王晓芳" in history and "comm_a1" not in history


def test_a_nameless_account_falls_back_to_its_login():
    from django.contrib.auth.models import User

    from volunteer.people import person_name

    assert person_name(User(username="ops", first_name="", last_name="")) == "ops"
    assert person_name(User(username="ops", first_name="晓芳", last_name="王")) == "王晓芳"
    assert person_name(None) == ""


@pytest.fixture
def upcoming(loop):
    starts = loop.now + datetime.timedelta(days=1)
    return loop.activity(loop.project(), capacity=5, starts=starts, signup_opens_at=loop.now - datetime.timedelta(days=1))


def test_invite_candidates_are_described_to_the_admin_and_can_be_invited(loop, login, named_admin, upcoming):
    client = login(named_admin)
    url = reverse("activities:roster", args=[upcoming.pk])
    html = client.get(url).content.decode()
    section = html[html.index("可邀请的党员"):]
    assert "在您" not in section and "居住地在本村社区" in section
    member = loop.volunteers[0]
    assert "邀请参加" in html and f'<option value="{member.pk}">' in html

    response = client.post(url, {"action": "invite", "choice": str(member.pk)})
    assert response.status_code == 302
    invitation = ActivityInvitation.objects.get(activity=upcoming, member=member)
    assert invitation.invited_by == named_admin
    assert "已邀请（王晓芳）" in client.get(url).content.decode()
    client.post(url, {"action": "invite", "choice": str(member.pk)})  # again: still one invitation
    assert ActivityInvitation.objects.filter(activity=upcoming, member=member).count() == 1

    # The member sees it on the portal's home page and can take it from there.
    client.force_login(member.user)
    home = client.get(reverse("portal:home")).content.decode()
    assert "邀请您参加" in home and upcoming.title in home
    client.post(reverse("portal:take", args=[upcoming.pk]))
    assert "邀请您参加" not in client.get(reverse("portal:home")).content.decode()


def test_invitation_refuses_what_cannot_be_taken(loop, upcoming):
    from django.core.exceptions import ValidationError

    member = loop.volunteers[1]
    with pytest.raises(ValidationError, match="不在您的管辖范围"):
        services.invite_member_to_activity(upcoming, loop.d.member_b1, user=loop.d.community_admin)
    with pytest.raises(ValidationError, match="不在您的管辖范围"):
        services.invite_member_to_activity(upcoming, member, user=loop.d.other_community_admin)
    services.sign_up(upcoming, member, user=member.user)
    with pytest.raises(ValidationError, match="已接过"):
        services.invite_member_to_activity(upcoming, member, user=loop.d.community_admin)
    draft = loop.activity(loop.project(publish=False), starts=loop.now + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="未在招募中"):
        services.invite_member_to_activity(draft, loop.volunteers[2], user=loop.d.community_admin)
    assert not ServiceProject.objects.filter(pk=draft.project_id, status="published").exists()
