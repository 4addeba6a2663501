"""Property: any sequence of award / redeem / cancel / expire keeps every balance ≥ 0, equal to the
sum of its entries, and audit_ledgers clean (hypothesis)."""

import datetime
import itertools
from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.factories import MemberFactory, make_grid, make_org
from volunteer import scope, services
from volunteer.models import (
    Account,
    Entry,
    EntryKind,
    PointKind,
    Redemption,
    RedemptionStatus,
    Reward,
    ServicePoint,
    Unit,
)
from volunteer.services.audit import audit_ledgers

operations = st.lists(
    st.one_of(
        st.tuples(st.just("award"), st.integers(min_value=1, max_value=60), st.integers(min_value=-5, max_value=20)),
        st.tuples(st.just("redeem"), st.integers(min_value=0, max_value=1), st.integers(min_value=1, max_value=4)),
        st.tuples(st.just("cancel"), st.integers(min_value=0, max_value=10), st.just(0)),
        st.tuples(st.just("expire"), st.integers(min_value=0, max_value=30), st.just(0)),
        st.tuples(st.just("retry"), st.integers(min_value=0, max_value=10), st.just(0)),
    ),
    max_size=25,
)


class LedgerProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        district = make_grid("属性区", "P")
        town = make_grid("属性镇", "P-1", district)
        cls.community = make_grid("属性社区", "P-1-1", town)
        cls.org = make_org(cls.community)
        cls.store = ServicePoint.objects.create(name="属性超市", kind=PointKind.SERVICE_POINT, grid=cls.community, address="x")

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(operations)
    def test_ledgers_always_reconcile(self, ops):
        member = MemberFactory(home_grid=self.community, branch=self.org)
        rewards = []
        for i, price in enumerate([7, 13]):
            reward = Reward.objects.create(name=f"商品{i}", points_price=price, store=self.store)
            services.restock(reward, 5, user=scope.SYSTEM, key=f"stock:{reward.pk}")
            rewards.append(reward)
        keys = itertools.count()
        today = datetime.date(2026, 1, 1)
        made = []
        for op, a, b in ops:
            try:
                if op == "award":
                    # b < 0 means the lot has no expiry; otherwise it expires b days from "today".
                    expires = today + datetime.timedelta(days=b) if b >= 0 else None
                    services.post(member, Unit.POINTS, a, kind=EntryKind.AWARD, source="prop", key=f"a{next(keys)}",
                                  expires_on=expires)
                elif op == "redeem":
                    reward = Reward.objects.get(pk=rewards[a].pk)
                    made.append(services.redeem(member, self.store, [(reward, b)], user=scope.SYSTEM, key=f"r{next(keys)}"))
                elif op == "cancel" and made:
                    services.cancel_redemption(made[a % len(made)], user=scope.SYSTEM, reason="属性测试")
                elif op == "expire":
                    today += datetime.timedelta(days=a)
                    services.expire_points(today=today)
                elif op == "retry" and made:
                    first = made[a % len(made)]
                    lines = [(line.reward, line.quantity) for line in first.lines.all()]
                    assert services.redeem(member, self.store, lines, user=scope.SYSTEM, key=first.idempotency_key).pk == first.pk
            except ValidationError:
                pass  # refused operations must leave everything as it was; the checks below prove it
            account = Account.objects.filter(member=member, unit=Unit.POINTS).first()
            if account:
                entries = Entry.objects.filter(account=account)
                assert account.balance >= 0
                assert account.balance == sum((e.delta for e in entries), Decimal(0))
            for reward in rewards:
                reward.refresh_from_db()
                assert reward.stock >= 0
            completed = Redemption.objects.filter(member=member, status=RedemptionStatus.COMPLETED)
            redeemed = -sum((e.delta for e in Entry.objects.filter(account__member=member, kind=EntryKind.REDEEM)), Decimal(0))
            returned = sum((e.delta for e in Entry.objects.filter(account__member=member, kind=EntryKind.REDEEM_CANCEL)), Decimal(0))
            assert redeemed - returned == sum((r.points for r in completed), Decimal(0))
        assert audit_ledgers() == []
