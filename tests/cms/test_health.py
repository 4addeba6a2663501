"""The health endpoint answers for the database, the cache and the broker, and says which failed."""

import pytest
from django.db import OperationalError

from cms import health


@pytest.mark.django_db
def test_healthy_when_everything_answers(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_database_that_does_not_answer_is_a_503_naming_it(client, monkeypatch):
    def unreachable():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setitem(health.CHECKS, "database", unreachable)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "fail", "cache": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_the_container_health_command_exits_non_zero_when_unhealthy(monkeypatch):
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("healthcheck", stdout=out)
    assert '"status": "ok"' in out.getvalue()
    monkeypatch.setitem(health.CHECKS, "cache", lambda: (_ for _ in ()).throw(RuntimeError("down")))
    with pytest.raises(CommandError, match="cache"):
        call_command("healthcheck", stdout=io.StringIO())
