"""Report parameters: what each kind asks for, checked against the requester's scope when the job
is requested and resolved again (through the job's stored scope) when it runs."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from reports.models import ReportKind
from volunteer import scope
from volunteer.models import Grid, PartyMember, PartyOrganization, ServicePoint


@dataclass(frozen=True)
class Spec:
    targets: tuple  # exactly one of these is given: "grid", "organization", "member", "point"
    period: str = ""  # "", "month", "month_optional" or "year"
    issuer: bool = False  # certificate issuing fields


SPECS = {
    ReportKind.CERTIFICATE: Spec(("member", "organization"), period="year_optional", issuer=True),
    ReportKind.MONTHLY: Spec(("grid", "organization"), period="month"),
    ReportKind.COVERAGE: Spec(("grid", "organization"), period="year"),
    ReportKind.RANKING: Spec(("grid",), period="year"),
    ReportKind.STARS: Spec(("grid", "organization")),
    ReportKind.LEDGER: Spec(("member", "organization"), period="month_optional"),
    ReportKind.MARKET: Spec(("point",), period="month"),
    ReportKind.COMPLIANCE: Spec(("grid",)),
    ReportKind.SIGNAGE: Spec(("point",)),
    ReportKind.CARDS: Spec(("grid", "organization")),
}

TARGET_LABELS = {"grid": "网格", "organization": "党组织", "member": "党员", "point": "服务阵地"}
TARGET_MODELS = {"grid": Grid, "organization": PartyOrganization, "member": PartyMember, "point": ServicePoint}
ISSUER_FIELDS = {"issuer": ("出具单位", 120), "person_in_charge": ("负责人", 50), "handler": ("经办人", 50),
                 "contact": ("联系电话", 30), "notes": ("备注", 300)}


def target_grid(name, obj):
    """The grid node a target sits at, for scope checks."""
    if name == "grid":
        return obj
    if name == "member":
        return obj.home_grid
    return obj.grid


def _target(spec, raw, user):
    given = [name for name in spec.targets if raw.get(name) not in (None, "")]
    if len(given) != 1:
        labels = "或".join(TARGET_LABELS[n] for n in spec.targets)
        raise ValidationError({spec.targets[0]: f"请选择一个{labels}"})
    name = given[0]
    label = TARGET_LABELS[name]
    try:
        obj = TARGET_MODELS[name].objects.get(pk=int(raw[name]))
    except (TypeError, ValueError, TARGET_MODELS[name].DoesNotExist):
        raise ValidationError({name: f"所选{label}不存在"}) from None
    if name == "member":
        # A member is in scope where they live or work (G2), so ask the scoped queryset.
        if not scope.is_visible(user, obj):
            raise ValidationError({name: f"{label}“{obj}”不在您的管辖范围（{scope.scope_for(user).label}）内"})
    else:
        scope.require_in_scope(user, target_grid(name, obj), name, label)
    return name, obj


def _month(value, field="month"):
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", str(value or "").strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
        raise ValidationError({field: "月份格式应为“年-月”，例如 2025-03"})
    return f"{int(match[1]):04d}-{int(match[2]):02d}"


def _year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"year": "请填写年度，例如 2025"}) from None
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在2000到2100之间"})
    return year


def clean(kind, raw, user):
    """JSON-safe parameters for `kind`, or a Chinese ValidationError naming the field."""
    if kind not in SPECS:
        raise ValidationError({"kind": "未知的报表类型"})
    spec = SPECS[kind]
    name, obj = _target(spec, raw, user)
    params = {name: obj.pk}
    if spec.period == "month":
        params["month"] = _month(raw.get("month") or timezone.localdate().strftime("%Y-%m"))
    elif spec.period == "month_optional" and raw.get("month"):
        params["month"] = _month(raw["month"])
    elif spec.period == "year":
        params["year"] = _year(raw.get("year") or timezone.localdate().year)
    elif spec.period == "year_optional" and raw.get("year"):
        params["year"] = _year(raw["year"])
    if spec.issuer:
        for field, (label, limit) in ISSUER_FIELDS.items():
            value = str(raw.get(field) or "").strip()
            if len(value) > limit:
                raise ValidationError({field: f"{label}不能超过{limit}个字"})
            params[field] = value
        if not params["issuer"]:
            params["issuer"] = str(obj.branch if name == "member" else obj)
    return params


def target(params):
    """(name, object) of the job's target, loaded fresh (the task re-applies scope on top)."""
    for name, model in TARGET_MODELS.items():
        if params.get(name):
            return name, model.objects.get(pk=params[name])
    raise ValidationError("报表参数缺少对象")


def month_range(value):
    year, month = (int(p) for p in value.split("-"))
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def describe(kind, params):
    name, obj = target(params)
    label = "月度报表" if kind == ReportKind.MONTHLY else ReportKind(kind).label
    when = params.get("month") or (f"{params['year']}年" if params.get("year") else "")
    if when and "-" in when:
        year, month = when.split("-")
        when = f"{year}年{int(month)}月"
    return "".join(filter(None, [when, str(obj), label]))
