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


def test_twenty_simultaneous_sign_ups_for_ten_seats_give_ten_orders(d):
    import datetime

    from django.utils import timezone

    from tests.conftest import Loop
    from volunteer.models import Activity, Order

    loop = Loop(d)
    activity = loop.activity(loop.project(), capacity=10, starts=loop.now + datetime.timedelta(days=1))
    members = [MemberFactory(home_grid=d.cell_a1, branch=d.org_a1) for _ in range(20)]
    barrier = threading.Barrier(20)
    outcomes = []
    now = timezone.now()

    def take(member):
        try:
            barrier.wait()
            services.sign_up(activity, member, user=d.community_admin, now=now)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 10
    assert all("名额已满" in o for o in outcomes if o != "ok")
    assert Order.objects.filter(activity=activity).count() == 10
    assert Activity.objects.get(pk=activity.pk).signed_up_count == 10


def test_one_member_double_clicking_gets_one_order(d):
    import datetime

    from django.utils import timezone

    from tests.conftest import Loop
    from volunteer.models import Activity, Order

    loop = Loop(d)
    activity = loop.activity(loop.project(), capacity=10, starts=loop.now + datetime.timedelta(days=1))
    member = loop.volunteers[0]
    barrier = threading.Barrier(6)
    now = timezone.now()

    def take():
        try:
            barrier.wait()
            services.sign_up(activity, member, user=member.user, now=now)
        except ValidationError:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Order.objects.filter(activity=activity, member=member).count() == 1
    assert Activity.objects.get(pk=activity.pk).signed_up_count == 1
