"""The one ledger mechanism for points and time-bank hours (DESIGN.md "Hours and points are two
stores"). A debit is a conditional UPDATE (`balance >= n`) in the transaction that writes the
entry, so no read-check-write race can spend more than the balance; an idempotency key replays
the first result, and reused with other parameters it is an error."""

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from volunteer import audit_log, formatting, scope
from volunteer.models import (
    Account,
    Entry,
    EntryKind,
    EvaluationRole,
    ExpiryMode,
    PointsRule,
    RecordStatus,
    ServiceRecord,
    Unit,
)

EXPIRING_LOT_KINDS = [EntryKind.AWARD, EntryKind.BONUS]


def account_for(member, unit):
    account, _ = Account.objects.get_or_create(member=member, unit=unit)
    return account


def post(member, unit, delta, *, kind, source, key, operator=None, rule=None, expires_on=None, note="", audit=True):
    """Write one entry and move the balance; return the entry (the first one, on a replay).
    Every entry is logged (操作日志) unless the caller logs the operation as a whole (`audit=False`)."""
    delta = Decimal(delta).quantize(Decimal("0.01"))
    account = account_for(member, unit)
    existing = Entry.objects.filter(idempotency_key=key).first()
    if existing:
        return _replay(existing, account, delta, kind)
    try:
        with transaction.atomic():
            moved = Account.objects.filter(pk=account.pk)
            if delta < 0:
                moved = moved.filter(balance__gte=-delta)
            if not moved.update(balance=F("balance") + delta):
                winner = Entry.objects.filter(idempotency_key=key).first()
                if winner:  # the same request committed while this one waited for the row
                    return _replay(winner, account, delta, kind)
                label = "积分" if unit == Unit.POINTS else "时间银行余额"
                raise ValidationError({"points": f"{member.name} 的{label}不足（需要 {-delta:g}）"})
            balance = Account.objects.values_list("balance", flat=True).get(pk=account.pk)
            entry = Entry.objects.create(
                account=account, delta=delta, balance_after=balance, kind=kind, source=source, rule=rule,
                expires_on=expires_on, idempotency_key=key, note=note[:200], operator=scope.user_or_none(operator))
            if audit:
                _log_entry(entry, member, unit, operator)
            return entry
    except IntegrityError:
        # The same key committed concurrently: everything above rolled back; replay the winner.
        return _replay(Entry.objects.get(idempotency_key=key), account, delta, kind)


def _log_entry(entry, member, unit, operator):
    kind, unit = EntryKind(entry.kind), Unit(unit)
    sign = "+" if entry.delta > 0 else ""
    amount = formatting.points if unit == Unit.POINTS else formatting.hours_value
    description = (f"{member.name} {kind.label} {sign}{amount(entry.delta)} "
                   f"{'积分' if unit == Unit.POINTS else '小时（时间银行）'}，余额 {amount(entry.balance_after)}")
    if entry.note:
        description += f"：{entry.note}"
    audit_log.record(f"volunteer.ledger.{kind.value}", entry, operator, description, title=f"{member.name} · {entry}",
                     member=member.pk, unit=unit.value, amount=entry.delta, balance=entry.balance_after,
                     source=entry.source)


def _replay(entry, account, delta, kind):
    if entry.account_id != account.pk or entry.delta != delta or entry.kind != kind:
        raise ValidationError("该幂等键已用于另一笔不同的账目")
    entry.replayed = True  # the caller can tell the person it was done before, not now
    return entry


# --- Points rules (E4) ------------------------------------------------------------------------------


def active_rule():
    return PointsRule.objects.filter(is_active=True).first()


@transaction.atomic
def publish_rule(rule, *, user):
    """A new rule version becomes the active one; earlier entries keep naming theirs."""
    for category, factor in (rule.category_multipliers or {}).items():
        try:
            valid = Decimal(str(factor)) >= 0
        except Exception:
            valid = False
        if not valid:
            raise ValidationError({"category_multipliers": f"“{category}”的倍数须为不小于0的数字"})
    # Serialize publishers: lock every version (a handful of rows) before numbering the new one.
    versions = list(PointsRule.objects.select_for_update().values_list("version", flat=True))
    rule.pk = None
    rule.version = max(versions, default=0) + 1
    rule.is_active = False
    rule.created_by = scope.user_or_none(user)
    rule.full_clean(exclude=["version"])
    rule.save()
    PointsRule.objects.filter(is_active=True).update(is_active=False)
    PointsRule.objects.filter(pk=rule.pk).update(is_active=True)
    rule.is_active = True
    audit_log.record("volunteer.ledger.publish_rule", rule, user, f"发布积分规则 v{rule.version}“{rule.name}”",
                     version=rule.version, per_record=rule.per_record, per_hour=rule.per_hour)
    return rule


