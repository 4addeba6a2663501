"""The figures and times filters (volunteer/formatting.py), a template builtin (cms/settings/base.py):
{{ record.hours|hours }} → "1.5 小时", {{ balance|points }} → "12.00", {{ rate|percentage }} → "83.5%",
{{ activity.starts_at|local_datetime }} → "12月5日 14:00", {{ record.service_date|local_date }}."""

from django import template

from volunteer import formatting

register = template.Library()

for _name in ("hours", "hours_value", "points", "percentage", "local_datetime", "local_date", "local_time",
              "display"):
    register.filter(_name, getattr(formatting, _name), is_safe=False)


@register.filter
def full_datetime(value):
    """With the year always: "2026年12月5日 14:00" (certificates, receipts)."""
    return formatting.local_datetime(value, with_year=True)


@register.filter
def full_date(value):
    return formatting.local_date(value, with_year=True)
