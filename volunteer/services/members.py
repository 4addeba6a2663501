"""Party members (G2)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from volunteer import scope
from volunteer.models import (
    MemberStatus,
    PartyMember,
)
from volunteer.services.common import delete_or_refuse
from volunteer.validators import validate_id_card, validate_mobile


@transaction.atomic
def save_member(member, *, user, id_card=None, mobile=None, skills=None):
    """Create or update a member. `id_card`/`mobile` are raw input (None keeps the stored value)."""
    errors = {}
    if id_card is not None:
        try:
            number = validate_id_card(id_card)
        except ValidationError as e:
            errors["id_card"] = e.messages
        else:
            existing = PartyMember.objects.with_id_card(number).exclude(pk=member.pk).order_by().values_list(
                "name", flat=True)[:1]
            if existing:
                errors["id_card"] = ["该身份证号码已登记（党员：%s）" % existing[0]]
            else:
                member.set_id_card(number)
    elif not member.pk:
        errors["id_card"] = ["请填写身份证号码"]
    if mobile is not None:
        try:
            member.mobile = validate_mobile(mobile)
        except ValidationError as e:
            errors["mobile"] = e.messages
    elif not member.mobile:
        errors["mobile"] = ["请填写手机号码"]
    if errors:
        raise ValidationError(errors)

    visible = scope.scope_for(user)
    home = member.home_grid if member.home_grid_id else None
    work = member.work_grid if member.work_grid_id else None
    if not (visible.contains(home) or visible.contains(work)):
        raise ValidationError(
            {"home_grid": f"居住地网格和单位所在网格至少有一个须在您的管辖范围（{visible.label}）内"}
        )
    if member.status == MemberStatus.IN_SERVICE and work is None:
        raise ValidationError({"work_grid": "在职党员须填写单位所在网格"})
    # Related rows already loaded on the instance exist (the database enforces the keys too):
    # checking each with a query would cost three queries per row of a 100,000-row import.
    loaded = [f for f in ("branch", "home_grid", "work_grid") if PartyMember._meta.get_field(f).is_cached(member)]
    member.full_clean(exclude=["id_card_encrypted", "id_card_hash", "id_card_masked", "birth_date", "skills", *loaded])
    member.save()
    if skills is not None:
        member.skills.set(skills)
    return member


@transaction.atomic
def delete_member(member, *, user):
    if not scope.is_visible(user, member):
        raise ValidationError(f"党员 {member.name} 不在您的管辖范围内")
    delete_or_refuse(member, f"党员 {member.name} 已有报到、岗位等记录，不能删除；如已转出，请将其设为“不在册”")
