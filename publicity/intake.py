"""群众点单 online (M1, channel 线上): a public form that creates a Demand through the same service
as the admin, a tracking number, and a status page (number + last 4 phone digits). Throttled per
IP, with a honeypot field for bots."""

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render

from cms.clientip import client_ip
from volunteer import services
from volunteer.models import Demand, DemandChannel, Grid, GridLevel, ServiceCategory

LIMIT_PER_HOUR = 5
FORM_FIELD_OF = {"resident_phone": "phone", "grid": "community", "resident_name": "name"}


class DemandIntakeForm(forms.Form):
    community = forms.ModelChoiceField(label="所在村（社区）", queryset=Grid.objects.filter(level=GridLevel.COMMUNITY),
                                       empty_label="请选择")
    category = forms.ModelChoiceField(label="需求类别", queryset=ServiceCategory.objects.all(), empty_label="请选择")
    title = forms.CharField(label="需求标题", max_length=100)
    description = forms.CharField(label="需求描述", widget=forms.Textarea(attrs={"rows": 4}))
    name = forms.CharField(label="您的称呼", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=20)
    address = forms.CharField(label="住址", max_length=200, required=False)
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写{field.label}"
            field.error_messages["invalid_choice"] = f"请从列表中选择{field.label}"

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(text) < 5:
            raise ValidationError("请把需求描述得具体一些（至少5个字）")
        return text




def throttled(request):
    key = f"intake-throttle:{client_ip(request)}"
    count = cache.get_or_set(key, 0, 3600)
    if count >= LIMIT_PER_HOUR:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
    return False


def demand_intake(request):
    form = DemandIntakeForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("website"):  # the honeypot: people never see or fill it
            return render(request, "publicity/intake_done.html", {"demand": None}, status=200)
        if throttled(request):
            return render(request, "publicity/intake.html", {"form": form, "throttled": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            demand = Demand(title=data["title"], description=data["description"], channel=DemandChannel.ONLINE,
                            category=data["category"], grid=data["community"], resident_name=data["name"],
                            resident_phone=data["phone"], resident_address=data["address"])
            try:
                demand = services.intake_demand(demand, user=request.user, public=True)
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    form.add_error(None, error)
                for field, errors in getattr(error, "error_dict", {}).items():
                    field = FORM_FIELD_OF.get(field, field)
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return render(request, "publicity/intake_done.html", {"demand": demand})
    return render(request, "publicity/intake.html", {"form": form})


class TrackForm(forms.Form):
    number = forms.CharField(label="受理编号", max_length=16)
    phone_tail = forms.CharField(label="联系电话后4位", min_length=4, max_length=4)


def demand_status(request):
    form = TrackForm(request.GET or None)
    demand = None
    if request.GET and form.is_valid():
        demand = Demand.objects.filter(tracking_number=form.cleaned_data["number"].strip().upper(),
                                       resident_phone__endswith=form.cleaned_data["phone_tail"]).first()
        if demand is None:
            form.add_error(None, "没有找到该需求，请核对受理编号和电话后4位")
    return render(request, "publicity/demand_status.html", {"form": form, "demand": demand})
