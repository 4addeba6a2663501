"""POST /api/v1/redemptions/ with an Idempotency-Key: the request that redeems answers 201; every replay
of it (a retry, a double click, eight at once) answers 200 with the same body and the header
`Idempotent-Replayed: true`, and nothing is charged twice. As documented in the OpenAPI schema."""

import json
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.api.conftest import give_points
from volunteer.models import Account, Redemption, Reward, Unit


def _body(d, store, rice, quantity=2):
    return {"member": d.member_a1.pk, "store": store.pk, "lines": [{"reward": rice.pk, "quantity": quantity}]}


def test_a_sequential_replay_answers_200_with_the_first_body(d, rice, store, api):
    give_points(d.member_a1, 100, "grant")
    client = api(d.community_admin)
    first = client.post("/api/v1/redemptions/", _body(d, store, rice), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.json()
    assert "Idempotent-Replayed" not in first.headers
    for _ in range(2):
        again = client.post("/api/v1/redemptions/", _body(d, store, rice), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        assert again.status_code == 200
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.json() == first.json()
    # The key in the body is the same key as in the header.
    by_field = client.post("/api/v1/redemptions/", {**_body(d, store, rice), "key": "k-1"}, format="json")
    assert by_field.status_code == 200 and by_field.json() == first.json()
    assert Redemption.objects.count() == 1
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 60
    assert Reward.objects.get(pk=rice.pk).stock == 8


def test_the_schema_documents_the_replay(db):
    schema = json.loads(APIClient().get("/api/v1/schema/?format=json").content)
    create = schema["paths"]["/api/v1/redemptions/"]["post"]
    assert set(create["responses"]) >= {"200", "201"}
    assert "Idempotent-Replayed" in create["responses"]["200"]["headers"]
    assert "Idempotent-Replayed" not in create["responses"]["201"].get("headers", {})
    assert "重放" in create["responses"]["200"]["description"] and "200" in create["description"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_eight_concurrent_retries_with_one_key_redeem_once(d, rice, store, api):
    give_points(d.member_a1, 100, "grant")
    api(d.community_admin)  # create the token before the threads start
    barrier = threading.Barrier(8)
    responses = []

    def send():
        try:
            client = api(d.community_admin)
            barrier.wait()
            response = client.post("/api/v1/redemptions/", _body(d, store, rice), format="json",
                                   HTTP_IDEMPOTENCY_KEY="same-basket")
            responses.append((response.status_code, response.headers.get("Idempotent-Replayed"), response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(code for code, _, _ in responses)
    assert codes == [200] * 7 + [201], responses
    assert [flag for code, flag, _ in responses if code == 200] == ["true"] * 7
    assert [flag for code, flag, _ in responses if code == 201] == [None]
    assert len({json.dumps(body, sort_keys=True) for _, _, body in responses}) == 1
    assert Redemption.objects.count() == 1
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 60
    assert Reward.objects.get(pk=rice.pk).stock == 8
