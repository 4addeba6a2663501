"""The grid tree (G1): levels, codes, drill-down counts, protected deletes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_grid
from volunteer import scope, services
from volunteer.models import Grid, GridLevel, PartyOrganization


def test_levels_follow_the_tree(d):
    assert [d.district.level, d.town_a.level, d.comm_a1.level, d.cell_a1.level] == [
        GridLevel.DISTRICT, GridLevel.TOWN, GridLevel.COMMUNITY, GridLevel.CELL]
    with pytest.raises(ValidationError, match="最末一级"):
        make_grid("子网格", "T-A-1-1-1", d.cell_a1)
    assert str(d.cell_a1) == "甲街道·甲一社区·第一网格"


def test_admin_adds_a_cell_under_their_community(d, login):
    client = login(d.community_admin)
    response = client.post(reverse("grid:add"), {"parent": d.comm_a1.pk, "name": "第二网格", "code": "T-A-1-2"})
    assert response.status_code == 302
    cell = Grid.objects.get(code="T-A-1-2")
    assert cell.level == GridLevel.CELL and cell.get_parent() == d.comm_a1


def test_duplicate_code_and_foreign_parent_are_refused(d, login):
    client = login(d.community_admin)
    response = client.post(reverse("grid:add"), {"parent": d.comm_a1.pk, "name": "重复", "code": "T-A-1-1"})
    assert "已被使用" in str(response.context["form"].errors)
    response = client.post(reverse("grid:add"), {"parent": d.comm_a2.pk, "name": "越权", "code": "T-X"})
    assert response.status_code == 200 and not Grid.objects.filter(code="T-X").exists()


def test_only_superusers_create_a_district(d):
    with pytest.raises(ValidationError, match="系统管理员"):
        services.create_grid(parent=None, name="另一区", code="Z", user=d.district_admin)


def test_renaming_a_community_relabels_its_cells(d, login):
    client = login(d.town_admin)
    response = client.post(reverse("grid:edit", args=[d.comm_a1.pk]), {"name": "甲新社区", "code": "T-A-1"})
    assert response.status_code == 302
    d.cell_a1.refresh_from_db()
    assert d.cell_a1.label == "甲街道·甲新社区·第一网格"


def test_deleting_a_grid_with_members_is_refused(d, login):
    client = login(d.town_admin)
    response = client.post(reverse("grid:delete", args=[d.cell_a2.pk]), follow=True)
    assert "党员" in response.content.decode() and "不能删除" in response.content.decode()
    assert Grid.objects.filter(pk=d.cell_a2.pk).exists()


def test_deleting_an_empty_cell_works(d, login):
    empty = make_grid("空网格", "T-A-1-9", d.comm_a1)
    response = login(d.community_admin).post(reverse("grid:delete", args=[empty.pk]))
    assert response.status_code == 302 and not Grid.objects.filter(pk=empty.pk).exists()


def test_deleting_an_organisation_with_members_is_refused(d, login):
    response = login(d.community_admin).post(reverse("organizations:delete", args=[d.org_a1.pk]), follow=True)
    assert "还有 1 名党员" in response.content.decode()
    assert PartyOrganization.objects.filter(pk=d.org_a1.pk).exists()


def test_drill_down_counts_members_and_organisations_per_subtree(d, login):
    client = login(d.superuser)
    rows = {g.name: g for g in client.get(reverse("grid:index"), {"parent": d.district.pk}).context["object_list"]}
    # 甲街道: 张三丰, 李四海 live there; 乙镇: 王五岳, 赵六合.
    assert (rows["甲街道"].member_count, rows["乙镇"].member_count) == (2, 2)
    assert (rows["甲街道"].org_count, rows["乙镇"].org_count) == (2, 2)
    root = client.get(reverse("grid:index")).context["object_list"]
    assert [g.name for g in root] == ["测试区"]


def test_town_admin_starts_at_their_own_node(d, login):
    rows = login(d.town_admin).get(reverse("grid:index")).context["object_list"]
    assert [g.name for g in rows] == ["甲街道"]


def test_scope_helper_contains(d):
    s = scope.scope_for(d.town_admin)
    assert s.contains(d.cell_a1) and not s.contains(d.cell_b1) and not s.contains(None)


def test_an_edit_never_writes_the_tree_columns(d):
    """The edit view loads the node, a colleague adds a child under it, then the edit is saved:
    the child stays counted (the edit writes only the edited fields, not path/depth/numchild)."""
    from volunteer.models import Grid

    stale = Grid.objects.get(pk=d.comm_a1.pk)  # as the edit view loaded it
    before = stale.numchild
    services.create_grid(parent=d.comm_a1, name="第二网格", code="T-A-1-2", user=d.community_admin)
    stale.name = "甲一新社区"
    services.update_grid(stale, user=d.community_admin)
    node = Grid.objects.get(pk=d.comm_a1.pk)
    assert node.name == "甲一新社区" and node.numchild == before + 1
    assert [c.code for c in node.get_children()] == ["T-A-1-1", "T-A-1-2"]
    assert Grid.objects.get(code="T-A-1-2").label == "甲街道·甲一新社区·第二网格"


def test_editing_from_the_form_keeps_a_child_added_meanwhile(d, login, monkeypatch):
    """Through the screen: the child is added by a colleague after the edit view has loaded the
    node for the POST, just before the save."""
    from django.urls import reverse

    from volunteer.models import Grid

    client = login(d.community_admin)
    url = reverse("grid:edit", args=[d.comm_a1.pk])
    form = client.get(url).context["form"]
    real_update = services.update_grid

    def colleague_adds_a_child_first(grid, *, user):
        services.create_grid(parent=d.comm_a1, name="第二网格", code="T-A-1-2", user=d.community_admin)
        return real_update(grid, user=user)

    monkeypatch.setattr(services, "update_grid", colleague_adds_a_child_first)
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["name"] = "甲一新社区"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    node = Grid.objects.get(pk=d.comm_a1.pk)
    assert node.name == "甲一新社区" and node.numchild == 2 and node.get_children_count() == 2