def expiry_date(rule, on):
    if rule.expiry_mode == ExpiryMode.END_OF_YEAR:
        return datetime.date(on.year, 12, 31)
    if rule.expiry_mode == ExpiryMode.MONTHS:
        month = on.month - 1 + rule.expiry_months
        year, month = on.year + month // 12, month % 12 + 1
        return datetime.date(year, month, min(on.day, calendar.monthrange(year, month)[1]))
    return None


def points_for_record(record, rule, *, already=None):
    """The points a record earns by the rule; `already` is what the member's other records of the same
    day were awarded (read from the ledger unless the caller, writing many at once, knows it)."""
    amount = rule.per_record + rule.per_hour * record.hours
    category = record.activity.project.category.name if record.activity_id else None
    if category and category in rule.category_multipliers:
        amount *= Decimal(str(rule.category_multipliers[category]))
    if record.is_deed:
        amount += rule.deed_bonus
    if rule.daily_cap and already is None:
        same_day = ServiceRecord.objects.filter(member=record.member, service_date=record.service_date).exclude(pk=record.pk)
        already = Entry.objects.filter(
            account__member=record.member, account__unit=Unit.POINTS, kind=EntryKind.AWARD,
            source__in=[f"record:{pk}" for pk in same_day.values_list("pk", flat=True)],
        ).aggregate(s=Sum("delta"))["s"] or Decimal(0)
    if rule.daily_cap:
        amount = max(Decimal(0), min(amount, rule.daily_cap - already))
    return amount.quantize(Decimal("0.01"))


def record_credits(record, rule, *, approved_on, already=None):
    """What an approved record earns, as the entries to post: its points award by the rule (expiring
    by the approval day) and its time-bank deposit. The one rule for the approval service and for
    anything that writes approved records in bulk (the demo's history)."""
    credits = []
    amount = points_for_record(record, rule, already=already)
    if amount > 0:
        credits.append({"unit": Unit.POINTS, "delta": amount, "kind": EntryKind.AWARD, "source": f"record:{record.pk}",
                        "key": f"award:record:{record.pk}", "rule": rule,
                        "expires_on": expiry_date(rule, approved_on),
                        "note": f"{formatting.local_date(record.service_date, with_year=True)} 服务 {formatting.hours(record.hours)}"})
    deposit = (record.hours * rule.time_bank_ratio).quantize(Decimal("0.01"))
    if deposit > 0:
        credits.append({"unit": Unit.TIME, "delta": deposit, "kind": EntryKind.DEPOSIT, "source": f"record:{record.pk}",
                        "key": f"deposit:record:{record.pk}", "rule": rule, "note": f"{record.service_date} 服务存入"})
    return credits


def award_for_record(record, *, user):
    """On approval: points by the active rule, time-bank hours at its ratio, and the bonus for an
    excellent beneficiary evaluation already given. Idempotent per record."""
    rule = active_rule()
    if rule is None or record.status != RecordStatus.APPROVED:
        return
    today = timezone.localdate()
    # Same-day approvals for one member serialize here, so the daily cap holds.
    account = account_for(record.member, Unit.POINTS)
    Account.objects.select_for_update(of=("self",)).filter(pk=account.pk).first()
    for credit in record_credits(record, rule, approved_on=today):
        post(record.member, credit.pop("unit"), credit.pop("delta"), operator=user, **credit)
    for evaluation in record.evaluations.filter(role=EvaluationRole.BENEFICIARY, score=5):
        bonus_for_evaluation(evaluation, user=user, rule=rule)


