"""Validation of personal identifiers (ID-card numbers, mobiles). Messages are in Chinese and
name the field, because admins read them next to the row they typed."""

import datetime
import functools
import re

from django.core.exceptions import ValidationError
from stdnum import numdb
from stdnum.cn import ric

FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_CARD_RE = re.compile(r"^\d{17}[\dX]$")


def normalize_id_card(value):
    return str(value or "").translate(FULLWIDTH).replace(" ", "").strip().upper()


@functools.lru_cache(maxsize=8192)  # a roster repeats a handful of region codes
def region_name(code):
    """The county of a 6-digit region code in any era, or None if the code never existed.

    stdnum's full validate() also demands the code existed in the holder's birth year, which
    rejects real numbers (320412 武进区 exists from 2002, its people were born earlier)."""
    info = {k: v for _, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    county = info.get("county")
    if not county:
        return None
    return county.split(",")[-1].split("]")[-1]


def validate_id_card(value):
    """Return the normalized 18-digit number or raise a Chinese ValidationError."""
    number = normalize_id_card(value)
    if len(number) != 18:
        raise ValidationError("身份证号码应为18位，当前为%(n)s位", params={"n": len(number)}, code="length")
    if not ID_CARD_RE.match(number):
        raise ValidationError("身份证号码格式不正确：前17位须为数字，最后一位为数字或X", code="format")
    try:
        birth = ric.get_birth_date(number)
    except Exception:
        raise ValidationError("身份证号码中的出生日期 %(d)s 不是有效日期", params={"d": number[6:14]}, code="birth")
    if birth < datetime.date(1900, 1, 1) or birth > datetime.date.today():
        raise ValidationError("身份证号码中的出生日期 %(d)s 超出合理范围", params={"d": birth.isoformat()}, code="birth")
    if ric.calc_check_digit(number) != number[-1]:
        raise ValidationError("身份证号码校验位错误（GB 11643），请核对后重新输入", code="checksum")
    if region_name(number[:6]) is None:
        raise ValidationError("身份证号码前6位地区码 %(c)s 不存在", params={"c": number[:6]}, code="region")
    return number


def normalize_mobile(value):
    digits = str(value or "").translate(FULLWIDTH)
    digits = re.sub(r"[\s\-()（）]", "", digits)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def validate_mobile(value):
    number = normalize_mobile(value)
    if not MOBILE_RE.match(number):
        raise ValidationError("手机号码格式不正确：应为以1开头的11位大陆手机号", code="mobile")
    return number
