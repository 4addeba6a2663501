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


def _race(n, fn):
    barrier = threading.Barrier(n)
    outcomes = []

    def run(i):
        try:
            barrier.wait()
            fn(i)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _store_with_reward(d, stock, price=20):
    from volunteer import scope
    from volunteer.models import PointKind, Reward, ServicePoint

    store = ServicePoint.objects.create(name="并发超市", kind=PointKind.SERVICE_POINT, grid=d.comm_a1, address="x")
    reward = Reward.objects.create(name="毛巾", points_price=price, store=store)
    services.restock(reward, stock, user=scope.SYSTEM, key="stock")
    reward.refresh_from_db()
    return store, reward


def test_sixteen_redemptions_from_an_account_that_affords_five(d):
    from volunteer.models import Account, EntryKind, Redemption, Unit
    from volunteer.services.audit import audit_ledgers

    store, reward = _store_with_reward(d, stock=100)
    services.post(d.member_a1, Unit.POINTS, 100, kind=EntryKind.ADJUST, source="test", key="seed")
    outcomes = _race(16, lambda i: services.redeem(d.member_a1, store, [(reward, 1)], user=d.community_admin,
                                                   key=f"basket-{i}"))
    assert outcomes.count("ok") == 5, outcomes
    assert all("积分不足" in o for o in outcomes if o != "ok")
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 0
    assert Redemption.objects.count() == 5
    reward.refresh_from_db()
    assert reward.stock == 95
    assert audit_ledgers() == []


def test_sixteen_members_race_for_the_last_five_units(d):
    from volunteer.models import EntryKind, Redemption, Unit
    from volunteer.services.audit import audit_ledgers

    store, reward = _store_with_reward(d, stock=5)
    members = [MemberFactory(home_grid=d.cell_a1, branch=d.org_a1) for _ in range(16)]
    for i, m in enumerate(members):
        services.post(m, Unit.POINTS, 100, kind=EntryKind.ADJUST, source="test", key=f"seed-{i}")
    outcomes = _race(16, lambda i: services.redeem(members[i], store, [(reward, 1)], user=d.community_admin,
                                                   key=f"basket-{i}"))
    assert outcomes.count("ok") == 5, outcomes
    assert all("库存不足" in o for o in outcomes if o != "ok")
    reward.refresh_from_db()
    assert reward.stock == 0 and Redemption.objects.count() == 5
    assert audit_ledgers() == []


def test_a_double_click_on_confirm_is_one_redemption(d):
    from volunteer.models import Account, EntryKind, Redemption, Unit

    store, reward = _store_with_reward(d, stock=10)
    services.post(d.member_a1, Unit.POINTS, 100, kind=EntryKind.ADJUST, source="test", key="seed")
    outcomes = _race(6, lambda i: services.redeem(d.member_a1, store, [(reward, 2)], user=d.community_admin,
                                                  key="same-click"))
    assert outcomes.count("ok") == 6  # every click sees the first result
    assert Redemption.objects.count() == 1
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 60


def test_the_database_refuses_to_edit_or_delete_entries(d):
    from django.db import DatabaseError, transaction

    from volunteer.models import EntryKind, Unit

    entry = services.post(d.member_a1, Unit.POINTS, 10, kind=EntryKind.ADJUST, source="test", key="seed")
    for sql in ("UPDATE volunteer_entry SET delta = 999 WHERE id = %s", "DELETE FROM volunteer_entry WHERE id = %s"):
        with pytest.raises(DatabaseError, match="只增记录"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