def bonus_for_evaluation(evaluation, *, user, rule=None):
    rule = rule or active_rule()
    record = evaluation.record
    if (rule is None or evaluation.role != EvaluationRole.BENEFICIARY or evaluation.score != 5
            or record.status != RecordStatus.APPROVED or rule.excellent_evaluation_bonus <= 0):
        return
    post(record.member, Unit.POINTS, rule.excellent_evaluation_bonus, kind=EntryKind.BONUS,
         source=f"evaluation:{evaluation.pk}", key=f"bonus:evaluation:{evaluation.pk}", operator=user, rule=rule,
         expires_on=expiry_date(rule, timezone.localdate()), note="服务对象评价5分")


# --- Expiry: oldest first (E4) ------------------------------------------------------------------


def open_lots(account):
    """Points lots still holding points: [(entry, remaining)], replaying the ledger in order.
    A spend takes from the lots that existed then, earliest expiry first; an expiry takes from its
    own lot; a cancelled redemption goes back to the lots it came from."""
    lots, taken_by_source = {}, {}
    for entry in account.entries.order_by("pk"):
        if entry.kind == EntryKind.REDEEM_CANCEL:
            for lot_pk, amount in taken_by_source.pop(entry.source, []):
                lots[lot_pk][1] += amount
        elif entry.delta > 0:
            lots[entry.pk] = [entry, entry.delta]
        elif entry.kind == EntryKind.EXPIRE and entry.source.startswith("expire:entry:"):
            lot = lots.get(int(entry.source.rsplit(":", 1)[1]))
            if lot:
                lot[1] -= min(lot[1], -entry.delta)
        elif entry.delta < 0:
            need, taken = -entry.delta, []
            for lot_pk, lot in sorted(lots.items(), key=lambda kv: (kv[1][0].expires_on or datetime.date.max, kv[0])):
                if need <= 0:
                    break
                use = min(lot[1], need)
                if use > 0:
                    lot[1] -= use
                    need -= use
                    taken.append((lot_pk, use))
            taken_by_source.setdefault(entry.source, []).extend(taken)
    ordered = sorted(lots.values(), key=lambda lot: (lot[0].expires_on or datetime.date.max, lot[0].pk))
    return [(entry, remaining) for entry, remaining in ordered if remaining > 0]


def expiring_soon(member, *, days=30, today=None):
    today = today or timezone.localdate()
    account = Account.objects.filter(member=member, unit=Unit.POINTS).first()
    if account is None:
        return Decimal(0)
    horizon = today + datetime.timedelta(days=days)
    return sum((r for lot, r in open_lots(account) if lot.expires_on and lot.expires_on <= horizon), Decimal(0))


def expire_points(*, today=None, user=None):
    """Write an expiry entry for every lot past its date still holding points. One transaction per
    account, so the counter is never blocked for long; running it again writes nothing."""
    today = today or timezone.localdate()
    expired = 0
    account_ids = list(Account.objects.filter(unit=Unit.POINTS, entries__expires_on__lt=today)
                       .values_list("pk", flat=True).distinct())
    for account_id in account_ids:
        with transaction.atomic():
            account = Account.objects.select_for_update(of=("self",)).select_related("member").get(pk=account_id)
            for lot, remaining in open_lots(account):
                if lot.expires_on and lot.expires_on < today:
                    source = f"expire:entry:{lot.pk}"
                    rounds = account.entries.filter(kind=EntryKind.EXPIRE, source=source).count()
                    post(account.member, Unit.POINTS, -remaining, kind=EntryKind.EXPIRE, source=source,
                         key=f"{source}:{rounds}", operator=user, note=f"{formatting.local_date(lot.expires_on, with_year=True)} 到期")
                    expired += 1
    return expired


# --- Time bank (E7) -------------------------------------------------------------------------------


def withdraw_time(member, hours, *, user, note, key):
    """An admin records that the member (or their family) received a service paid in time."""
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.01"))
    except Exception:
        raise ValidationError({"hours": "兑换时长须为数字"})
    if not hours.is_finite() or hours <= 0 or hours > 100:
        raise ValidationError({"hours": "兑换时长须在0.01到100小时之间"})
    if not scope.is_visible(user, member):
        raise ValidationError({"member": f"党员 {member.name} 不在您的管辖范围内"})
    if not (note or "").strip():
        raise ValidationError({"note": "请填写接受服务的人和服务内容"})
    with transaction.atomic():
        return post(member, Unit.TIME, -hours, kind=EntryKind.WITHDRAW, source="timebank", key=key, operator=user,
                    note=note)
