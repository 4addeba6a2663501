"""无职党员设岗定责 (G4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import MemberFactory
from volunteer import services
from volunteer.models import MemberStatus, Post, PostAssignment


@pytest.fixture
def post(d):
    return services.save_post(Post(organization=d.org_a1, title="环境卫生监督岗", duties="督促门前三包", headcount=1),
                              user=d.community_admin)


@pytest.fixture
def idle(d):
    return MemberFactory(name="吴无职", home_grid=d.cell_a1, branch=d.org_a1, status=MemberStatus.WITHOUT_OFFICE)


def test_admin_assigns_a_member_without_office(d, post, idle, login):
    client = login(d.community_admin)
    response = client.post(reverse("post_assignments:add"),
                           {"post": post.pk, "member": idle.pk, "assigned_on": "2026-11-01", "note": ""})
    assert response.status_code == 302
    assignment = PostAssignment.objects.get()
    assert assignment.member == idle and assignment.assigned_by == d.community_admin


def test_only_members_without_office_take_posts(d, post):
    with pytest.raises(ValidationError, match="面向无职党员"):
        services.assign_post(post, d.member_a1, user=d.community_admin)


def test_headcount_is_respected(d, post, idle):
    services.assign_post(post, idle, user=d.community_admin)
    other = MemberFactory(home_grid=d.cell_a1, branch=d.org_a1, status=MemberStatus.WITHOUT_OFFICE)
    with pytest.raises(ValidationError, match="已满"):
        services.assign_post(post, other, user=d.community_admin)


def test_leaving_a_post_frees_the_seat_and_keeps_history(d, post, idle):
    assignment = services.assign_post(post, idle, user=d.community_admin, assigned_on=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="早于"):
        services.update_assignment(assignment, user=d.community_admin, ended_on=datetime.date(2025, 1, 1))
    services.update_assignment(assignment, user=d.community_admin, ended_on=datetime.date(2026, 6, 1))
    other = MemberFactory(home_grid=d.cell_a1, branch=d.org_a1, status=MemberStatus.WITHOUT_OFFICE)
    services.assign_post(post, other, user=d.community_admin)
    assert PostAssignment.objects.count() == 2
    with pytest.raises(ValidationError, match="不能删除"):
        services.delete_assignment(assignment, user=d.community_admin)


def test_posts_belong_to_village_or_community_organisations(d):
    with pytest.raises(ValidationError, match="村（社区）党组织"):
        services.save_post(Post(organization=d.company_b, title="岗", duties="职责"), user=d.superuser)


def test_other_community_cannot_assign_or_see(d, post, idle, login):
    with pytest.raises(ValidationError, match="管辖范围"):
        services.assign_post(post, idle, user=d.other_community_admin)
    assert login(d.other_community_admin).get(reverse("posts:edit", args=[post.pk])).status_code == 404
