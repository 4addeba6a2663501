"""Query filters (django-filter). Filters narrow what access.py already allowed; they never widen it."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django_filters import rest_framework as filters

from volunteer.models import (
    Activity,
    ActivityStatus,
    Demand,
    DemandChannel,
    DemandStatus,
    Entry,
    EntryKind,
    Evaluation,
    EvaluationRole,
    Grid,
    MemberStatus,
    Order,
    OrderStatus,
    PartyMember,
    ProjectStatus,
    RecordStatus,
    Redemption,
    RedemptionStatus,
    Reward,
    ServiceProject,
    ServiceRecord,
    Unit,
    Urgency,
)

MAX_ID = 2**63 - 1


class IdFilter(filters.NumberFilter):
    """An id: a whole number (NumberFilter would accept 1.5 and 1e30)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def in_subtree(*fields):
    """A filter method: rows whose grid (any of `fields`) lies in the given grid's subtree."""

    def method(queryset, name, value):
        grid = Grid.objects.filter(pk=value).first()
        if grid is None:
            return queryset.none()
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__path__startswith": grid.path})
        return queryset.filter(condition)

    return method


class ProjectFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ProjectStatus.choices)
    category = IdFilter(field_name="category_id")
    organization = IdFilter(field_name="organization_id")

    class Meta:
        model = ServiceProject
        fields = []


class ActivityFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ActivityStatus.choices)
    project = IdFilter(field_name="project_id")
    grid = IdFilter(method=in_subtree("grid"), label="网格（含下级）")
    starts_after = filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lte")
    open = filters.BooleanFilter(method="filter_open", label="正在招募")

    class Meta:
        model = Activity
        fields = []

    def filter_open(self, queryset, name, value):
        now = timezone.now()
        opened = queryset.model.objects.open_for_signup(now).values("pk")
        return queryset.filter(pk__in=opened) if value else queryset.exclude(pk__in=opened)


class OrderFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=OrderStatus.choices)
    activity = IdFilter(field_name="activity_id")
    member = IdFilter(field_name="member_id")

    class Meta:
        model = Order
        fields = []


class RecordFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=RecordStatus.choices)
    member = IdFilter(field_name="member_id")
    activity = IdFilter(field_name="activity_id")
    is_deed = filters.BooleanFilter()
    date_from = filters.DateFilter(field_name="service_date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="service_date", lookup_expr="lte")
    grid = IdFilter(method=in_subtree("grid"), label="网格（含下级）")

    class Meta:
        model = ServiceRecord
        fields = []


class EvaluationFilter(filters.FilterSet):
    record = IdFilter(field_name="record_id")
    role = filters.ChoiceFilter(choices=EvaluationRole.choices)

    class Meta:
        model = Evaluation
        fields = []


class DemandFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=DemandStatus.choices)
    urgency = filters.ChoiceFilter(choices=Urgency.choices)
    channel = filters.ChoiceFilter(choices=DemandChannel.choices)
    category = IdFilter(field_name="category_id")
    grid = IdFilter(method=in_subtree("grid"), label="网格（含下级）")

    class Meta:
        model = Demand
        fields = []


class MemberFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=MemberStatus.choices)
    name = filters.CharFilter(lookup_expr="icontains", max_length=50)
    grid = IdFilter(method=in_subtree("home_grid", "work_grid"), label="居住地或单位网格（含下级）")

    class Meta:
        model = PartyMember
        fields = []


class EntryFilter(filters.FilterSet):
    unit = filters.ChoiceFilter(field_name="account__unit", choices=Unit.choices)
    kind = filters.ChoiceFilter(choices=EntryKind.choices)
    member = IdFilter(field_name="account__member_id")

    class Meta:
        model = Entry
        fields = []


class RewardFilter(filters.FilterSet):
    store = IdFilter(field_name="store_id")
    category = filters.CharFilter(max_length=30)

    class Meta:
        model = Reward
        fields = []


class RedemptionFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=RedemptionStatus.choices)
    member = IdFilter(field_name="member_id")
    store = IdFilter(field_name="store_id")

    class Meta:
        model = Redemption
        fields = []
