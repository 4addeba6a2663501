"""操作日志: who did what to which record, in Wagtail's own audit log (ModelLogEntry).

Services and the admin's shared views call `record()` inside the transaction that makes the
change, so a rolled-back operation leaves no entry, and only after their replay checks, so an
idempotent replay is not logged twice. Each entry carries a short Chinese `description` in
`data`, which the 操作日志 screen searches. Personal identifiers never reach the log: `scrub`
masks anything shaped like an ID-card or mobile number, whoever typed it (reasons, notes)."""

import re

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import LogFormatter, get_active_log_context, registry
from wagtail.models import ModelLogEntry

from volunteer import privacy, scope
from volunteer.models import EntryKind

# Entries of the points and time-bank ledger, one action per kind of entry.
LEDGER_ACTIONS = {f"volunteer.ledger.{kind}": label for kind, label in EntryKind.choices}

ACTIONS = {
    **LEDGER_ACTIONS,
    "volunteer.ledger.publish_rule": "发布积分规则",
    "volunteer.market.restock": "爱心超市入库盘点",
    "volunteer.market.redeem": "爱心超市兑换",
    "volunteer.market.cancel": "撤销兑换",
    "volunteer.process": "后台办理",
    "volunteer.import": "批量导入",
    "reports.request": "申请报表",
    "reports.retry": "重试报表任务",
    "reports.revoke_certificate": "撤销志愿服务证明",
    # Written by the 社区报到 screen before its actions went through "volunteer.process".
    "volunteer.checkin.confirm": "确认社区报到",
    "volunteer.checkin.decline": "退回社区报到",
}

VIEW_PERMISSION = "wagtailcore.view_modellogentry"

# An 18-character ID number or an 11-digit mobile, not part of a longer run of digits.
_ID_CARD = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
MAX_DESCRIPTION = 500


def scrub(value):
    """Mask ID-card and mobile numbers in a string; other values pass through."""
    if not isinstance(value, str):
        return value
    value = _ID_CARD.sub(lambda m: privacy.mask_id_card(m.group()), value)
    return _MOBILE.sub(lambda m: privacy.mask_mobile(m.group()), value)


class DescriptionFormatter(LogFormatter):
    """History screens show the entry's own description rather than a fixed phrase."""

    def format_message(self, log_entry):
        return (log_entry.data or {}).get("description") or self.label


def register_actions(actions):
    """Called from the `register_log_actions` hook."""
    for action, label in ACTIONS.items():
        actions.register_action(action)(type("Formatter", (DescriptionFormatter,), {"label": label}))


def _data(description, data):
    cleaned = {key: scrub(value) for key, value in data.items()}
    return {"description": scrub(description)[:MAX_DESCRIPTION], **cleaned}


def record(action, instance, user, description, *, title=None, **data):
    """Log `action` on `instance` (any model but a page) by `user` (None or the system actor: 系统)."""
    if instance.pk is None:
        raise ValueError(f"cannot log {action} for an unsaved {type(instance).__name__}")
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    return _insert(content_type, str(instance.pk), action, user, title or str(instance), description, data)


def record_for_model(action, model, user, title, description, **data):
    """Log an action on a whole table (an import): the entry names the model, with object id "0"."""
    return _insert(ContentType.objects.get_for_model(model), "0", action, user, title, description, data)


def _insert(content_type, object_id, action, user, title, description, data):
    """One row of Wagtail's ModelLogEntry in one INSERT. Wagtail's log() saves through full_clean(),
    which SELECTs the content type and the user again: two more queries per ledger line, inside
    the account's row lock. The action is checked against the registry as full_clean() does."""
    if not registry.action_exists(action):
        raise ValueError(f"log action {action!r} is not registered")
    context = get_active_log_context()
    entry = ModelLogEntry(content_type=content_type, object_id=object_id, label=scrub(title)[:255], action=action,
                          data=_data(description, data), timestamp=timezone.now(), uuid=context.uuid,
                          user=scope.user_or_none(user) or context.user)
    ModelLogEntry.objects.bulk_create([entry])
    return entry


def can_view(user):
    """The log is not cut to a grid, so only those who see the whole district read it."""
    if not (user and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    current = scope.scope_for(user)
    covers_all = current.everything or (current.node is not None and current.node.is_root())
    return covers_all and user.has_perm(VIEW_PERMISSION)


def changed_fields(form):
    """The labels of the fields an admin form changed (never their values)."""
    labels = []
    for name in form.changed_data:
        field = form.fields.get(name)
        labels.append(str(field.label) if field is not None and field.label else name)
    return "、".join(labels)


def verbose(instance):
    return str(instance._meta.verbose_name)
