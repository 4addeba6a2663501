"""The member list costs the same number of queries for 5 rows as for 40 (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MemberFactory
from volunteer.models import MemberStatus


def count_queries(client, url):
    # Warm per-process caches (content types, permissions) first, so the figure is the page's own.
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["object_list"])


def add_members(d, n):
    for i in range(n):
        MemberFactory(home_grid=d.cell_a1, branch=d.org_a1, status=MemberStatus.IN_SERVICE, work_grid=d.town_b)


def test_member_list_query_count_does_not_grow_with_rows(d, login):
    client = login(d.community_admin)
    url = reverse("members:index")
    add_members(d, 3)
    small, small_rows = count_queries(client, url)
    add_members(d, 35)
    large, large_rows = count_queries(client, url)
    assert large_rows > small_rows + 30
    assert 0 < large == small


def test_unmasked_member_list_query_count_does_not_grow_with_rows(d, login):
    client = login(d.district_admin)
    url = reverse("members:index")
    add_members(d, 3)
    small, _ = count_queries(client, url)
    add_members(d, 35)
    large, _ = count_queries(client, url)
    assert large == small


def test_grid_drill_down_query_count_does_not_grow_with_children(d, login):
    from tests.factories import make_grid

    client = login(d.superuser)
    url = reverse("grid:index") + f"?parent={d.town_a.pk}"
    small, _ = count_queries(client, url)
    for i in range(10):
        make_grid(f"新社区{i}", f"T-A-N{i}", d.town_a)
    large, rows = count_queries(client, url)
    assert rows == 12 and large == small


def test_checkin_register_query_count_does_not_grow_with_rows(d, login):
    client = login(d.community_admin)
    url = reverse("checkin_register:index")
    add_members(d, 3)
    small, _ = count_queries(client, url)
    add_members(d, 30)
    large, _ = count_queries(client, url)
    assert large == small
