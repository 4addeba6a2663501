"""Figures are cached per scope, node and period, and a change to the records behind them shows
on the next request."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from volunteer.dashboard import cache
from volunteer.models import Team


def test_second_request_reads_the_cache_and_a_new_record_invalidates_it(world, login):
    d = world.d
    client = login(d.district_admin)
    url = reverse("dashboard_map:node", args=[d.town_b.pk])
    first = client.get(url).context["node_figures"]
    with CaptureQueriesContext(connection) as cold:
        client.get(url + "&x=1" if "?" in url else url + "?x=1")
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm.captured_queries) <= len(cold.captured_queries)
    assert not any("volunteer_servicerecord" in q["sql"] for q in warm.captured_queries)

    before = cache.version()
    world.serve(d.member_b1, world.this_month, 12, 1, deed=True)
    assert cache.version() > before
    after = client.get(url).context["node_figures"]
    assert after["hours"] == first["hours"] + Decimal(1)
    assert after["deed_rate"] == "50.0%"


def test_keys_differ_by_scope_node_and_period(world):
    d = world.d
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cache.cached(d.district_admin, "x", d.comm_a1, "2026", compute) == 1
    assert cache.cached(d.district_admin, "x", d.comm_a1, "2026", compute) == 1
    assert cache.cached(d.town_admin, "x", d.comm_a1, "2026", compute) == 2
    assert cache.cached(d.district_admin, "x", d.comm_a2, "2026", compute) == 3
    assert cache.cached(d.district_admin, "x", d.comm_a1, "2026-11", compute) == 4


def test_team_membership_change_bumps_the_version(world):
    before = cache.version()
    Team.objects.get(name="甲二志愿队").members.add(world.d.commuter)
    assert cache.version() > before


def test_boundaries_are_idempotent(world):
    from volunteer.dashboard.boundaries import contains, fill_demo_boundaries
    from volunteer.models import Grid

    d = world.d
    assert fill_demo_boundaries(root=d.district) == 9
    shapes = dict(Grid.objects.values_list("pk", "boundary"))
    assert fill_demo_boundaries(root=d.district) == 0
    assert dict(Grid.objects.values_list("pk", "boundary")) == shapes
    town = Grid.objects.get(pk=d.town_a.pk)
    community = Grid.objects.get(pk=d.comm_a1.pk)
    # A community lies inside its town (tests/dashboard/test_boundaries.py checks the tiling).
    assert contains(town.boundary, (float(community.centroid_lng), float(community.centroid_lat)))
    assert town.centroid_lat is not None
