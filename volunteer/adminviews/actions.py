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

from volunteer.adminviews.base import ScopedObjectMixin


@dataclass
class Action:
    name: str
    label: str
    text_field: str = ""  # name of a text input the action needs (a reason, feedback…)
    text_label: str = ""
    choices: list = field(default_factory=list)  # (value, label) for a select named "choice"
    secondary: bool = False


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
                       sections=self.get_sections(), index_url=reverse(self.index_url_name),
                       request_key=uuid.uuid4().hex)
        if self.edit_url_name and self.user_has_permission("change"):
            context["edit_url"] = reverse(self.edit_url_name, args=[self.object.pk])
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if action not in {a.name for a in self.get_actions()}:
            messages.error(request, "该操作当前不可用")
            return redirect(request.path)
        try:
            with transaction.atomic():
                message = self.perform(action, request.POST)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return self.render_to_response(self.get_context_data(posted=request.POST))
        messages.success(request, message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.request.path
