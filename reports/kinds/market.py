"""爱心超市月度报表 (E8): the store's redemptions in the month and, per reward, opening stock,
restocks, redeemed, returned, adjusted and closing stock — from the stock ledger."""

from collections import defaultdict

from django.db.models import Count, Sum
from django.utils import timezone

from reports.params import month_range
from volunteer import formatting, scope
from volunteer.models import Redemption, RedemptionLine, RedemptionStatus, Reward, StockKind, StockMovement

TEMPLATE = "reports/pdf/market.html"


def build(job, actor, name, target, progress):
    first, last = month_range(job.parameters["month"])
    rewards = list(scope.restrict(Reward.objects.filter(store=target), actor).order_by("name", "pk"))
    movements = StockMovement.objects.filter(reward__in=rewards).order_by("reward", "pk")
    stock = {r.pk: {"reward": r, "opening": 0, "closing": 0, **{k: 0 for k in StockKind.values}} for r in rewards}
    for move in movements:
        row = stock[move.reward_id]
        day = timezone.localtime(move.created_at).date()
        if day < first:
            row["opening"] = row["closing"] = move.stock_after
        elif day <= last:
            row[move.kind] += move.delta
            row["closing"] = move.stock_after
    progress(40)
    redemptions = scope.restrict(Redemption.objects.filter(store=target), actor).filter(
        created_at__date__gte=first, created_at__date__lte=last)
    summary = {r["status"]: r for r in redemptions.values("status").annotate(n=Count("pk"), points=Sum("points"))}
    done = summary.get(RedemptionStatus.COMPLETED, {})
    cancelled = summary.get(RedemptionStatus.CANCELLED, {})
    lines = defaultdict(lambda: {"qty": 0, "points": 0})
    for line in RedemptionLine.objects.filter(redemption__in=redemptions.filter(status=RedemptionStatus.COMPLETED)):
        lines[line.reward_id]["qty"] += line.quantity
        lines[line.reward_id]["points"] += line.points
    rows = []
    for pk, row in stock.items():
        row.update(redeemed_qty=lines[pk]["qty"], redeemed_points=formatting.points(lines[pk]["points"]),
                   redeemed_out=-row[StockKind.REDEEM], restocked=row[StockKind.RESTOCK],
                   returned=row[StockKind.REDEEM_CANCEL], adjusted=row[StockKind.ADJUST])
        rows.append(row)
    detail = redemptions.select_related("member").order_by("created_at", "pk")
    progress(70)
    return {
        "store": target, "first": first, "last": last, "rows": rows, "detail": detail,
        "empty": not rows and not detail.exists(),
        "completed": done.get("n", 0), "completed_points": formatting.points(done.get("points") or 0),
        "cancelled": cancelled.get("n", 0), "cancelled_points": formatting.points(cancelled.get("points") or 0),
    }
