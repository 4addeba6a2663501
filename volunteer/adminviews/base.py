"""Scoped Wagtail admin views. Every list, detail, edit, delete, history and export goes through
scope.restrict(); every save and delete goes through a function in services.py."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.views.mixins import list_to_str
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from volunteer import audit_log, formatting, scope


def add_service_errors(form, error):
    """Put a service's ValidationError on the form: on the named field when the form has it."""
    aliases = getattr(form, "service_field_aliases", {})
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = aliases.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ScopedObjectMixin:
    """A record outside the user's grid subtree does not exist for them (404)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not scope.is_visible(self.request.user, obj):
            raise Http404("不在管辖范围内")
        return obj


def _xlsx_local_minute(value):
    """An aware datetime as the naive Shanghai time to the minute (Wagtail writes naive UTC)."""
    return formatting.local_naive(value)


def _hours_cell(value):
    number = formatting.hours_number(value)
    return "" if number is None else number


class ExcelFriendlyExportMixin:
    """Exports that open right in Excel on a Chinese desktop: CSV starts with a BOM (or Excel reads
    UTF-8 as GBK), the Chinese file name goes as filename*=UTF-8'' (RFC 6266; Wagtail writes it raw),
    and a cell starting with a formula character is exported as text (CSV injection).
    Times are Asia/Shanghai to the minute ("2026-12-05 14:00" in CSV, a date cell in XLSX), never
    Wagtail's UTC ISO string or naive UTC; hours ("hours" fields) as 1.5, not 1.50."""

    hours_fields = ("hours",)

    custom_value_preprocess = {
        datetime.datetime: {"csv": formatting.export_datetime, "xlsx": _xlsx_local_minute},
        datetime.date: {"csv": formatting.export_date, "xlsx": None},
        datetime.time: {"xlsx": None},
        list: {"csv": list_to_str, "xlsx": list_to_str},
    }

    def get_preprocess_function(self, field, value, export_format):
        if field in self.hours_fields and field not in self.custom_field_preprocess:
            return _hours_cell
        return super().get_preprocess_function(field, value, export_format)

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Disposition"] = content_disposition_header(True, f"{self.get_filename()}.csv")
        return response

    def to_row_dict(self, item):
        return {field: escape_formula(value) for field, value in super().to_row_dict(item).items()}


class ScopedIndexView(ExcelFriendlyExportMixin, generic.IndexView):
    list_select_related = ()  # set by the viewset: related rows each listed row shows
    list_prefetch_related = ()

    def get_base_queryset(self):
        queryset = scope.restrict(super().get_base_queryset(), self.request.user)
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset


class ServiceSaveMixin:
    """Save through the viewset's `save_service(instance, form, user)`; its errors become form errors.
    Every admin create and edit is logged here (操作日志), in the transaction Wagtail's form_valid
    opens, naming the changed fields but never their values."""

    save_service = None
    service_logs = False  # True when the service writes its own, more specific entry

    def save_instance(self):
        instance = self.save_service(self.form.instance, self.form, self.request.user)
        if not self.service_logs:
            name = audit_log.verbose(instance)
            if self.view_name == "create":
                action, description = "wagtail.create", f"新建{name}“{instance}”"
            else:
                fields = audit_log.changed_fields(self.form)
                action, description = "wagtail.edit", f"修改{name}“{instance}”" + (f"：{fields}" if fields else "")
            audit_log.record(action, instance, self.request.user, description)
        return instance

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_service_errors(form, error)
            self.produced_error_message = "保存失败，请根据提示修改后重试"
            return self.form_invalid(form)


class ScopedCreateView(ServiceSaveMixin, generic.CreateView):
    view_name = "create"


class ScopedEditView(ScopedObjectMixin, ServiceSaveMixin, generic.EditView):
    view_name = "edit"


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    """Delete through `delete_service(instance, user=)`; a refusal is shown, nothing changes."""

    delete_service = None

    def delete_action(self):
        with transaction.atomic():
            # Logged first (a deleted object has no primary key); a refusal rolls the entry back.
            audit_log.record("wagtail.delete", self.object, self.request.user,
                             f"删除{audit_log.verbose(self.object)}“{self.object}”")
            self.delete_service(self.object, user=self.request.user)

    def form_valid(self, form):
        # The service decides what may be deleted (and says why not, in Chinese); Wagtail's own
        # reference-index check would only answer "no permission".
        try:
            self.delete_action()
        except ValidationError as error:
            messages.error(self.request, "；".join(error.messages))
            return redirect(self.index_url_name)
        messages.success(self.request, self.get_success_message())
        return self.run_after_hook() or redirect(self.get_success_url())


class ScopedInspectView(ScopedObjectMixin, generic.InspectView):
    pass


class ScopedHistoryView(ScopedObjectMixin, HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, UsageView):
    pass


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view is cut to the user's grid subtree."""

    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    search_backend_name = None  # ORM icontains: finds Chinese substrings (DESIGN.md)

    # Subclasses define save_service(instance, form, user) and delete_service(instance, user=...).

    list_select_related = ()
    list_prefetch_related = ()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(list_select_related=self.list_select_related,
                                             list_prefetch_related=self.list_prefetch_related, **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(save_service=self.save_service, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(save_service=self.save_service, **kwargs)

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(delete_service=self.delete_service, **kwargs)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Spreadsheet cells starting with a formula character are exported as text (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class ValueColumn(Column):
    """A column whose value depends on the viewer (e.g. masked personal data)."""

    def __init__(self, name, value_for_user, **kwargs):
        self.value_for_user = value_for_user
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = self.value_for_user(instance, parent_context["request"].user)
        return context


class PermittedViewSet(ViewSet):
    """A viewset whose menu entry is shown only to those its views let in: `may_open(user)` is the
    same check the views make, so no menu entry leads to 没有权限."""

    def may_open(self, user):
        raise NotImplementedError

    @cached_property
    def menu_item_class(self):
        viewset = self

        def is_shown(item, request):
            return viewset.may_open(request.user)

        return type(f"{type(self).__name__}MenuItem", (MenuItem,), {"is_shown": is_shown})


class ListingViewSet(PermittedViewSet):
    """A menu entry that is one filtered listing (with its AJAX results view), no add/edit."""

    index_view_class = None

    def may_open(self, user):
        """The index view's own check (PermissionCheckedMixin) against its model's policy."""
        view = self.index_view_class
        model = self.get_index_view_kwargs().get("model") or view.model
        policy = policy_registry.get_by_type(model)
        if view.permission_required and not policy.user_has_permission(user, view.permission_required):
            return False
        return not view.any_permission_required or policy.user_has_any_permission(user, view.any_permission_required)

    def get_index_view_kwargs(self):
        return {"index_url_name": f"{self.name}:index", "index_results_url_name": f"{self.name}:index_results"}

    def get_urlpatterns(self):
        kwargs = self.get_index_view_kwargs()
        return [
            path("", self.index_view_class.as_view(**kwargs), name="index"),
            path("results/", self.index_view_class.as_view(results_only=True, **kwargs), name="index_results"),
        ]


class HoursColumn(Column):
    """A listing cell of hours under a （小时） heading: 1.5, not 1.50 (volunteer/formatting.py)."""

    def get_value(self, instance):
        return formatting.hours_value(super().get_value(instance))


class PointsColumn(Column):
    """A listing cell of points: 12.00."""

    def get_value(self, instance):
        return formatting.points(super().get_value(instance))
