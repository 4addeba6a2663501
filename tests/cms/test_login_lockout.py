"""Five wrong passwords lock the pair (username, address) for 15 minutes — on the admin, the
portal and the API token — but not the same person from elsewhere, nor a colleague behind the
same address."""

import pytest
from django.test import override_settings

from tests.factories import make_user
from volunteer import scope

pytestmark = pytest.mark.django_db
GOOD = "pass-for-tests-1"


@pytest.fixture
def users(db):
    return make_user("ed1", scope.ROLE_EDITOR), make_user("ed2", scope.ROLE_EDITOR)


def fail_five_times(client, url, username, addr, json=False):
    for _ in range(5):
        if json:
            client.post(url, {"username": username, "password": "wrong"}, content_type="application/json",
                        REMOTE_ADDR=addr)
        else:
            client.post(url, {"username": username, "password": "wrong"}, REMOTE_ADDR=addr)


@override_settings(AXES_ENABLED=True)
@pytest.mark.parametrize("url", ["/admin/login/", "/portal/login/"])
def test_pages_lock_the_username_at_that_address_only(client, users, url):
    fail_five_times(client, url, "ed1", "10.0.0.1")
    locked = client.post(url, {"username": "ed1", "password": GOOD}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    colleague = client.post(url, {"username": "ed2", "password": GOOD}, REMOTE_ADDR="10.0.0.1")
    assert colleague.status_code == 302
    client.logout()
    elsewhere = client.post(url, {"username": "ed1", "password": GOOD}, REMOTE_ADDR="10.0.0.2")
    assert elsewhere.status_code == 302


@override_settings(AXES_ENABLED=True)
def test_the_api_token_locks_with_a_chinese_json_message(client, users):
    fail_five_times(client, "/api/v1/auth/token/", "ed1", "10.0.0.3", json=True)
    locked = client.post("/api/v1/auth/token/", {"username": "ed1", "password": GOOD}, content_type="application/json",
                         REMOTE_ADDR="10.0.0.3")
    assert locked.status_code == 429 and "登录失败次数过多" in locked.json()["detail"]
    assert int(locked["Retry-After"]) == 15 * 60


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_lockout_keys_on_the_clients_address_not_the_proxys(client, users):
    """Every request reaches Django from nginx's address; the client's is the entry nginx appended.
    Otherwise five typos anywhere would lock the username out for everyone."""
    nginx = "172.18.0.5"
    for _ in range(5):
        client.post("/admin/login/", {"username": "ed1", "password": "wrong"}, REMOTE_ADDR=nginx,
                    HTTP_X_FORWARDED_FOR="203.0.113.7")
    locked = client.post("/admin/login/", {"username": "ed1", "password": GOOD}, REMOTE_ADDR=nginx,
                         HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429
    # The same person from another office, through the same nginx, still gets in.
    elsewhere = client.post("/admin/login/", {"username": "ed1", "password": GOOD}, REMOTE_ADDR=nginx,
                            HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert elsewhere.status_code == 302


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=1)
def test_a_forged_forwarded_for_does_not_escape_the_lockout(client, users):
    """A client can write its own X-Forwarded-For; nginx appends the real address after it."""
    for n in range(5):
        client.post("/portal/login/", {"username": "ed1", "password": "wrong"}, REMOTE_ADDR="172.18.0.5",
                    HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.7")
    locked = client.post("/portal/login/", {"username": "ed1", "password": GOOD}, REMOTE_ADDR="172.18.0.5",
                         HTTP_X_FORWARDED_FOR="10.9.9.99, 203.0.113.7")
    assert locked.status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(rf, settings):
    from cms.clientip import client_ip

    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.2.3.4")) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 2  # a load balancer, then nginx
    request = rf.get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7, 10.0.0.2")
    assert client_ip(request) == "203.0.113.7"
