"""Small pieces the service modules share."""

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError


def delete_or_refuse(instance, refusal):
    """Delete, or raise `refusal` (Chinese, naming the record) when other records still point at it."""
    try:
        instance.delete()
    except ProtectedError:
        raise ValidationError(refusal)
