"""Database unreachable while serving → a clean 503 with Retry-After and a Chinese message (JSON
under /api/, a small page otherwise), and the next request after it comes back works
(cms/middleware.py; CONN_HEALTH_CHECKS in settings)."""

import socket

import pytest
from django.contrib.auth.models import User
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.db.backends.utils import CursorWrapper
from django.http import HttpResponse, JsonResponse
from django.test import Client
from django.urls import include, path
from rest_framework.authtoken.models import Token

from cms import middleware
from cms.middleware import MESSAGE, RETRY_AFTER


def raising(error_class):
    def view(request):
        raise error_class("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused")

    return view


def count_users(request):
    return JsonResponse({"users": User.objects.count()})


def touch_session(request):
    request.session["seen"] = True
    return HttpResponse("ok")


def broken(request):
    raise RuntimeError("an ordinary bug")


# This module is the URLconf of the tests below (settings.ROOT_URLCONF = __name__).
urlpatterns = [
    path("api/probe/operational/", raising(OperationalError)),
    path("api/probe/interface/", raising(InterfaceError)),
    path("probe/operational/", raising(OperationalError)),
    path("api/probe/users/", count_users),
    path("probe/session/", touch_session),
    path("probe/bug/", broken),
    path("", include("cms.urls")),
]
handler500 = "cms.middleware.server_error"


@pytest.fixture
def probes(settings):
    settings.ROOT_URLCONF = __name__


def assert_unavailable_json(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER) and "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": MESSAGE, "retry_after": RETRY_AFTER}
    assert "数据库暂时不可用" in response.content.decode()  # readable, not \u escapes


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "系统繁忙" in html and MESSAGE in html and '<html lang="zh-CN">' in html
    assert "Traceback" not in html and "5432" not in html


@pytest.mark.django_db
def test_an_operational_error_in_a_view_is_a_503(probes, client, caplog, monkeypatch):
    monkeypatch.setitem(middleware._log_state, "last", 0.0)
    assert_unavailable_json(client.get("/api/probe/operational/"))
    assert_unavailable_json(client.get("/api/probe/interface/"))
    assert_unavailable_page(client.get("/probe/operational/"))
    # Logged once (then at most every LOG_EVERY seconds), not once more by django.request per 503.
    lines = [r.getMessage() for r in caplog.records if "database unavailable" in r.getMessage()]
    assert len(lines) == 1 and "while serving GET /api/probe/operational/: OperationalError" in lines[0]
    assert not [r for r in caplog.records if r.name == "django.request"]


@pytest.mark.django_db
def test_an_error_in_another_middleware_is_a_503_too(probes, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    def save(self, must_create=False):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(SessionStore, "save", save)
    response = Client(raise_request_exception=False).get("/probe/session/")
    assert_unavailable_page(response)


def test_a_deadlock_or_a_timeout_is_a_fault_to_see_not_an_outage():
    """psycopg reports these as OperationalError too; hiding them as "database unavailable" would
    hide a locking bug in the ledger."""
    import psycopg.errors

    def wrapped(cause):
        error = OperationalError(str(cause))
        error.__cause__ = cause
        return error

    assert not middleware.is_database_unavailable(wrapped(psycopg.errors.DeadlockDetected("deadlock detected")))
    assert not middleware.is_database_unavailable(wrapped(psycopg.errors.QueryCanceled("statement timeout")))
    assert middleware.is_database_unavailable(wrapped(psycopg.errors.AdminShutdown("terminating connection")))
    assert middleware.is_database_unavailable(wrapped(psycopg.errors.TooManyConnections("too many clients")))
    assert middleware.is_database_unavailable(OperationalError("Connection refused"))  # no server answered


@pytest.mark.django_db
def test_other_errors_are_still_the_500_page(probes):
    response = Client(raise_request_exception=False).get("/probe/bug/")
    assert response.status_code == 500 and "系统繁忙" in response.content.decode()
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_real_pages_and_api_answer_503_while_every_query_fails(d, loop, monkeypatch):
    token, _ = Token.objects.get_or_create(user=loop.volunteers[0].user)

    def unreachable(self, *args, **kwargs):
        raise OperationalError("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused")

    monkeypatch.setattr(CursorWrapper, "_execute_with_wrappers", unreachable)
    client = Client(raise_request_exception=False)
    assert_unavailable_page(client.get("/"))
    assert_unavailable_json(client.get("/api/v1/orders/", HTTP_AUTHORIZATION=f"Token {token.key}"))
    assert_unavailable_json(client.get("/api/v2/pages/"))
    health = client.get("/healthz/")
    assert health.status_code == 503 and health.json()["checks"]["database"] == "fail"
    monkeypatch.undo()  # the database is back
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/orders/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


# --- real connections (PostgreSQL) --------------------------------------------------------------

def terminate_backend(pid):
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.postgres
def test_a_kept_connection_killed_by_a_restart_is_replaced_before_use(probes, transactional_db, migrated_data):
    client = Client(raise_request_exception=False)
    assert client.get("/api/probe/users/").status_code == 200
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] and connection.settings_dict["CONN_MAX_AGE"] > 0
    pid = connection.connection.info.backend_pid
    terminate_backend(pid)  # what a PostgreSQL restart does to every kept connection
    close_old_connections()  # request_started (Django's test client skips it)
    response = client.get("/api/probe/users/")
    assert response.status_code == 200  # the health check replaced the dead connection
    assert connection.connection.info.backend_pid != pid


@pytest.mark.postgres
def test_database_down_then_back(probes, transactional_db, migrated_data):
    client = Client(raise_request_exception=False)
    assert client.get("/api/probe/users/").status_code == 200
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = closed  # nothing listens: as while PostgreSQL restarts
    try:
        assert_unavailable_json(client.get("/api/probe/users/"))
        close_old_connections()  # request_finished
        assert_unavailable_json(client.get("/api/probe/users/"))
    finally:
        connection.settings_dict["PORT"] = real_port
    close_old_connections()
    response = client.get("/api/probe/users/")
    assert response.status_code == 200 and response.json()["users"] >= 0
