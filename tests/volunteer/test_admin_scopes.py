"""Who administers which part of the grid (管理范围)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_user
from volunteer import scope, services
from volunteer.models import AdminScope


def test_district_admin_gives_a_new_admin_a_community(d, login):
    newcomer = make_user("newcomer", scope.ROLE_COMMUNITY_ADMIN)
    client = login(d.district_admin)
    response = client.post(reverse("admin_scopes:add"), {"user": newcomer.pk, "grid": d.comm_b1.pk})
    assert response.status_code == 302
    assert scope.scope_for(newcomer).node == d.comm_b1
    html = client.get(reverse("admin_scopes:index")).content.decode()
    assert "newcomer" in html and "村社区管理员" in html


def test_a_user_has_one_scope_and_cannot_change_their_own(d, login):
    client = login(d.district_admin)
    response = client.post(reverse("admin_scopes:add"), {"user": d.town_admin.pk, "grid": d.town_b.pk})
    assert "已有管理范围" in str(response.context["form"].errors)
    own = AdminScope.objects.get(user=d.district_admin)
    response = client.post(reverse("admin_scopes:edit", args=[own.pk]), {"user": d.district_admin.pk,
                                                                         "grid": d.town_a.pk})
    assert "不能修改自己的管理范围" in str(response.context["form"].errors)
    assert AdminScope.objects.get(user=d.district_admin).grid == d.district


def test_town_admin_cannot_grant_outside_their_town(d, login):
    newcomer = make_user("newcomer2", scope.ROLE_COMMUNITY_ADMIN)
    with pytest.raises(ValidationError, match="管辖范围"):
        services.save_admin_scope(AdminScope(user=newcomer, grid=d.comm_b1), user=d.town_admin)
    assert not AdminScope.objects.filter(user=newcomer).exists()


def test_community_admins_cannot_manage_scopes(d, login):
    response = login(d.community_admin).get(reverse("admin_scopes:index"))
    assert response.status_code in (302, 403)
