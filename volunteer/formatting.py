"""How every screen, export and PDF writes the campaign's figures and times — the way people write
them, not the way Python prints them:

- hours: "1.5 小时" (at most two decimals, no trailing zeros; a Sum over SQLite can come back as
  Decimal("0.0100000000000000"), which must never reach a page);
- points: "12.00" (always two decimals, like a till receipt);
- percentages: "83.5%" (one decimal); "—" when there is no one to divide by;
- times: Asia/Shanghai (the current time zone), absolute, to the minute: "12月5日 14:00", with the
  year when it is not this year ("2025年12月5日 14:00"); dates alike ("12月5日");
- in exports (CSV/XLSX) times are "2026-12-05 14:00" local and dates "2026-12-05", which sort and
  which a spreadsheet reads as dates.

The template filters of the same names are in volunteer/templatetags/dy_format.py (a builtin: no
{% load %} needed); Python code (exports, PDFs, admin columns, messages) calls these functions.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

EMPTY = "—"
TWO = Decimal("0.01")
ONE = Decimal("0.1")


def _decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def hours_number(value):
    """The hours as a Decimal with at most two places and no trailing zeros: 1.50 → 1.5, 2.00 → 2."""
    number = _decimal(value)
    if number is None:
        return None
    number = number.quantize(TWO, ROUND_HALF_UP)
    return number.to_integral() if number == number.to_integral() else number.normalize()


def hours_value(value):
    """"1.5" — the number only, for a cell whose heading already says （小时）."""
    number = hours_number(value)
    return EMPTY if number is None else f"{number:f}"


def hours(value):
    """"1.5 小时"."""
    number = hours_number(value)
    return EMPTY if number is None else f"{number:f} 小时"


def points(value):
    """"12.00" — points always with two decimals."""
    number = _decimal(value)
    return EMPTY if number is None else f"{number.quantize(TWO, ROUND_HALF_UP):f}"


def percentage(value):
    """A figure already in percent (83.456) as "83.5%"; a string that already is one stays."""
    if isinstance(value, str) and value.endswith("%"):
        return value
    number = _decimal(value)
    return EMPTY if number is None else f"{number.quantize(ONE, ROUND_HALF_UP):f}%"


def percent(part, whole):
    """part of whole as "83.5%", "—" when there is no one."""
    return percentage(Decimal(part) * 100 / Decimal(whole)) if whole else EMPTY


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _year_prefix(value, with_year):
    if with_year is None:
        with_year = value.year != timezone.localdate().year
    return f"{value.year}年" if with_year else ""


def local_datetime(value, with_year=None):
    """"12月5日 14:00" in Asia/Shanghai; the year when not this year (or with_year=True)."""
    if not value:
        return EMPTY
    if not isinstance(value, datetime.datetime):
        return local_date(value, with_year)
    value = _local(value)
    return f"{_year_prefix(value, with_year)}{value.month}月{value.day}日 {value:%H:%M}"


def local_date(value, with_year=None):
    """"12月5日"; the year when not this year (or with_year=True). A datetime gives its local day."""
    if not value:
        return EMPTY
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return f"{_year_prefix(value, with_year)}{value.month}月{value.day}日"


def local_time(value):
    """"14:00" in Asia/Shanghai."""
    return f"{_local(value):%H:%M}" if value else EMPTY


def export_datetime(value):
    """"2026-12-05 14:00" local — for CSV/XLSX cells; empty when there is no time."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return export_date(value)
    return f"{_local(value):%Y-%m-%d %H:%M}"


def local_naive(value):
    """An aware datetime as the naive Asia/Shanghai time to the minute (a spreadsheet date cell)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)
    return value.replace(second=0, microsecond=0) if isinstance(value, datetime.datetime) else value


def export_date(value):
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return value.isoformat()


def display(value):
    """Any value as a detail page shows it: times absolute and local, numbers without float noise."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, (datetime.datetime, datetime.date)):
        return local_datetime(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        number = value.quantize(TWO, ROUND_HALF_UP)
        return f"{number:f}"
    return value


def export_value(value):
    """Any value as an export cell: local times, Decimals without float noise."""
    if isinstance(value, (datetime.datetime, datetime.date)):
        return export_datetime(value)
    if isinstance(value, Decimal):
        return value.quantize(TWO, ROUND_HALF_UP)
    return value
