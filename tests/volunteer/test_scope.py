"""A community admin reaches only their own subtree: lists, details, edits, deletes, history,
exports and choosers. Anything else is 404 (it does not exist for them)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from volunteer import scope
from volunteer.models import PartyMember


def names_in(response):
    return response.content.decode()


def test_member_list_shows_only_the_subtree(d, login):
    client = login(d.community_admin)
    html = names_in(client.get(reverse("members:index")))
    assert "张三丰" in html  # lives in 甲一社区
    assert "赵六合" in html  # works in 甲一社区 (G2: the work grid counts)
    assert "李四海" not in html  # 甲二社区
    assert "王五岳" not in html  # 乙一村


def test_town_admin_sees_all_communities_of_the_town(d, login):
    html = names_in(login(d.town_admin).get(reverse("members:index")))
    assert "张三丰" in html and "李四海" in html and "赵六合" in html
    assert "王五岳" not in html


def test_search_stays_inside_the_scope(d, login):
    client = login(d.community_admin)
    html = names_in(client.get(reverse("members:index"), {"q": "四海"}))
    assert "李四海" not in html
    html = names_in(client.get(reverse("members:index"), {"q": "三丰"}))
    assert "张三丰" in html


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_other_communitys_member_is_not_found(d, login, view):
    client = login(d.community_admin)
    assert client.get(reverse(f"members:{view}", args=[d.member_a2.pk])).status_code == 404
    assert client.get(reverse(f"members:{view}", args=[d.member_a1.pk])).status_code == 200


def test_editing_another_communitys_member_changes_nothing(d, login):
    client = login(d.community_admin)
    response = client.post(reverse("members:edit", args=[d.member_a2.pk]), {"name": "改名"})
    assert response.status_code == 404
    d.member_a2.refresh_from_db()
    assert d.member_a2.name == "李四海"


def test_deleting_another_communitys_member_is_refused(d, login):
    client = login(d.community_admin)
    assert client.post(reverse("members:delete", args=[d.member_a2.pk])).status_code == 404
    assert PartyMember.objects.filter(pk=d.member_a2.pk).exists()


def test_export_contains_only_the_subtree(d, login):
    client = login(d.community_admin)
    response = client.get(reverse("members:index"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"张三丰", "赵六合"}


def test_member_chooser_offers_only_the_subtree(d, login):
    client = login(d.community_admin)
    html = client.get(reverse("member_chooser:choose")).json()["html"]
    assert "张三丰" in html and "李四海" not in html
    html = client.get(reverse("member_chooser:choose_results"), {"q": "李"}).content.decode()
    assert "李四海" not in html
    assert client.get(reverse("member_chooser:chosen", args=[d.member_a2.pk])).status_code == 404


def test_organization_and_grid_lists_are_scoped(d, login):
    client = login(d.community_admin)
    html = names_in(client.get(reverse("organizations:index")))
    assert "甲一社区党支部" in html and "甲二社区党支部" not in html
    assert client.get(reverse("organizations:edit", args=[d.org_a2.pk])).status_code == 404
    assert client.get(reverse("grid:edit", args=[d.comm_a2.pk])).status_code == 404
    assert client.get(reverse("grid:edit", args=[d.cell_a1.pk])).status_code == 200
    # Drill-down outside the scope falls back to the user's own node.
    html = names_in(client.get(reverse("grid:index"), {"parent": d.town_a.pk}))
    assert "甲二社区" not in html and "甲一社区" in html


def test_user_without_scope_sees_nothing(d, login, django_user_model):
    from tests.factories import make_user

    user = make_user("unscoped", scope.ROLE_COMMUNITY_ADMIN)
    html = names_in(login(user).get(reverse("members:index")))
    assert "张三丰" not in html and "王五岳" not in html


def test_superuser_without_scope_sees_everything(d, login):
    html = names_in(login(d.superuser).get(reverse("members:index")))
    for name in ["张三丰", "李四海", "王五岳", "赵六合"]:
        assert name in html


def test_anonymous_is_sent_to_login(d, client):
    response = client.get(reverse("members:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_volunteer_role_has_no_admin_access(d, login):
    from tests.factories import make_user

    volunteer = make_user("vol", scope.ROLE_VOLUNTEER)
    response = login(volunteer).get(reverse("members:index"))
    assert response.status_code in (302, 403)
