"""The public root serves the real HomePage; unknown URLs get a Chinese 404; roles exist."""

import pytest
from django.contrib.auth.models import Group

from volunteer import scope


def test_home_page_serves_with_campaign_figures(d, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "党员义工365" in html and "在册党员" in html
    assert '<html lang="zh-CN">' in html
    # Public figures are counts, never personal data.
    assert "张三丰" not in html and d.member_a1.id_card_masked not in html


@pytest.mark.django_db
def test_unknown_page_is_a_chinese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_roles_are_created_by_migration_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(scope.ALL_ROLES) <= names
    district = Group.objects.get(name=scope.ROLE_DISTRICT_ADMIN)
    community = Group.objects.get(name=scope.ROLE_COMMUNITY_ADMIN)
    codenames = set(community.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_partymember", "change_partymember", "add_communitycheckin"} <= codenames
    assert "view_personal_data" not in codenames
    assert "delete_communitycheckin" not in codenames  # history is declined, not deleted
    assert district.permissions.filter(codename="view_personal_data").exists()
    assert not Group.objects.get(name=scope.ROLE_VOLUNTEER).permissions.filter(codename="access_admin").exists()


def test_admin_reads_in_chinese(d, client):
    client.force_login(d.community_admin)
    html = client.get("/admin/members/").content.decode()
    assert 'lang="zh-hans"' in html and "党员" in html and "搜索" in html


@pytest.mark.django_db
def test_every_role_permission_exists_after_migrations():
    """Migrations create roles leniently (later models may not exist yet); at the end every
    permission a role names must exist and be held."""
    from django.apps import apps

    from volunteer.roles import ROLE_PERMISSIONS, ensure_roles

    ensure_roles(apps)  # strict: raises if a named permission is missing
    operator = Group.objects.get(name=scope.ROLE_SUPERMARKET_OPERATOR)
    held = set(operator.permissions.values_list("codename", flat=True))
    wanted = {f"{a}_{m.split('.')[-1]}" if m else a for a, m in ROLE_PERMISSIONS[scope.ROLE_SUPERMARKET_OPERATOR]}
    assert wanted <= held


@pytest.mark.django_db
def test_ensure_roles_repair_sets_each_roles_permissions_exactly():
    """A permission granted to a role by hand does not survive the repair, and one taken away
    comes back: after `manage.py ensure_roles` every role holds exactly its list."""
    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    from volunteer.roles import ADMIN_SHELL_ROLES, ROLE_PERMISSIONS

    def expected(role):
        wanted = {(m.split(".")[0] if m and "." in m else "volunteer", f"{a}_{m.split('.')[-1]}" if m else a)
                  for a, m in ROLE_PERMISSIONS[role]}
        if role in ADMIN_SHELL_ROLES:
            wanted.add(("wagtailadmin", "access_admin"))
        return wanted

    def held(role):
        return set(Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename"))

    operator = Group.objects.get(name=scope.ROLE_SUPERMARKET_OPERATOR)
    operator.permissions.add(Permission.objects.get(content_type__app_label="volunteer", codename="delete_partymember"))
    operator.permissions.remove(Permission.objects.get(content_type__app_label="volunteer", codename="view_reward"))
    volunteer = Group.objects.get(name=scope.ROLE_VOLUNTEER)
    volunteer.permissions.add(Permission.objects.get(content_type__app_label="volunteer", codename="change_servicerecord"))

    call_command("ensure_roles", stdout=open("/dev/null", "w"))

    assert ("volunteer", "delete_partymember") not in held(scope.ROLE_SUPERMARKET_OPERATOR)
    assert ("volunteer", "view_reward") in held(scope.ROLE_SUPERMARKET_OPERATOR)
    assert held(scope.ROLE_VOLUNTEER) == set()
    for role in ROLE_PERMISSIONS:
        assert held(role) == expected(role), role


def test_home_page_figures_are_cached_and_refreshed_after_ten_minutes(d, client):
    from django.core.cache import cache

    from publicity.models.home import HEADLINE_KEY
    from tests.factories import MemberFactory

    assert "<strong>4</strong><span>在册党员</span>" in client.get("/").content.decode()
    MemberFactory(name="新党员", home_grid=d.cell_a1, branch=d.org_a1)
    assert "<strong>4</strong><span>在册党员</span>" in client.get("/").content.decode()  # from the cache
    cache.delete(HEADLINE_KEY)  # what ten minutes do
    assert "<strong>5</strong><span>在册党员</span>" in client.get("/").content.decode()


@pytest.mark.django_db
def test_public_pages_send_a_content_security_policy_and_the_admin_keeps_its_own(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert "Content-Security-Policy" in client.get("/api/v2/pages/")
    assert "Content-Security-Policy" not in client.get("/admin/login/")
    assert client.get("/")["X-Content-Type-Options"] == "nosniff"


def test_the_admin_names_a_person_family_name_first(d, login):
    """Wagtail shows get_full_name() on the dashboard and in its lists: 王秀兰, not "秀兰 王"."""
    user = d.community_admin
    user.last_name, user.first_name = "王", "秀兰"
    user.save()
    html = login(user).get("/admin/").content.decode()
    assert "王秀兰" in html and "秀兰 王" not in html
