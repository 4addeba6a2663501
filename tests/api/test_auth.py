"""Login (token and session), 401 for anonymous callers, 403 for accounts with no role in the API,
and rate limits (429 in Chinese) that write nothing."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from volunteer.models import Demand, Order

ENDPOINTS = ["/api/v1/me/", "/api/v1/projects/", "/api/v1/activities/", "/api/v1/activities/recommended/",
             "/api/v1/orders/", "/api/v1/records/", "/api/v1/evaluations/", "/api/v1/demands/",
             "/api/v1/points/balance/", "/api/v1/points/entries/", "/api/v1/rewards/", "/api/v1/redemptions/",
             "/api/v1/members/"]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_callers_get_401_in_chinese(db, url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response.json() == {"detail": "请先登录：请求头 Authorization: Token <令牌>，或使用已登录的会话"}
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_writes_get_401_and_write_nothing(loop, future_activity):
    response = APIClient().post(f"/api/v1/activities/{future_activity.pk}/take/", {}, format="json")
    assert response.status_code == 401
    assert not Order.objects.exists()


def test_token_from_username_and_password(loop, api):
    member = loop.volunteers[0]
    client = APIClient()
    wrong = client.post("/api/v1/auth/token/", {"username": "vol0", "password": "nope"}, format="json")
    assert wrong.status_code == 400 and wrong.json() == {"non_field_errors": ["无法使用提供的认证信息登录。"]}
    missing = client.post("/api/v1/auth/token/", {"username": "vol0"}, format="json")
    assert missing.status_code == 400 and missing.json() == {"password": ["必需字段"]}
    got = client.post("/api/v1/auth/token/", {"username": "vol0", "password": "pass-for-tests-1"}, format="json")
    assert got.status_code == 200
    token = got.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "vol0" and me["member"]["id"] == member.pk and me["is_admin"] is False
    assert me["member"]["mobile"] == member.mobile_masked

    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    bad = client.get("/api/v1/me/")
    assert bad.status_code == 401 and bad.json() == {"detail": "认证令牌无效。"}


def test_session_login_works_too(d, client):
    client.force_login(d.community_admin)
    me = client.get("/api/v1/me/").json()
    assert me["is_admin"] is True and me["scope"] == d.comm_a1.name and me["member"] is None


def test_session_writes_need_the_csrf_token(loop, future_activity):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(loop.volunteers[0].user)
    refused = client.post(f"/api/v1/activities/{future_activity.pk}/take/", {}, format="json")
    assert refused.status_code == 403 and refused.json()["detail"].startswith("CSRF 校验失败")
    assert not Order.objects.exists()


def test_malformed_json_is_a_400_in_chinese(loop, future_activity, api):
    response = api(loop.volunteers[0].user).post(f"/api/v1/activities/{future_activity.pk}/take/", "{oops",
                                                 content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"].startswith("请求体无法解析")
    assert not Order.objects.exists()


def test_an_account_without_member_or_scope_is_refused(db, api):
    user = get_user_model().objects.create_user("visitor", password="pass-for-tests-1")
    for url in ["/api/v1/projects/", "/api/v1/orders/", "/api/v1/points/balance/"]:
        response = api(user).get(url)
        assert response.status_code == 403
        assert response.json() == {"detail": "您的账号未关联党员，也没有管辖范围，不能使用本接口"}


def test_users_over_the_rate_get_429_in_chinese(loop, api, rates):
    rates(user="3/min")
    client = api(loop.volunteers[0].user)
    assert [client.get("/api/v1/orders/").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/orders/")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("请求过于频繁，请在") and "秒后重试" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    # Another user has their own budget.
    assert api(loop.volunteers[1].user).get("/api/v1/orders/").status_code == 200


def test_writes_have_a_tighter_budget_and_a_refused_write_changes_nothing(loop, future_activity, api, rates):
    rates(write="1/min")
    client = api(loop.volunteers[0].user)
    body = {"title": "x"}
    assert client.post(f"/api/v1/activities/{future_activity.pk}/take/", {}, format="json").status_code == 201
    order = Order.objects.get()
    refused = client.post(f"/api/v1/orders/{order.pk}/cancel/", body, format="json")
    assert refused.status_code == 429
    order.refresh_from_db()
    assert order.status == "signed_up"
    # Reads are not counted against the write budget.
    assert client.get("/api/v1/orders/").status_code == 200
    admin = api(loop.d.community_admin)
    assert admin.post("/api/v1/demands/", {}, format="json").status_code == 400  # own budget, real validation
    assert not Demand.objects.exists()


def test_anonymous_callers_are_throttled_by_address(db, rates):
    rates(anon="2/min")
    client = APIClient()
    assert [client.get("/api/v1/schema/").status_code for _ in range(3)] == [200, 200, 429]
    assert "请求过于频繁" in client.get("/api/v1/schema/?format=json").json()["detail"]


def test_token_requests_are_throttled(db, rates):
    rates(login="2/min")
    client = APIClient()
    codes = [client.post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json").status_code
             for _ in range(3)]
    assert codes == [400, 400, 429]
