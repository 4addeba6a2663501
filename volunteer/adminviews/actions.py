"""One page per record that shows its details, history and the operations allowed now; each
operation posts back and runs exactly one service function."""

import uuid
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from volunteer import audit_log
from volunteer.adminviews.base import ScopedObjectMixin
from volunteer.adminviews.onetime import PageKeyMixin, page_key, valid_key


@dataclass
class Action:
    name: str
    label: str
    text_field: str = ""  # name of a text input the action needs (a reason, feedback…)
    text_label: str = ""
    choices: list = field(default_factory=list)  # (value, label) for a select named "choice"
    secondary: bool = False
    choice_label: str = "评分"


@dataclass
class Section:
    title: str
    headers: list
    rows: list
    empty: str = "暂无"


class ObjectActionView(PageKeyMixin, ScopedObjectMixin, PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin,
                       TemplateView):
    permission_required = "change"
    template_name = "volunteer/admin/object_actions.html"
    index_url_name = None
    edit_url_name = None
    index_label = ""
    header_icon = "list-ul"
    # Operations whose service writes its own log entry and is idempotent by the page's one-time key
    # (kept in the address, see onetime.py), and the model that records the key once used.
    service_logs = ()
    keyed_model = None

    def get_page_title(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": str(self.object)},
        ]

    def get_details(self):
        return []

    def get_actions(self):
        return []

    def get_links(self):
        """(label, url) of pages to go on to from this record (beside 编辑)."""
        return []

    def get_sections(self):
        return []

    def perform(self, action, data):
        """Run the service for `action`; return the success message."""
        raise ValidationError("未知的操作")

    def needs_page_key(self):
        """Only a page offering a keyed operation gets a key in its address."""
        return any(a.name in self.service_logs for a in self.get_actions())

    def request_key(self, data, prefix):
        """The form's one-time key, so a double click, a retry or Back + submit is one operation."""
        key = data.get("key", "")
        if not valid_key(key):
            raise ValidationError("请求已失效，请刷新页面后重试")
        return f"{prefix}:{key}"

    def key_used(self, name, data):
        """Whether this operation's key was already used (the operation was done from this page)."""
        key = data.get("key", "")
        return bool(self.keyed_model and valid_key(key)
                    and self.keyed_model.objects.filter(idempotency_key=f"{name}:{key}").exists())

    def done_message(self, result, message, replayed):
        """The message for a keyed operation's result: `replayed` when the service replayed the
        first result of this key instead of doing it again."""
        if getattr(result, "replayed", False):
            self.replayed = True
            return replayed
        return message

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, details=self.get_details(), actions=self.get_actions(),
                       sections=self.get_sections(), links=self.get_links(), index_url=reverse(self.index_url_name),
                       request_key=page_key(self.request) or uuid.uuid4().hex)
        if self.edit_url_name and self.user_has_permission("change"):
            context["edit_url"] = reverse(self.edit_url_name, args=[self.object.pk])
        return context

    def log_action(self, action, data, message):
        """Every operation on this page is logged (操作日志) in its transaction: what was done to which
        record, the choice and text entered, and the outcome."""
        description = f"{action.label}“{self.object}”：{message}"
        if action.choices:
            chosen = dict(action.choices).get(data.get("choice", ""))
            description += f"；{chosen}" if chosen else ""
        text = (data.get(action.text_field) or "").strip() if action.text_field else ""
        if text:
            description += f"；{action.text_label}：{text[:200]}"
        audit_log.record("volunteer.process", self.object, self.request.user, description, operation=action.name)

    def post(self, request, *args, **kwargs):
        name = request.POST.get("action", "")
        action = next((a for a in self.get_actions() if a.name == name), None)
        if action is None:
            messages.error(request, "该操作当前不可用")
            return redirect(request.path)
        self.replayed = False
        try:
            with transaction.atomic():
                message = self.perform(name, request.POST)
                if name not in self.service_logs:
                    self.log_action(action, request.POST, message)
        except ValidationError as error:
            if name in self.service_logs and self.key_used(name, request.POST):
                # Back to a page whose operation was done, then submitted with other values.
                messages.error(request, f"{action.label}已完成，未重复办理。如需再次{action.label}，请重新打开本页")
                return redirect(self.get_success_url())
            messages.error(request, "；".join(error.messages))
            return self.render_to_response(self.get_context_data(posted=request.POST))
        (messages.warning if self.replayed else messages.success)(request, message)
        # The address without the used key: the page opens with a new key for the next operation.
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.request.path
