"""Cell widgets for django-import-export: each turns a messy cell into a value or raises
ValueError with a Chinese message (the resource names the row and column)."""

from django.core.exceptions import ValidationError
from import_export import widgets

from volunteer import scope
from volunteer.imports.cleaning import clean_name, clean_text, parse_date, parse_datetime


class TextWidget(widgets.Widget):
    def __init__(self, required=False, label="", name=False, **kwargs):
        super().__init__(**kwargs)
        self.required, self.label, self.name = required, label, name

    def clean(self, value, row=None, **kwargs):
        text = clean_name(value) if self.name else clean_text(value)
        if self.required and not text:
            raise ValueError(f"请填写{self.label}")
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ChoiceWidget(widgets.Widget):
    """A choice by its Chinese label (or its stored value)."""

    def __init__(self, choices, label, required=True, **kwargs):
        super().__init__(**kwargs)
        self.by_text = {text: value for value, text in choices} | {value: value for value, _ in choices}
        self.label, self.required = label, required

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value).replace(" ", "")
        if not text:
            if self.required:
                raise ValueError(f"请填写{self.label}")
            return None
        if text not in self.by_text:
            allowed = "、".join(t for t in self.by_text if not t.isascii())
            raise ValueError(f"{self.label}“{text}”不是可选值（{allowed}）")
        return self.by_text[text]


class DateWidget(widgets.Widget):
    def __init__(self, label, **kwargs):
        super().__init__(**kwargs)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        try:
            return parse_date(value, self.label)
        except ValidationError as error:
            raise ValueError(error.messages[0])

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class DateTimeWidget(widgets.Widget):
    def __init__(self, label, required=False, **kwargs):
        super().__init__(**kwargs)
        self.label, self.required = label, required

    def clean(self, value, row=None, **kwargs):
        try:
            moment = parse_datetime(value, self.label)
        except ValidationError as error:
            raise ValueError(error.messages[0])
        if moment is None and self.required:
            raise ValueError(f"请填写{self.label}")
        return moment

    def render(self, value, obj=None, **kwargs):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class NumberWidget(widgets.Widget):
    """A number as 2.5, "2.5小时" or "２.５" (the unit is dropped); empty is None."""

    def __init__(self, label, unit="", places="0.01", required=False, **kwargs):
        super().__init__(**kwargs)
        self.label, self.unit, self.places, self.required = label, unit, places, required

    def clean(self, value, row=None, **kwargs):
        from decimal import Decimal, InvalidOperation

        text = clean_text(value).replace(" ", "").replace(",", "")
        text = text.removesuffix(self.unit) if self.unit else text
        if not text:
            if self.required:
                raise ValueError(f"请填写{self.label}")
            return None
        try:
            return Decimal(text).quantize(Decimal(self.places))
        except InvalidOperation:
            raise ValueError(f"{self.label}“{text}”不是数字")


def HoursWidget():  # noqa: N802 - reads like the widget it returns
    return NumberWidget("服务时长", unit="小时")


class BoundaryWidget(widgets.Widget):
    """A grid boundary as GeoJSON text (Polygon, MultiPolygon or Feature), cleaned to its
    geometry; empty is None."""

    def __init__(self, label="边界（GeoJSON）", **kwargs):
        super().__init__(**kwargs)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        from volunteer.dashboard.boundaries import validate_boundary

        text = "" if value is None else str(value).strip()
        try:
            return validate_boundary(text, label=self.label)
        except ValidationError as error:
            raise ValueError(error.messages[0])

    def render(self, value, obj=None, **kwargs):
        import json

        return json.dumps(value, ensure_ascii=False) if value else ""


class YesNoWidget(widgets.Widget):
    YES = {"是", "有", "√", "✓", "1", "y", "yes", "true", "上架", "启用"}
    NO = {"否", "无", "没有", "×", "✗", "0", "n", "no", "false", "下架", "停用"}

    def __init__(self, label, default=False, **kwargs):
        super().__init__(**kwargs)
        self.label, self.default = label, default

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value).replace(" ", "").lower()
        if not text:
            return self.default
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(f"{self.label}“{text}”应填写“是”或“否”")


class ScopedLookupWidget(widgets.Widget):
    """A related record by code or name, looked up among those the importing user may use.
    Lookups are cached for the file: 10,000 rows of one community cost one query per name."""

    def __init__(self, queryset, label, name_fields=("name",), required=True, code_field="code", scoped=True,
                 **kwargs):
        super().__init__(**kwargs)
        self.queryset, self.label, self.name_fields, self.required = queryset, label, name_fields, required
        self.code_field, self.scoped = code_field, scoped
        self._cache = {}

    def clean(self, value, row=None, user=None, **kwargs):
        text = clean_text(value).replace(" ", "")
        if not text:
            if self.required:
                raise ValueError(f"请填写{self.label}")
            return None
        key = (getattr(user, "pk", None), text)
        if key not in self._cache:
            self._cache[key] = self._find(text, user)
        found = self._cache[key]
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def _find(self, text, user):
        # Shared vocabularies (categories) are not grid data: everyone may use them.
        visible = scope.restrict(self.queryset, user) if self.scoped and user is not None else self.queryset
        by_code = visible.filter(**{f"{self.code_field}__iexact": text}).first() if self.code_field else None
        if by_code:
            return by_code
        ambiguous = False
        for field in self.name_fields:  # e.g. the full label first, then the short name
            found = list(visible.filter(**{field: text})[:2])
            if len(found) == 1:
                return found[0]
            ambiguous = ambiguous or len(found) > 1
        if ambiguous:
            return f"{self.label}“{text}”有重名，请填写编码或全称"
        return f"{self.label}“{text}”不存在或不在您的管辖范围内" if self.scoped else f"{self.label}“{text}”不存在"

    def render(self, value, obj=None, **kwargs):
        return str(value) if value else ""
