"""积分账户对账单 (E8): every entry of a member's points account in the period, with opening and
closing balances; an organisation gets one statement per member, each on its own page."""

from django.utils import timezone

from reports.kinds.common import members_of
from reports.params import month_range
from volunteer import formatting, scope
from volunteer.models import Entry, Unit

TEMPLATE = "reports/pdf/ledger.html"


def build(job, actor, name, target, progress):
    month = job.parameters.get("month")
    first, last = month_range(month) if month else (None, None)
    members = list(members_of(actor, name, target).select_related("branch").order_by("name", "pk"))
    entries = scope.restrict(Entry.objects.filter(account__unit=Unit.POINTS, account__member__in=members), actor)
    entries = entries.select_related("account").order_by("account__member", "pk")
    by_member = {}
    opening = {}
    for entry in entries:
        member_id = entry.account.member_id
        day = timezone.localtime(entry.created_at).date()
        if first and day < first:
            opening[member_id] = entry.balance_after  # the last entry before the month
            continue
        if last and day > last:
            continue
        by_member.setdefault(member_id, []).append(entry)
    progress(60)
    statements = []
    for member in members:
        lines = by_member.get(member.pk, [])
        if not lines and member.pk not in opening:
            continue
        start = opening.get(member.pk, 0)
        statements.append({
            "member": member, "lines": lines, "opening": formatting.points(start),
            "closing": formatting.points(lines[-1].balance_after if lines else start),
            "credits": formatting.points(sum(e.delta for e in lines if e.delta > 0)),
            "debits": formatting.points(-sum(e.delta for e in lines if e.delta < 0)),
        })
    return {"statements": statements, "empty": not statements, "first": first, "last": last}
