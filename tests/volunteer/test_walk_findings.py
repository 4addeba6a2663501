"""Defects the journey suite (tests/e2e/journeys/) found outside issue 14's list: a member could
not see their points on the portal, the admin login's password label was English, and every page
logged a 404 for /favicon.ico."""

from django.urls import reverse

from volunteer import services
from volunteer.models import EntryKind, Unit


def test_the_member_sees_their_points_on_the_portal(loop, client):
    member = loop.volunteers[0]
    services.post(member, Unit.POINTS, 12, kind=EntryKind.ADJUST, source="test", key="walk-points")
    client.force_login(member.user)
    body = client.get(reverse("portal:records")).content.decode()
    assert '我的积分：<strong id="points-balance">12.00</strong>' in body


def test_a_member_without_points_sees_zero(loop, client):
    client.force_login(loop.volunteers[1].user)
    assert '<strong id="points-balance">0.00</strong>' in client.get(reverse("portal:records")).content.decode()


def test_the_admin_login_labels_the_password_in_chinese(db, client):
    body = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Password" not in body.replace('type="password"', "") and "密码" in body


def test_favicon_is_answered(db, client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
