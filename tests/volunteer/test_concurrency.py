"""Two clicks or two admins at once must not create two open check-ins (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.factories import MemberFactory
from volunteer import services
from volunteer.models import CommunityCheckin, MemberStatus

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


def test_simultaneous_checkin_requests_create_one(d):
    member = MemberFactory(home_grid=d.cell_a1, work_grid=d.town_b, branch=d.company_b, status=MemberStatus.IN_SERVICE)
    barrier = threading.Barrier(8)
    outcomes = []

    def request():
        try:
            barrier.wait()
            services.request_checkin(member, d.comm_a1, user=d.community_admin)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 7
    assert CommunityCheckin.objects.filter(member=member).count() == 1


def test_simultaneous_decisions_decide_once(d):
    member = MemberFactory(home_grid=d.cell_a1, work_grid=d.town_b, branch=d.company_b, status=MemberStatus.IN_SERVICE)
    checkin = services.request_checkin(member, d.comm_a1, user=d.community_admin)
    barrier = threading.Barrier(6)
    outcomes = []

    def decide(i):
        try:
            barrier.wait()
            if i % 2:
                services.confirm_checkin(checkin, user=d.community_admin)
            else:
                services.decline_checkin(checkin, user=d.community_admin, reason="并发测试")
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
