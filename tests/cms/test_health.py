"""The health endpoint answers for the database, the cache and the broker and says which failed:
a database failure is a 503 (this replica cannot serve); a cache or broker failure is 200
"degraded" (pages still serve without Redis), and a 503 only with ?strict=1 (monitoring)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from cms import health


def fails(message="down"):
    def check():
        raise RuntimeError(message)

    return check


def database_unreachable():
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
def test_healthy_when_everything_answers(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    assert client.get("/healthz/?strict=1").status_code == 200


@pytest.mark.django_db
def test_a_database_that_does_not_answer_is_a_503_naming_it(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "database", database_unreachable)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "checks": {"database": "fail", "cache": "ok", "broker": "ok"},
                               "failed": ["database"]}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["cache", "broker"])
def test_a_cache_or_broker_failure_is_degraded_not_down(client, monkeypatch, name):
    monkeypatch.setitem(health.CHECKS, name, fails())
    response = client.get("/healthz/")
    assert response.status_code == 200  # a load balancer keeps the replica
    assert response.json()["status"] == "degraded" and response.json()["failed"] == [name]
    assert response.json()["checks"][name] == "fail"
    strict = client.get("/healthz/?strict=1")
    assert strict.status_code == 503 and strict.json()["status"] == "fail" and strict.json()["failed"] == [name]


@pytest.mark.django_db
def test_everything_failing_is_a_503(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "database", database_unreachable)
    monkeypatch.setitem(health.CHECKS, "cache", fails())
    monkeypatch.setitem(health.CHECKS, "broker", fails())
    response = client.get("/healthz/")
    assert response.status_code == 503 and response.json()["failed"] == ["database", "cache", "broker"]


@pytest.mark.django_db
def test_the_container_health_command_fails_only_when_the_replica_cannot_serve(monkeypatch):
    out = io.StringIO()
    call_command("healthcheck", stdout=out)
    assert '"status": "ok"' in out.getvalue()

    # Redis down: degraded, exit 0 (an orchestrator must not restart every web replica), said on stderr.
    monkeypatch.setitem(health.CHECKS, "cache", fails())
    out, err = io.StringIO(), io.StringIO()
    call_command("healthcheck", stdout=out, stderr=err)
    assert '"status": "degraded"' in out.getvalue() and "cache 不可用" in err.getvalue()
    with pytest.raises(CommandError, match="cache"):
        call_command("healthcheck", "--strict", stdout=io.StringIO(), stderr=io.StringIO())

    monkeypatch.setitem(health.CHECKS, "database", database_unreachable)
    with pytest.raises(CommandError, match="database"):
        call_command("healthcheck", stdout=io.StringIO(), stderr=io.StringIO())
