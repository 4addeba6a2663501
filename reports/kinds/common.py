"""Queries the kinds share. Everything starts from `scope.restrict(..., actor)`."""


from django.db.models import Count, Q, Sum

from volunteer import formatting, scope
from volunteer.models import PartyMember, PartyOrganization, ServiceRecord


def members_of(actor, name, target):
    """Active members of a grid (live or work there, G2) or of an organisation (its branch)."""
    members = scope.restrict(PartyMember.objects.active(), actor)
    if name == "grid":
        return members.in_grid(target)
    if name == "organization":
        return members.filter(branch=target)
    return members.filter(pk=target.pk)


def organizations_of(actor, name, target):
    orgs = scope.restrict(PartyOrganization.objects.all(), actor)
    if name == "grid":
        return orgs.in_grid(target)
    return orgs.filter(pk=target.pk)


def member_records(members):
    """Approved records of in-scope members, wherever they served: O1 asks whether the member
    served at all, so a member's service in another community still counts for them."""
    return ServiceRecord.objects.approved().filter(member__in=members.values("pk"))


def hours_by_member(records):
    rows = records.values("member").annotate(h=Sum("hours"), n=Count("pk"), deeds=Count("pk", filter=Q(is_deed=True)))
    return {r["member"]: r for r in rows}


def fmt_hours(value):
    """Hours as a table cell under a （小时） heading: "1.5" (volunteer/formatting.py)."""
    return formatting.hours_value(value or 0)


percent = formatting.percent


def in_period(records, start=None, end=None):
    if start:
        records = records.filter(service_date__gte=start)
    if end:
        records = records.filter(service_date__lte=end)
    return records


def year_range(year):
    import datetime

    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
