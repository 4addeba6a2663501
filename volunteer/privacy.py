"""Personal data at rest and on screen (DESIGN.md "Who sees what").

ID-card numbers are stored Fernet-encrypted with a keyed HMAC for uniqueness and lookup; lists,
exports, PDFs and the API show masked values unless the viewer holds the unmask permission, and
every unmasked view is logged."""

import base64
import hashlib
import hmac
import logging

from cryptography.fernet import Fernet
from django.conf import settings
from django.utils.functional import SimpleLazyObject

UNMASK_PERMISSION = "volunteer.view_personal_data"
audit_log = logging.getLogger("volunteer.audit")


def _derived_key(purpose):
    # Dev and test derive keys from SECRET_KEY; production settings require explicit keys.
    return hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()


def _fernet():
    key = settings.FIELD_ENCRYPTION_KEY or base64.urlsafe_b64encode(_derived_key("fernet")).decode()
    return Fernet(key.encode())


fernet = SimpleLazyObject(_fernet)


def _hmac_key():
    return settings.PERSONAL_DATA_HMAC_KEY.encode() if settings.PERSONAL_DATA_HMAC_KEY else _derived_key("hmac")


def encrypt(value):
    return fernet.encrypt(value.encode()).decode()


def decrypt(token):
    return fernet.decrypt(token.encode()).decode() if token else ""


def lookup_hash(value):
    return hmac.new(_hmac_key(), value.encode(), hashlib.sha256).hexdigest()


def mask_id_card(number):
    """First 6 + ******** + last 4, as required everywhere (DESIGN.md)."""
    if not number:
        return ""
    return f"{number[:6]}********{number[-4:]}"


def mask_mobile(number):
    if not number:
        return ""
    return f"{number[:3]}****{number[-4:]}"


def can_unmask(user):
    return bool(user and user.is_authenticated and user.has_perm(UNMASK_PERMISSION))


def log_unmasked(user, action, members, count=None, detail="", ids=None):
    """Record who saw which full identifiers (PIPL accountability). Members are listed by id;
    other people's data (e.g. residents' phones on demands) is described in `detail`."""
    from volunteer.models import PersonalDataAccessLog

    ids = [m.pk for m in members] if ids is None else ids
    count = len(ids) if count is None else count
    if not count:
        return
    PersonalDataAccessLog.objects.create(user=user, action=action, member_ids=ids, count=count, detail=detail)
    audit_log.info("unmasked personal data: user=%s action=%s count=%s", user.pk, action, count)
