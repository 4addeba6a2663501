"""One page per record that shows its details, history and the operations allowed now; each
operation posts back and runs exactly one service function."""

import re
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


class ObjectActionView(ScopedObjectMixin, PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin,
                       TemplateView):
    permission_required = "change"
    template_name = "volunteer/admin/object_actions.html"
    index_url_name = None
    edit_url_name = None
    index_label = ""
    header_icon = "list-ul"
    # Operations whose service writes its own log entry (and is idempotent by request key).
    service_logs = ()

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

    def request_key(self, data, prefix):
        """The form's one-time key, so a double click or a retry is one operation."""
        key = data.get("key", "")
        if not re.fullmatch(r"[0-9a-f]{32}", key):
            raise ValidationError("请求已失效，请刷新页面后重试")
        return f"{prefix}:{key}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, details=self.get_details(), actions=self.get_actions(),
                       sections=self.get_sections(), links=self.get_links(), index_url=reverse(self.index_url_name),
                       request_key=uuid.uuid4().hex)
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
        try:
            with transaction.atomic():
                message = self.perform(name, request.POST)
                if name not in self.service_logs:
                    self.log_action(action, request.POST, message)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return self.render_to_response(self.get_context_data(posted=request.POST))
        messages.success(request, message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.request.path
