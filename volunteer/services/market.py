"""爱心超市 (E8): restock, redeem at the counter (one transaction, idempotent), cancel with a
reason (reversing entries, stock back). Nothing is updated in place or deleted."""

import hashlib
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from volunteer import audit_log, formatting, scope
from volunteer.models import (
    EntryKind,
    Redemption,
    RedemptionLine,
    RedemptionStatus,
    Reward,
    StockKind,
    StockMovement,
    Unit,
)
from volunteer.services.ledger import post

MAX_QUANTITY = 99


def _move_stock(reward, delta, *, kind, source, key, user, note=""):
    moved = Reward.objects.filter(pk=reward.pk)
    if delta < 0:
        moved = moved.filter(stock__gte=-delta)
    if not moved.update(stock=F("stock") + delta):
        raise ValidationError({"lines": f"“{reward.name}”库存不足"})
    stock = Reward.objects.values_list("stock", flat=True).get(pk=reward.pk)
    return StockMovement.objects.create(reward=reward, delta=delta, stock_after=stock, kind=kind, source=source,
                                        idempotency_key=key, note=note, operator=scope.user_or_none(user))


@transaction.atomic
def restock(reward, quantity, *, user, key, note=""):
    scope.require_in_scope(user, reward.store.grid, "reward", "商品所在爱心超市")
    if not isinstance(quantity, int) or quantity == 0 or abs(quantity) > 100000:
        raise ValidationError({"quantity": "数量须为非零整数"})
    existing = StockMovement.objects.filter(idempotency_key=key).first()
    if existing:
        if existing.reward_id != reward.pk or existing.delta != quantity:
            raise ValidationError("该请求编号已用于另一笔库存变动")
        existing.replayed = True
        return existing
    kind = StockKind.RESTOCK if quantity > 0 else StockKind.ADJUST
    try:
        with transaction.atomic():
            movement = _move_stock(reward, quantity, kind=kind, source="restock", key=key, user=user, note=note)
            audit_log.record("volunteer.market.restock", reward, user,
                             f"{reward.name} {kind.label} {quantity:+d}，库存 {movement.stock_after}"
                             + (f"：{note}" if note else ""), quantity=quantity, stock=movement.stock_after)
            return movement
    except IntegrityError:
        return restock(reward, quantity, user=user, key=key, note=note)


def _fingerprint(member, store, lines):
    body = json.dumps({"member": member.pk, "store": store.pk,
                       "lines": sorted([r.pk, q] for r, q in lines)}, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def _replay(redemption, fingerprint):
    if redemption.request_fingerprint != fingerprint:
        raise ValidationError("该兑换请求编号已用于另一笔不同的兑换")
    redemption.replayed = True
    return redemption


def redeem(member, store, lines, *, user, key):
    """Confirm a basket once: a double click or a retry with the same key returns the first result.

    The returned redemption's `replayed` is False for the request that created it and True for every
    replay (so the counter and the API can tell the caller nothing was charged a second time)."""
    merged = {}
    for reward, quantity in lines:
        if not isinstance(quantity, int):
            raise ValidationError({"lines": f"“{reward.name}”的数量须为1到{MAX_QUANTITY}的整数"})
        if quantity:
            merged[reward.pk] = (reward, merged.get(reward.pk, (reward, 0))[1] + quantity)
    lines = list(merged.values())
    fingerprint = _fingerprint(member, store, lines)
    existing = Redemption.objects.filter(idempotency_key=key).first()
    if existing:
        return _replay(existing, fingerprint)
    if not lines:
        raise ValidationError({"lines": "购物篮是空的"})
    if not scope.is_visible(user, member):
        raise ValidationError({"member": f"党员 {member.name} 不在您的管辖范围内"})
    scope.require_in_scope(user, store.grid, "store", "爱心超市")
    for reward, quantity in lines:
        if not isinstance(quantity, int) or not 0 < quantity <= MAX_QUANTITY:
            raise ValidationError({"lines": f"“{reward.name}”的数量须为1到{MAX_QUANTITY}的整数"})
        if reward.store_id != store.pk:
            raise ValidationError({"lines": f"“{reward.name}”不属于本爱心超市"})
        if not reward.is_active:
            raise ValidationError({"lines": f"“{reward.name}”已下架"})
    total = sum((reward.points_price * quantity for reward, quantity in lines), Decimal(0))
    try:
        with transaction.atomic():
            redemption = Redemption.objects.create(member=member, store=store, points=total, idempotency_key=key,
                                                   request_fingerprint=fingerprint, operator=scope.user_or_none(user))
            for reward, quantity in lines:
                RedemptionLine.objects.create(redemption=redemption, reward=reward, quantity=quantity,
                                              points=reward.points_price * quantity)
                _move_stock(reward, -quantity, kind=StockKind.REDEEM, source=f"redemption:{redemption.pk}",
                            key=f"redeem:{redemption.pk}:{reward.pk}", user=user)
            # One log entry for the whole basket (the ledger entry is part of it).
            post(member, Unit.POINTS, -total, kind=EntryKind.REDEEM, source=f"redemption:{redemption.pk}",
                 key=f"redeem:{redemption.pk}", operator=user, note=f"{store.name} 兑换", audit=False)
            items = "、".join(f"{reward.name}×{quantity}" for reward, quantity in lines)
            audit_log.record("volunteer.market.redeem", redemption, user,
                             f"{member.name} 在 {store.name} 兑换 {items}，共 {formatting.points(total)} 积分",
                             member=member.pk, store=store.pk, points=total)
            redemption.replayed = False
            return redemption
    except IntegrityError:
        # The same key was confirmed at the same moment (a double click): replay the winner.
        return _replay(Redemption.objects.get(idempotency_key=key), fingerprint)


@transaction.atomic
def cancel_redemption(redemption, *, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤销原因"})
    locked = Redemption.objects.select_for_update(of=("self",)).select_related("store__grid", "member").get(
        pk=redemption.pk)
    scope.require_in_scope(user, locked.store.grid, "store", "爱心超市")
    if locked.status != RedemptionStatus.COMPLETED:
        raise ValidationError("该兑换单已撤销，不能重复撤销")
    for line in locked.lines.select_related("reward"):
        _move_stock(line.reward, line.quantity, kind=StockKind.REDEEM_CANCEL, source=f"redemption:{locked.pk}",
                    key=f"redeem-cancel:{locked.pk}:{line.reward_id}", user=user, note=reason)
    post(locked.member, Unit.POINTS, locked.points, kind=EntryKind.REDEEM_CANCEL, source=f"redemption:{locked.pk}",
         key=f"redeem-cancel:{locked.pk}", operator=user, note=reason, audit=False)
    locked.status = RedemptionStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancel_reason = reason
    locked.cancelled_by = scope.user_or_none(user)
    locked.save(update_fields=["status", "cancelled_at", "cancel_reason", "cancelled_by"])
    audit_log.record("volunteer.market.cancel", locked, user,
                     f"撤销 {locked.member.name} 在 {locked.store.name} 的兑换单 {locked.pk}，"
                     f"退回 {formatting.points(locked.points)} 积分，原因：{reason}",
                     member=locked.member_id, store=locked.store_id, points=locked.points)
    return locked


@transaction.atomic
def save_reward(reward, *, user):
    scope.require_in_scope(user, reward.store.grid, "store", "爱心超市")
    reward.full_clean(exclude=["image"])
    reward.save()
    return reward
