"""操作日志 in the admin: Wagtail's site-history report (model and page log entries together) with
a free-text search over the description, object and user, filters on action, user, object type
and date, and CSV/XLSX export. The log is not cut to a grid, so only those who see the whole
district open it (audit_log.can_view); Wagtail's own site history shows everyone else page
entries only."""

import datetime

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Q, Value
from django.forms import CheckboxSelectMultiple
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import ContentTypeFilter, DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry, PageLogEntry

from volunteer import audit_log
from volunteer.adminviews.base import ExcelFriendlyExportMixin


def _distinct(field):
    values = set()
    for log_model in registry.get_log_entry_models():
        values.update(log_model.objects.order_by().values_list(field, flat=True).distinct())
    values.discard(None)
    return values


class AuditLogFilterSet(WagtailFilterSet):
    action = django_filters.MultipleChoiceFilter(label="操作", widget=CheckboxSelectMultiple)
    user = django_filters.ModelChoiceFilter(label="操作人", queryset=lambda request: get_user_model().objects.filter(
        pk__in=_distinct("user_id")).order_by(get_user_model().USERNAME_FIELD))
    object_type = ContentTypeFilter(label="对象类型", method="filter_object_type",
                                    queryset=lambda request: ContentType.objects.filter(
                                        pk__in=_distinct("content_type_id")).order_by("app_label", "model"))
    timestamp = django_filters.DateFromToRangeFilter(label="日期", widget=DateRangePickerWidget)

    class Meta:
        model = ModelLogEntry
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        used = _distinct("action")
        self.filters["action"].extra["choices"] = [(a, str(label)) for a, label in registry.get_choices() if a in used]

    def filter_object_type(self, queryset, name, value):
        return queryset.filter_on_content_type(value)


class UnionOfLogsMixin:
    """Wagtail's LogEntriesView, with the set of log models and each one's base rows chosen here."""

    def get_log_models(self):
        return list(registry.get_log_entry_models())

    def get_log_queryset(self, log_model):
        return log_model.objects.viewable_by_user(self.request.user)

    def narrow(self, queryset):
        return self.filter_queryset(queryset)

    def get_filtered_queryset(self):
        # One values() query per log model, unioned and ordered by time (as LogEntriesView does).
        self.log_models = self.get_log_models()
        queryset = None
        for index, log_model in enumerate(self.log_models):
            rows = self.get_log_queryset(log_model).values("pk", "timestamp").annotate(
                log_model_index=Value(index, output_field=IntegerField()))
            rows = self.narrow(rows).order_by()
            queryset = rows if queryset is None else queryset.union(rows, all=True)
        return queryset.order_by("-timestamp")


class EntryPaginator(WagtailPaginator):
    verbose_name = verbose_name_plural = "条记录"  # the union's model would say "页面日志条目"


class AuditLogView(ExcelFriendlyExportMixin, UnionOfLogsMixin, LogEntriesView):
    paginator_class = EntryPaginator
    page_title = "操作日志"
    header_icon = "history"
    results_template_name = "volunteer/admin/audit_log_results.html"
    filterset_class = AuditLogFilterSet
    index_url_name = "audit_log"
    index_results_url_name = "audit_log_results"
    is_searchable = True
    search_fields = ["label", "data__description", "user__username", "user__first_name", "user__last_name"]
    list_export = ["timestamp", "user_display_name", "action", "content_type", "label", "description"]
    export_headings = {"timestamp": "时间", "user_display_name": "操作人", "action": "操作", "content_type": "对象类型",
                       "label": "对象", "description": "说明"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        local_time = lambda value: timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")  # noqa: E731
        self.custom_field_preprocess["timestamp"] = {self.FORMAT_CSV: local_time, self.FORMAT_XLSX: local_time}

    def dispatch(self, request, *args, **kwargs):
        if not audit_log.can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"操作日志-{datetime.date.today():%Y-%m-%d}"

    def get_log_queryset(self, log_model):
        return log_model.objects.all()  # whole-district readers see every entry

    def narrow(self, queryset):
        return self.search_queryset(self.filter_queryset(queryset))

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        # An action's label ("兑换") finds its entries too, though only its code is stored.
        query = self.search_query
        matches = Q(action__in=[a for a, label in registry.get_choices() if query in str(label)])
        for field in self.search_fields:
            matches |= Q(**{f"{field}__icontains": query})
        return queryset.filter(matches)

    def decorate_paginated_queryset(self, queryset):
        rows = list(queryset)
        by_model = {}
        for row in rows:
            by_model.setdefault(row["log_model_index"], []).append(row["pk"])
        finder = None if self.is_export else AdminURLFinder(self.request.user)
        found = {}
        for index, pks in by_model.items():
            entries = self.log_models[index].objects.select_related("user", "user__wagtail_userprofile", "content_type").filter(pk__in=pks)
            # Links to the objects only on screen; an export of the whole log loads no objects.
            pairs = ((entry, None) for entry in entries) if finder is None else entries.with_instances()
            for entry, instance in pairs:
                entry.edit_url = finder.get_edit_url(instance) if finder and instance is not None else None
                entry.description = (entry.data or {}).get("description") or force_str(entry.message)
                found[(index, entry.pk)] = entry
        return [found[(row["log_model_index"], row["pk"])] for row in rows]


class PageHistoryFilterSet(SiteHistoryReportFilterSet):
    """站点历史's filters for those who see page entries only: the action and type choices come from
    page entries too, not from the whole log (the user choices already come from the listing)."""

    object_type = ContentTypeFilter(label="类型", method="filter_object_type", queryset=lambda request: (
        ContentType.objects.filter(pk__in=PageLogEntry.objects.viewable_by_user(request.user).get_content_type_ids())
        .order_by("model")))

    def get_action_choices(self):
        used = set(PageLogEntry.objects.viewable_by_user(self.request.user).get_actions())
        return [choice for choice in registry.get_choices() if choice[0] in used]


class SiteHistoryView(UnionOfLogsMixin, LogEntriesView):
    """Wagtail's 站点历史, which lists every model a user holds any permission on, across all grids:
    only those who may read the 操作日志 see model entries there; others see page entries."""

    def get_log_models(self):
        if audit_log.can_view(self.request.user):
            return super().get_log_models()
        return [PageLogEntry]

    @property
    def filterset_class(self):
        return SiteHistoryReportFilterSet if audit_log.can_view(self.request.user) else PageHistoryFilterSet


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return audit_log.can_view(request.user)


def menu_item():
    return AuditLogMenuItem("操作日志", reverse("audit_log"), name="audit-log", icon_name="history", order=990)
