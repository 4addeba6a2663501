"""seed_demo builds a believable district and is idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from volunteer import scope
from volunteer.models import CommunityCheckin, Grid, GridLevel, PartyMember, PartyOrganization, Post, PostAssignment


def snapshot():
    return {
        "grids": Grid.objects.count(), "orgs": PartyOrganization.objects.count(),
        "members": PartyMember.objects.count(), "checkins": CommunityCheckin.objects.count(),
        "posts": Post.objects.count(), "assignments": PostAssignment.objects.count(),
        "users": get_user_model().objects.count(),
        "member_digest": sorted(PartyMember.objects.values_list("id_card_hash", "name", "mobile", "home_grid__code")),
    }


@pytest.mark.django_db
def test_seed_demo_builds_the_district_and_a_second_run_changes_nothing():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = snapshot()
    assert Grid.objects.filter(level=GridLevel.TOWN).count() >= 10
    assert Grid.objects.filter(level=GridLevel.COMMUNITY).count() >= 60
    assert Grid.objects.filter(level=GridLevel.CELL).exists()
    assert first["orgs"] >= 100 and first["members"] >= 3000
    assert first["checkins"] > 0 and first["assignments"] > 0
    assert "community_admin" in out.getvalue()

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert snapshot() == first
    assert "无（演示数据已齐全）" in out.getvalue()


@pytest.mark.django_db
def test_demo_accounts_have_one_role_and_a_scope_each():
    call_command("seed_demo", stdout=io.StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}
    assert scope.scope_for(users["community_admin"]).node.level == GridLevel.COMMUNITY
    assert scope.scope_for(users["town_admin"]).node.level == GridLevel.TOWN
    assert scope.scope_for(users["qu_admin"]).node.level == GridLevel.DISTRICT
    assert list(users["community_admin"].groups.values_list("name", flat=True)) == [scope.ROLE_COMMUNITY_ADMIN]
    assert users["volunteer"].party_member is not None
    for name in ["editor", "reviewer", "market_operator", "volunteer"]:
        assert users[name].groups.count() == 1


@pytest.mark.django_db
def test_demo_staff_are_named_as_people_not_roles():
    from volunteer.adminviews.counter import person_name

    call_command("seed_demo", stdout=io.StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}
    roles = {scope.ROLE_SUPERMARKET_OPERATOR, scope.ROLE_COMMUNITY_ADMIN, scope.ROLE_TOWN_ADMIN,
             scope.ROLE_DISTRICT_ADMIN, scope.ROLE_EDITOR, scope.ROLE_REVIEWER, scope.ROLE_VOLUNTEER}
    for username in ["admin", "qu_admin", "town_admin", "community_admin", "market_operator", "editor", "reviewer",
                     "volunteer"]:
        user = users[username]
        assert user.last_name and user.first_name, username
        assert not any(role in user.get_full_name() + user.last_name + user.first_name for role in roles), username
    assert person_name(users["market_operator"]) == "李晓梅"  # the receipt's 经办
    assert users["volunteer"].last_name + users["volunteer"].first_name == users["volunteer"].party_member.name
    assert list(users["market_operator"].groups.values_list("name", flat=True)) == [scope.ROLE_SUPERMARKET_OPERATOR]
