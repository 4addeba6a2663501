"""Publicity operations on domain data: the honours (E6) admins give to members."""

from django.core.exceptions import ValidationError
from django.db import transaction

from volunteer import scope


@transaction.atomic
def save_recognition(recognition, *, user):
    if not recognition.member_id or not scope.is_visible(user, recognition.member):
        raise ValidationError({"member": "该党员不在您的管辖范围内"})
    recognition.full_clean(validate_constraints=False)
    from publicity.models import Recognition

    clash = Recognition.objects.filter(member=recognition.member_id, year=recognition.year,
                                       title=recognition.title).exclude(pk=recognition.pk)
    if clash.exists():
        raise ValidationError({"title": f"{recognition.member.name} 已获 {recognition.year} 年度“{recognition.title}”"})
    recognition.save()
    return recognition


@transaction.atomic
def delete_recognition(recognition, *, user):
    if not scope.is_visible(user, recognition):
        raise ValidationError("该记录不在您的管辖范围内")
    recognition.delete()
