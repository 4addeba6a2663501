"""/api/v1/schema/ fetched by several people at once: generated once (drf-spectacular's generator
is not safe to run concurrently), every request answers 200 with the same document."""

import json
import threading
import time

from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from volunteer.api.schema import clear_schema_cache


def test_concurrent_schema_requests_share_one_generation(db, monkeypatch):
    clear_schema_cache()
    calls = []
    real = SchemaGenerator.get_schema

    def slow_get_schema(self, *args, **kwargs):
        calls.append(threading.get_ident())
        time.sleep(0.3)  # wide enough that the other requests arrive while it runs
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", slow_get_schema)
    results = [None] * 3
    start = threading.Barrier(len(results))

    def fetch(i):
        start.wait()
        response = Client().get("/api/v1/schema/?format=json")
        results[i] = (response.status_code, response.content)

    threads = [threading.Thread(target=fetch, args=(i,)) for i in range(len(results))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert [status for status, _ in results] == [200] * len(results)
    documents = [json.loads(body) for _, body in results]
    assert all(doc == documents[0] for doc in documents) and "/api/v1/activities/" in documents[0]["paths"]
    assert len(calls) == 1, "the schema was generated once per request instead of once"

    # Later requests are served from the same document without generating again.
    assert Client().get("/api/v1/schema/?format=json").status_code == 200
    assert len(calls) == 1
