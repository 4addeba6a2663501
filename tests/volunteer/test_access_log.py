"""The district admin can search the log of who saw full ID numbers and phones; nobody can write
to it by hand, and lower admins cannot read it."""

from django.urls import reverse

from volunteer import privacy


def test_the_district_admin_searches_the_unmasked_views_log(d, login):
    privacy.log_unmasked(d.district_admin, "export", [d.member_a1, d.member_a2], detail="导出党员名单")
    privacy.log_unmasked(d.superuser, "edit_form", [d.member_b1])
    client = login(d.district_admin)
    html = client.get("/admin/access_log/?q=district").content.decode()
    assert "导出名单" in html and "导出党员名单" in html and "编辑党员" not in html
    assert client.get(reverse("access_log:add")).status_code in (302, 403)
    assert login(d.community_admin).get("/admin/access_log/").status_code in (302, 403)
