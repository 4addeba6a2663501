"""The roles the data migrations create can use the report center without extra grants."""

from tests.factories import make_user
from volunteer import scope


def test_admin_roles_and_the_counter_reach_the_report_center_and_editors_do_not(d, login):
    for user in (d.community_admin, d.town_admin, d.district_admin):
        assert login(user).get("/admin/reports/").status_code == 200
        assert login(user).get("/admin/reports/new/monthly/").status_code == 200
        assert login(user).get("/admin/reports/certificates/").status_code == 200
    operator = make_user("op", scope.ROLE_SUPERMARKET_OPERATOR, d.town_a)
    assert login(operator).get("/admin/reports/new/market/").status_code == 200
    assert login(operator).get("/admin/reports/certificates/").status_code in (302, 403)
    assert "证明登记" not in login(operator).get("/admin/reports/").content.decode()
    editor = make_user("ed", scope.ROLE_EDITOR)
    assert login(editor).get("/admin/reports/").status_code in (302, 403)
