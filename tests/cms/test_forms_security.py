"""CSRF on every form and the password policy, for the people who use them: a forged POST from
another site changes nothing, and an admin cannot give an account a guessable password."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import resolve

from volunteer.models import Order

ROOT = Path(settings.BASE_DIR)
FORM = re.compile(r"<form\b[^>]*\bmethod=[\"']post[\"'][^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)


def test_every_post_form_in_our_templates_carries_the_csrf_token():
    checked = 0
    for template in sorted(ROOT.glob("*/templates/**/*.html")):
        for body in FORM.findall(template.read_text()):
            checked += 1
            assert "{% csrf_token %}" in body, f"{template.relative_to(ROOT)}：POST 表单缺少 csrf_token"
    assert checked >= 15  # the portal, the counter, the intake form, the report centre …


@pytest.fixture
def forged(loop):
    """A browser carrying the volunteer's session, posting from another site (no CSRF token)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(loop.volunteers[0].user)
    return client


def test_a_forged_sign_up_is_refused_and_takes_no_seat(loop, forged):
    activity = loop.activity(loop.project(), starts=loop.now + datetime.timedelta(days=2),
                             signup_opens_at=loop.now - datetime.timedelta(hours=1),
                             signup_closes_at=loop.now + datetime.timedelta(days=1))
    response = forged.post(f"/portal/take/{activity.pk}/")
    assert response.status_code == 403
    assert not Order.objects.filter(activity=activity).exists()


@pytest.mark.parametrize("path", ["/demand/", "/portal/login/", "/admin/login/", "/portal/checkin/",
                                  "/portal/deed/", "/portal/commitment/"])
def test_forged_posts_to_public_and_portal_forms_are_refused(path, forged, d):
    # The form's own view, not Wagtail's catch-all page view (which would refuse a forged POST too).
    assert resolve(path).func.__module__ != "wagtail.views"
    assert forged.post(path, {"username": "x", "password": "y"}).status_code == 403


def test_the_api_with_a_session_needs_the_csrf_token_too(loop, forged):
    response = forged.post("/api/v1/redemptions/", {"member": loop.volunteers[0].pk}, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_an_admin_cannot_give_an_account_a_weak_password(d, client):
    client.force_login(d.superuser)
    base = {"username": "new_admin", "email": "new@example.cn", "first_name": "新", "last_name": "管理员",
            "groups": []}
    for weak, reason in (("12345678", "至少"), ("1234567890123", "全都是数字"), ("password123", "太常见"),
                         ("new_admin1234", "相似")):
        response = client.post("/admin/users/new/", {**base, "password1": weak, "password2": weak})
        assert response.status_code == 200, weak  # the form again, with the reason
        assert reason in response.content.decode(), (weak, reason)
        assert not get_user_model().objects.filter(username="new_admin").exists()
    strong = "梧桐树下-义工-2026"
    response = client.post("/admin/users/new/", {**base, "password1": strong, "password2": strong})
    assert response.status_code == 302
    assert get_user_model().objects.get(username="new_admin").check_password(strong)
