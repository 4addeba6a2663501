"""The request form for a report kind, built from params.SPECS. Choice lists show the user's
scope; a crafted id outside it still reaches the service, which refuses it in Chinese."""

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from reports.params import ISSUER_FIELDS, SPECS
from volunteer import scope
from volunteer.adminviews.forms import GridChoiceField
from volunteer.models import Grid, PartyMember, PartyOrganization, ServicePoint
from volunteer.people import person_name


class AnyObjectMixin:
    """Resolve the posted id against all rows, so scope is judged (and explained) by the service."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.queryset.model._default_manager.get(pk=value)
        except (ValueError, TypeError, ObjectDoesNotExist):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None

    def validate(self, value):
        forms.Field.validate(self, value)


class GridField(AnyObjectMixin, GridChoiceField):
    pass


class ObjectField(AnyObjectMixin, forms.ModelChoiceField):
    pass


class MonthInput(forms.TextInput):
    input_type = "month"


class ReportRequestForm(forms.Form):
    def __init__(self, *args, kind, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.user = kind, user
        spec = SPECS[kind]
        several = len(spec.targets) > 1
        hint = "（二选一）" if several else ""
        for name in spec.targets:
            if name == "grid":
                field = GridField(label="网格" + hint, queryset=scope.restrict(Grid.objects.all(), user),
                                  required=not several)
                node = scope.scope_for(user).node
                field.initial = node.pk if node and not several else None
            elif name == "organization":
                field = ObjectField(label="党组织" + hint, required=not several,
                                    queryset=scope.restrict(PartyOrganization.objects.all(), user))
            elif name == "member":
                from volunteer.wagtail_hooks import member_chooser

                field = ObjectField(label="党员" + hint, required=not several, widget=member_chooser.widget_class(),
                                    queryset=scope.restrict(PartyMember.objects.all(), user))
            else:
                field = ObjectField(label="服务阵地", queryset=scope.restrict(ServicePoint.objects.all(), user))
            self.fields[name] = field
        today = timezone.localdate()
        if spec.period in ("month", "month_optional"):
            self.fields["month"] = forms.CharField(label="月份", widget=MonthInput, required=spec.period == "month",
                                                   initial=today.strftime("%Y-%m") if spec.period == "month" else "",
                                                   help_text="" if spec.period == "month" else "不填表示全部期间")
        if spec.period in ("year", "year_optional"):
            self.fields["year"] = forms.IntegerField(label="年度", required=spec.period == "year", min_value=2000,
                                                     max_value=2100, initial=today.year,
                                                     help_text="" if spec.period == "year" else "不填表示全部期间")
        if spec.issuer:
            for field, (label, limit) in ISSUER_FIELDS.items():
                self.fields[field] = forms.CharField(label=label, max_length=limit, required=False,
                                                     help_text="不填则为党员所在党支部或所选党组织" if field == "issuer" else "")
            # The one asking is the one handling it: not retyped on every certificate.
            self.fields["handler"].initial = person_name(user)

    def raw_parameters(self):
        raw = {}
        for name, value in self.cleaned_data.items():
            raw[name] = value.pk if hasattr(value, "pk") else value
        return raw
