import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_id_card
from volunteer.validators import validate_id_card, validate_mobile


def test_real_wujin_number_born_before_the_region_code_existed_is_accepted():
    # 320412 (武进区) exists from 2002; python-stdnum's validate() refuses a 1975 birth.
    number = make_id_card("320412", datetime.date(1975, 3, 8), 123)
    assert validate_id_card(number) == number


@pytest.mark.parametrize("region", ["320483", "320421", "110101"])
def test_historical_and_current_region_codes_are_accepted(region):
    number = make_id_card(region, datetime.date(1968, 12, 1), 45)
    assert validate_id_card(number) == number


def test_lowercase_x_and_fullwidth_digits_and_spaces_are_normalized():
    number = make_id_card("320412", datetime.date(1980, 1, 1), 0)
    # find a number whose check digit is X
    seq = 0
    while not number.endswith("X"):
        seq += 1
        number = make_id_card("320412", datetime.date(1980, 1, 1), seq)
    messy = " " + number[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x "
    assert validate_id_card(messy) == number


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("32041219750308123", "18位"),
        ("3204121975030812A4", "格式不正确"),
        ("320412197502301234", "出生日期"),
        ("320412209901011234", "出生日期"),
    ],
)
def test_malformed_numbers_are_refused_with_a_chinese_message(value, fragment):
    with pytest.raises(ValidationError) as err:
        validate_id_card(value)
    assert fragment in err.value.messages[0]


def test_wrong_check_digit_is_refused():
    number = make_id_card("320412", datetime.date(1975, 3, 8), 123)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError) as err:
        validate_id_card(wrong)
    assert "校验位" in err.value.messages[0]


def test_unknown_region_code_is_refused():
    with pytest.raises(ValidationError) as err:
        validate_id_card(make_id_card("999999", datetime.date(1975, 3, 8), 1))
    assert "地区码" in err.value.messages[0]


@pytest.mark.parametrize("raw", ["13812345678", "+86 138 1234 5678", "138-1234-5678", "008613812345678"])
def test_mobile_forms_normalize_to_eleven_digits(raw):
    assert validate_mobile(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["1381234567", "23812345678", "12812345678", "abc", ""])
def test_malformed_mobiles_are_refused(raw):
    with pytest.raises(ValidationError) as err:
        validate_mobile(raw)
    assert "手机号码" in err.value.messages[0]
