"""Accountability: every account and every reward's stock reconciles with its ledger."""

from decimal import Decimal

from volunteer.models import Account, Reward


def audit_ledgers():
    """Return a list of Chinese problem descriptions; empty means every ledger reconciles."""
    problems = []
    for account in Account.objects.select_related("member").iterator():
        running = Decimal(0)
        for entry in account.entries.order_by("pk"):
            running += entry.delta
            if entry.balance_after != running:
                problems.append(f"{account}：账目 {entry.pk} 的变动后余额为 {entry.balance_after}，按流水应为 {running}")
                break
            if running < 0:
                problems.append(f"{account}：账目 {entry.pk} 之后余额为负（{running}）")
                break
        if account.balance != running:
            problems.append(f"{account}：账户余额 {account.balance} 与流水合计 {running} 不符")
    for reward in Reward.objects.iterator():
        running = 0
        for movement in reward.movements.order_by("pk"):
            running += movement.delta
            if movement.stock_after != running or running < 0:
                problems.append(f"{reward.name}：库存流水 {movement.pk} 的结存 {movement.stock_after} 应为 {running}")
                break
        if reward.stock != running:
            problems.append(f"{reward.name}：库存 {reward.stock} 与流水合计 {running} 不符")
    return problems
