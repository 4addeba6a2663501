"""Points and time-bank ledgers (E4, E7, E8): never negative, never edited, idempotent, reconcilable."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from volunteer import scope, services
from volunteer.models import (
    Account,
    Entry,
    EntryKind,
    ExpiryMode,
    PointKind,
    PointsRule,
    Reward,
    ServicePoint,
    ServiceRecord,
    Unit,
)
from volunteer.services.audit import audit_ledgers


@pytest.fixture
def store(d):
    return ServicePoint.objects.create(name="甲一爱心超市", kind=PointKind.SERVICE_POINT, grid=d.comm_a1, address="甲一路2号")


def reward(store, name="大米5斤", price=20, stock=10, user=None):
    item = Reward.objects.create(name=name, points_price=price, store=store)
    if stock:
        services.restock(item, stock, user=user or scope.SYSTEM, key=f"stock:{name}")
    item.refresh_from_db()
    return item


def give(member, amount, key):
    return services.post(member, Unit.POINTS, amount, kind=EntryKind.ADJUST, source="test", key=key)


def balance(member, unit=Unit.POINTS):
    return Account.objects.get(member=member, unit=unit).balance


def test_approving_a_record_awards_points_and_time_by_the_active_rule(loop):
    member = loop.volunteers[0]
    start = loop.now - datetime.timedelta(days=1)
    record = services.record_deed(ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=2),
                                                hours=2, place="小区", content="陪诊", activity_line="deed"),
                                  user=member.user)
    services.approve_record(record, user=loop.d.community_admin)
    award = Entry.objects.get(kind=EntryKind.AWARD)
    rule = PointsRule.objects.get(is_active=True)
    # 5 per record + 10 per hour × 2 + 5 deed bonus
    assert award.delta == Decimal("30.00") and award.rule == rule and award.source == f"record:{record.pk}"
    assert balance(member, Unit.TIME) == Decimal("2.00")
    # Approving is the only trigger and it is idempotent: a second award cannot happen.
    services.award_for_record(record, user=loop.d.community_admin)
    assert Entry.objects.filter(kind=EntryKind.AWARD).count() == 1


def test_a_new_rule_version_changes_only_what_comes_after(loop):
    member = loop.volunteers[0]
    start = loop.now - datetime.timedelta(days=2)
    first = services.record_deed(ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=1),
                                               hours=1, place="小区", content="一", activity_line="deed"), user=member.user)
    services.approve_record(first, user=loop.d.community_admin)
    old = PointsRule.objects.get(is_active=True)
    new = services.publish_rule(PointsRule(name="加倍", per_record=0, per_hour=20, deed_bonus=0), user=loop.d.superuser)
    assert new.version == old.version + 1 and not PointsRule.objects.get(pk=old.pk).is_active
    start2 = start + datetime.timedelta(hours=3)
    second = services.record_deed(ServiceRecord(member=member, started_at=start2, ended_at=start2 + datetime.timedelta(hours=1),
                                                hours=1, place="小区", content="二", activity_line="deed"), user=member.user)
    services.approve_record(second, user=loop.d.community_admin)
    awards = list(Entry.objects.filter(kind=EntryKind.AWARD).order_by("pk").values_list("rule__version", "delta"))
    assert awards == [(old.version, Decimal("20.00")), (new.version, Decimal("20.00"))]


def test_excellent_evaluation_earns_the_bonus_once(loop):
    from volunteer.models import EvaluationRole

    member = loop.volunteers[0]
    start = loop.now - datetime.timedelta(days=1)
    record = services.record_deed(ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=1),
                                                hours=1, place="小区", content="帮忙", activity_line="deed"), user=member.user)
    services.evaluate(record, role=EvaluationRole.BENEFICIARY, score=5, token=record.evaluation_token)
    assert not Entry.objects.filter(kind=EntryKind.BONUS).exists()  # not approved yet
    services.approve_record(record, user=loop.d.community_admin)
    assert Entry.objects.get(kind=EntryKind.BONUS).delta == Decimal("3.00")


def test_redeem_and_cancel(d, store):
    rice = reward(store)
    give(d.member_a1, 50, "g1")
    redemption = services.redeem(d.member_a1, store, [(rice, 2)], user=d.community_admin, key="basket-1")
    rice.refresh_from_db()
    assert balance(d.member_a1) == 10 and rice.stock == 8 and redemption.points == 40
    services.cancel_redemption(redemption, user=d.community_admin, reason="商品有破损")
    rice.refresh_from_db()
    assert balance(d.member_a1) == 50 and rice.stock == 10
    with pytest.raises(ValidationError, match="不能重复撤销"):
        services.cancel_redemption(redemption, user=d.community_admin, reason="再撤")
    assert audit_ledgers() == []


def test_the_same_key_twice_is_one_redemption(d, store):
    rice = reward(store)
    give(d.member_a1, 100, "g1")
    first = services.redeem(d.member_a1, store, [(rice, 1)], user=d.community_admin, key="click")
    again = services.redeem(d.member_a1, store, [(rice, 1)], user=d.community_admin, key="click")
    assert first.pk == again.pk and balance(d.member_a1) == 80
    with pytest.raises(ValidationError, match="另一笔"):
        services.redeem(d.member_a1, store, [(rice, 3)], user=d.community_admin, key="click")
    assert Entry.objects.filter(kind=EntryKind.REDEEM).count() == 1


@pytest.mark.parametrize("case, fragment", [
    ("poor", "积分不足"), ("stock", "库存不足"), ("inactive", "已下架"), ("scope", "管辖范围"),
    ("negative", "1到99"), ("absurd", "1到99"), ("empty", "购物篮是空的"), ("other_store", "不属于本爱心超市"),
])
def test_bad_redemptions_write_nothing(d, store, case, fragment):
    rice = reward(store, stock=3)
    give(d.member_a1, 1000 if case != "poor" else 10, "g1")
    other_store = ServicePoint.objects.create(name="甲二超市", kind=PointKind.SERVICE_POINT, grid=d.comm_a2, address="x")
    member, user, lines = d.member_a1, d.community_admin, [(rice, 1)]
    if case == "stock":
        lines = [(rice, 4)]
    elif case == "inactive":
        Reward.objects.filter(pk=rice.pk).update(is_active=False)
        rice.refresh_from_db()
    elif case == "scope":
        user = d.other_community_admin
    elif case == "negative":
        lines = [(rice, -1)]
    elif case == "absurd":
        lines = [(rice, 10**6)]
    elif case == "empty":
        lines = []
    elif case == "other_store":
        lines = [(reward(other_store, name="油", stock=0), 1)]
    before = (Entry.objects.count(), Reward.objects.get(pk=rice.pk).stock, balance(member))
    with pytest.raises(ValidationError) as err:
        services.redeem(member, store, lines, user=user, key=f"k-{case}")
    assert fragment in " ".join(err.value.messages)
    assert before == (Entry.objects.count(), Reward.objects.get(pk=rice.pk).stock, balance(member))
    from volunteer.models import Redemption

    assert not Redemption.objects.exists()


def test_points_expire_oldest_first(loop):
    member = loop.volunteers[0]
    services.publish_rule(PointsRule(name="按月过期", per_record=10, per_hour=0, deed_bonus=0, daily_cap=0,
                                     expiry_mode=ExpiryMode.MONTHS, expiry_months=1), user=loop.d.superuser)
    for i in range(2):
        start = loop.now - datetime.timedelta(days=3 - i)
        record = services.record_deed(ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=1),
                                                    hours=1, place="x", content=f"事{i}", activity_line="deed"),
                                      user=member.user)
        services.approve_record(record, user=loop.d.community_admin)
    # Entries are immutable, so instead of backdating a lot the test moves the calendar forward.
    first = Entry.objects.filter(kind=EntryKind.AWARD).order_by("pk").first()
    today = loop.now.date()
    services.post(member, Unit.POINTS, -5, kind=EntryKind.ADJUST, source="test", key="spend5")
    # Spent 5 came out of the oldest lot: when both lots expire, 5 + 10 expire.
    later = first.expires_on + datetime.timedelta(days=1)
    assert services.expiring_soon(member, days=40, today=today) == Decimal("15.00")
    assert services.expire_points(today=later) == 2
    assert list(Entry.objects.filter(kind=EntryKind.EXPIRE).order_by("pk").values_list("delta", flat=True)) == [
        Decimal("-5.00"), Decimal("-10.00")]
    assert balance(member) == 0 and services.expire_points(today=later) == 0
    assert audit_ledgers() == []


def test_time_bank_withdrawal(d, loop):
    member = loop.volunteers[0]
    services.post(member, Unit.TIME, 3, kind=EntryKind.DEPOSIT, source="test", key="dep")
    services.withdraw_time(member, 2, user=d.community_admin, note="为其母亲提供助浴服务", key="w1")
    assert balance(member, Unit.TIME) == 1
    with pytest.raises(ValidationError, match="不足"):
        services.withdraw_time(member, 2, user=d.community_admin, note="再次", key="w2")
    with pytest.raises(ValidationError, match="管辖范围"):
        services.withdraw_time(member, 1, user=d.other_community_admin, note="越权", key="w3")


def test_entries_cannot_be_edited_or_deleted(d):
    entry = give(d.member_a1, 10, "g1")
    entry.delta = 1000
    with pytest.raises(ValidationError, match="不可修改"):
        entry.save()
    with pytest.raises(ValidationError, match="不可删除"):
        entry.delete()
    with pytest.raises(ValidationError):
        Entry.objects.filter(pk=entry.pk).update(delta=1000)
    with pytest.raises(ValidationError):
        Entry.objects.all().delete()


def test_audit_ledgers_finds_tampering(d, store):
    give(d.member_a1, 10, "g1")
    rice = reward(store)
    out = io.StringIO()
    call_command("audit_ledgers", stdout=out)
    assert "核对无误" in out.getvalue()
    Account.objects.filter(member=d.member_a1).update(balance=999)
    Reward.objects.filter(pk=rice.pk).update(stock=1)
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_ledgers", stdout=io.StringIO(), stderr=io.StringIO())
    assert exit_info.value.code == 1
    assert len(audit_ledgers()) == 2


def test_points_refunded_after_their_lot_expired_expire_again(loop, store):
    member = loop.volunteers[0]
    services.post(member, Unit.POINTS, 100, kind=EntryKind.AWARD, source="t", key="lot",
                  expires_on=datetime.date(2026, 6, 30))
    rice = reward(store, price=50)
    redemption = services.redeem(member, store, [(rice, 1)], user=loop.d.community_admin, key="r1")
    assert services.expire_points(today=datetime.date(2026, 7, 1)) == 1
    assert balance(member) == 0
    services.cancel_redemption(redemption, user=loop.d.community_admin, reason="退货")
    assert balance(member) == 50  # the refund goes back to the (expired) lot it came from …
    assert services.expire_points(today=datetime.date(2026, 7, 2)) == 1  # … and expires with it
    assert balance(member) == 0 and services.expire_points(today=datetime.date(2026, 7, 3)) == 0
    assert audit_ledgers() == []


def test_spending_is_charged_to_lots_that_existed_then(loop):
    member = loop.volunteers[0]
    services.post(member, Unit.POINTS, 10, kind=EntryKind.AWARD, source="t", key="old", expires_on=None)
    services.post(member, Unit.POINTS, -10, kind=EntryKind.ADJUST, source="t", key="spend")
    services.post(member, Unit.POINTS, 10, kind=EntryKind.AWARD, source="t", key="new",
                  expires_on=datetime.date(2026, 1, 31))
    # The spend happened before the new lot existed: the new lot keeps all of its 10 points.
    assert services.expiring_soon(member, days=3650, today=datetime.date(2026, 1, 1)) == 10


def test_one_basket_line_per_reward(d, store):
    rice = reward(store)
    give(d.member_a1, 100, "g1")
    redemption = services.redeem(d.member_a1, store, [(rice, 1), (rice, 2)], user=d.community_admin, key="dup")
    assert [(line.reward_id, line.quantity) for line in redemption.lines.all()] == [(rice.pk, 3)]
    assert balance(d.member_a1) == 40
