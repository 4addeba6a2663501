"""党员服务承诺 (E3): admins record and check commitments; members write their own on the portal;
the commitment wall reads them with the year's achievements."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum

from volunteer import scope


def _check_content(commitment):
    commitment.content = (commitment.content or "").strip()
    if not commitment.content:
        raise ValidationError({"content": "请填写承诺内容"})
    this_year = date.today().year
    if not 2000 <= (commitment.year or 0) <= this_year + 1:
        raise ValidationError({"year": f"承诺年度应在 2000 至 {this_year + 1} 之间"})


@transaction.atomic
def save_commitment(commitment, *, user):
    if not commitment.member_id or not scope.is_visible(user, commitment.member):
        raise ValidationError({"member": "该党员不在您的管辖范围内"})
    _check_content(commitment)
    if not commitment.pk:
        commitment.recorded_by = scope.user_or_none(user)
    commitment.full_clean(validate_constraints=False)
    _refuse_second_for_year(commitment)
    commitment.save()
    return commitment


@transaction.atomic
def write_own_commitment(member, content, *, year=None):
    """A member's own commitment for the year (portal). Changing it takes it off the wall until
    an admin checks it again."""
    from volunteer.models import PartyMember, ServiceCommitment

    PartyMember.objects.select_for_update().get(pk=member.pk)  # two taps make one commitment
    year = year or date.today().year
    commitment = ServiceCommitment.objects.filter(member=member, year=year).first() or \
        ServiceCommitment(member=member, year=year)
    if commitment.pk and commitment.content == (content or "").strip():
        return commitment
    commitment.content = content
    _check_content(commitment)
    commitment.is_public = False
    commitment.full_clean(validate_constraints=False)
    commitment.save()
    return commitment


def _refuse_second_for_year(commitment):
    from volunteer.models import ServiceCommitment

    clash = ServiceCommitment.objects.filter(member=commitment.member_id, year=commitment.year).exclude(
        pk=commitment.pk)
    if clash.exists():
        raise ValidationError({"year": f"{commitment.member.name} 已有 {commitment.year} 年的服务承诺，请修改原承诺"})


@transaction.atomic
def delete_commitment(commitment, *, user):
    if not scope.is_visible(user, commitment):
        raise ValidationError("该承诺不在您的管辖范围内")
    commitment.delete()


def commitment_wall(year, *, node=None, organization=None, limit=300):
    """Public commitments of the year with the member's achievements in that year: approved
    hours, services and deeds, and current star level. Three queries whatever the size."""
    from volunteer.models import RecordStatus, ServiceCommitment, ServiceRecord

    commitments = (ServiceCommitment.objects.filter(year=year, is_public=True, member__is_active=True)
                   .select_related("member__branch").order_by("member__branch__name", "member__name"))
    if node is not None:
        commitments = commitments.in_grid(node)
    if organization is not None:
        commitments = commitments.filter(member__branch=organization)
    commitments = list(commitments[:limit])
    totals = {row["member"]: row for row in (
        ServiceRecord.objects.filter(member__in=[c.member_id for c in commitments], status=RecordStatus.APPROVED,
                                     service_date__year=year)
        .values("member").annotate(hours=Sum("hours"), services=Count("pk"), deeds=Count("pk", filter=Q(is_deed=True))))}
    groups = {}
    for c in commitments:
        row = totals.get(c.member_id, {})
        groups.setdefault(c.member.branch, []).append({
            "name": c.member.name, "content": c.content, "star_level": c.member.star_level,
            "hours": row.get("hours") or Decimal(0), "services": row.get("services", 0), "deeds": row.get("deeds", 0),
        })
    return [{"organization": org.name, "entries": entries} for org, entries in groups.items()]
