"""Cleaning single cells from real-world spreadsheets: full-width characters, stray spaces,
dates in every way people type them, numbers Excel stored for text."""

import datetime
import re

from django.core.exceptions import ValidationError

# Full-width ASCII (！ to ～) and the ideographic space become their half-width forms.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
EXCEL_EPOCH = datetime.date(1899, 12, 30)
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def halfwidth(text):
    return text.translate(_FULLWIDTH)


def clean_text(value):
    """A cell as clean text: half-width, no stray spaces (inside Chinese names too), '' for empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = halfwidth(str(value)).replace("\u00a0", " ").strip()
    return re.sub(r"\s+", " ", text)


def clean_name(value):
    """Names: spaces people put between characters ("张 三") are not part of the name."""
    text = clean_text(value)
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)


def clean_id_number(value):
    """ID-card numbers typed as text, or stored by Excel as a number. A number above 15 digits
    has lost its last digits to floating point: say so instead of importing a wrong number."""
    if isinstance(value, bool):
        return clean_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and value < 1e15:
            return str(int(value))
        raise ValidationError("身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后重新填写")
    text = clean_text(value).replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+\d+", text):
        raise ValidationError("身份证号被 Excel 存成了科学计数法（如 3.20412E+17），末几位已丢失；请把该列设为“文本”后重新填写")
    return text.upper()


def parse_date(value, field_label="日期"):
    """2019/10/1, 2019-10-01, 2019年10月1日, 2019.10.1, 20191001, an Excel serial or a real date."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial range (1900-01-01 … 9999-12-31)
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = clean_text(value).replace(" ", "")
    if re.fullmatch(r"\d{5}(\.0)?", text):
        return EXCEL_EPOCH + datetime.timedelta(days=int(float(text)))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise ValidationError(f"{field_label}“{text}”无法识别，请写成 2019-10-01 或 2019年10月1日")


_TIME = re.compile(r"^(.*?)[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$")


def parse_datetime(value, field_label="时间"):
    """A date as parse_date reads it plus a time ("2019/10/1 9:00", "2019年10月1日 09:30"), an Excel
    serial with a fraction of a day, or a real datetime. Local time (Asia/Shanghai)."""
    from django.utils import timezone

    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        moment = datetime.datetime.combine(EXCEL_EPOCH, datetime.time()) + datetime.timedelta(days=float(value))
        moment = moment.replace(microsecond=0)
    else:
        text = clean_text(value)
        match = _TIME.match(text)
        if not match:
            raise ValidationError(f"{field_label}“{text}”无法识别，请写成 2019-10-01 09:00")
        day = parse_date(match.group(1), field_label)
        hour, minute, second = int(match.group(2)), int(match.group(3)), int(match.group(4) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise ValidationError(f"{field_label}“{text}”中的时刻不正确")
        moment = datetime.datetime.combine(day, datetime.time(hour, minute, second))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
