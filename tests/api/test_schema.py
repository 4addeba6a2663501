"""The OpenAPI schema is valid, its docs are served locally (no CDN), and a property-based run
(schemathesis, generating requests from the schema) finds no server error and no response that
contradicts the schema, as a volunteer and as an admin, with valid and invalid input."""

import datetime
import json
from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.conftest import give_points
from volunteer import services
from volunteer.models import (
    Activity,
    Demand,
    Entry,
    Evaluation,
    EvaluationRole,
    Order,
    PartyMember,
    Redemption,
    Reward,
    ServiceProject,
    ServiceRecord,
)

EXAMPLES_PER_OPERATION = 5


def load_schema():
    response = APIClient().get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_openapi_schema_validates(db):
    schema = load_schema()
    validate(schema)  # raises on an invalid OpenAPI document
    assert schema["info"]["title"] == "党员义工365 API"
    paths = set(schema["paths"])
    assert {"/api/v1/activities/{id}/take/", "/api/v1/orders/{id}/check-in/", "/api/v1/redemptions/",
            "/api/v1/points/balance/", "/api/v1/activities/recommended/", "/api/v1/auth/token/"} <= paths
    assert all(path.startswith("/api/v1/") for path in paths)  # Wagtail's v2 API is not mixed in
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_swagger_ui_and_its_assets_are_served_locally(db, client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    asset = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200
    assert client.get("/api/v1/redoc/").status_code == 200


@contextmanager
def django_app():
    """Django's WSGI app for schemathesis, inside the test's transaction: like Django's own test
    client, keep request signals from closing the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def some_of_everything(loop, future_activity, running_activity, rice, store):
    """Rows for generated ids to hit: orders, a record, a demand, points, a redemption."""
    a = loop.volunteers[0]
    services.sign_up(future_activity, a, user=a.user)
    services.sign_up(running_activity, loop.volunteers[1], user=loop.volunteers[1].user,
                     now=running_activity.signup_opens_at)
    loop.demand()
    # One activity nobody has taken yet, so a generated take (an empty body is valid) can succeed.
    loop.activity(future_activity.project, starts=future_activity.starts_at + datetime.timedelta(days=1),
                  signup_opens_at=future_activity.signup_opens_at)
    give_points(a, 100, "seed")
    services.redeem(a, store, [(rice, 1)], user=loop.d.community_admin, key="seed")
    start = timezone.now() - datetime.timedelta(hours=3)
    record = services.record_deed(ServiceRecord(member=a, started_at=start, ended_at=start + datetime.timedelta(hours=1),
                                                hours=1, place="小区", content="送药", activity_line="deed"), user=a.user)
    services.evaluate(record, role=EvaluationRole.SELF, score=4, user=a.user)
    return loop


def existing_ids(path):
    """Real ids for the operation's {id}, so generated requests also reach rows that exist."""
    models = {"activities": Activity, "orders": Order, "records": ServiceRecord, "evaluations": Evaluation,
              "demands": Demand, "projects": ServiceProject, "rewards": Reward, "redemptions": Redemption,
              "members": PartyMember, "entries": Entry}
    resource = path.split("/{id}")[0].rsplit("/", 1)[-1]
    return list(models[resource].objects.order_by("pk").values_list("pk", flat=True)[:3])


def test_generated_requests_never_cause_a_server_error_or_break_the_schema(some_of_everything, rates):
    rates(user="100000/min", write="100000/min", anon="100000/min", login="100000/min")
    loop = some_of_everything
    schema = schemathesis.openapi.from_dict(load_schema())
    callers = {
        "volunteer": Token.objects.create(user=loop.volunteers[0].user).key,
        "community_admin": Token.objects.create(user=loop.d.community_admin).key,
    }
    failures, calls = [], []
    with django_app() as app:
        for result in schema.get_all_operations():
            operation = result.ok()
            runs = [(mode, None) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
            if "{id}" in operation.path:
                runs += [(GenerationMode.POSITIVE, {"id": pk}) for pk in existing_ids(operation.path)]
            for mode, path_parameters in runs:
                for who, token in callers.items():
                    headers = {"Authorization": f"Token {token}"}

                    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
                    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                              suppress_health_check=list(HealthCheck))
                    def run(case):
                        response = case.call(app=app, headers=headers)
                        calls.append(response.status_code)
                        try:
                            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
                        except Exception:
                            failures.append((who, mode.value, operation.label, response.status_code,
                                                  response.text[:300]))

                    try:
                        run()
                    except Unsatisfiable:
                        # Nothing to make invalid (e.g. GET /me/ has no parameters): no negative cases.
                        assert mode is GenerationMode.NEGATIVE, operation.label
    assert failures == []
    assert len(calls) > 300 and {200, 201, 400, 404} <= set(calls)
