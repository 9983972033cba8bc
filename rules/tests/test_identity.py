"""Identity checks: resident ID numbers (GB 11643, ISO 7064 MOD 11-2) and unified social
credit codes (GB 32100, python-stdnum)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from rules.engine.identity import (
    PROVINCE_CODES,
    Gender,
    IdentityError,
    normalise_credit_code,
    parse_resident_id,
    resident_id_check_character,
)

from .builders import make_id

TODAY = date(2026, 11, 27)
DIGITS = "0123456789"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

valid_ids = st.builds(
    lambda province, rest, birth, seq: (
        lambda first17: first17 + resident_id_check_character(first17)
    )(f"{province}{rest:04d}{birth:%Y%m%d}{seq:03d}"),
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.integers(0, 9999),
    st.dates(date(1900, 1, 1), TODAY),
    st.integers(0, 999),
)


def test_reads_birth_date_and_gender():
    number = make_id(date(1990, 5, 17), male=False)
    parsed = parse_resident_id(number, today=TODAY)
    assert parsed.birth_date == date(1990, 5, 17)
    assert parsed.gender is Gender.FEMALE
    assert parsed.region == "110115"


def test_check_character_agrees_with_stdnum():
    for birth in (date(1960, 1, 1), date(1985, 12, 31), date(2004, 2, 29)):
        for seq in range(0, 100, 7):
            number = make_id(birth, seq=seq)
            assert ric.calc_check_digit(number) == number[-1]


def test_lower_case_x_is_accepted():
    for seq in range(200):
        number = make_id(date(1990, 1, 1), seq=seq % 100, male=seq < 100)
        if number.endswith("X"):
            assert parse_resident_id(number.lower(), today=TODAY).number == number
            return
    pytest.fail("no number with check character X generated")


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("11011519900517123", "18"),  # 17 characters
        ("1101151990051712AX", "17"),  # a letter among the first 17
        ("110115199002301236", "出生日期"),  # 30 February does not exist
        ("990115199005171234", "地区"),  # no province 99
    ],
)
def test_rejects_malformed_numbers(number, fragment):
    if len(number) == 18 and number[:17].isdigit():
        number = number[:17] + resident_id_check_character(number[:17])
    with pytest.raises(IdentityError) as err:
        parse_resident_id(number, today=TODAY)
    assert fragment in err.value.zh


def test_rejects_future_birth_date_that_stdnum_accepts():
    tomorrow = TODAY + timedelta(days=1)
    number = make_id(tomorrow)
    assert ric.is_valid(number)  # the trap in STACK.md
    with pytest.raises(IdentityError, match="不可能"):
        parse_resident_id(number, today=TODAY)


def test_birth_date_today_is_possible():
    assert parse_resident_id(make_id(TODAY), today=TODAY).birth_date == TODAY


@settings(deadline=None)
@given(valid_ids)
def test_valid_resident_ids_pass(number):
    parsed = parse_resident_id(number, today=TODAY)
    assert parsed.number == number
    assert parsed.gender is (Gender.MALE if int(number[16]) % 2 else Gender.FEMALE)


@settings(deadline=None)
@given(valid_ids, st.integers(0, 17), st.sampled_from(DIGITS + "X"))
def test_any_single_changed_character_of_a_resident_id_is_caught(number, position, char):
    if number[position] == char:
        char = DIGITS[(DIGITS.index(char) + 1) % 10] if char != "X" else "0"
    changed = number[:position] + char + number[position + 1 :]
    with pytest.raises(IdentityError):
        parse_resident_id(changed, today=TODAY)


valid_credit_codes = st.builds(
    lambda head, tail: (lambda base: base + uscc.calc_check_digit(base))(head + tail),
    st.text(DIGITS, min_size=8, max_size=8),
    st.text(USCC_ALPHABET, min_size=9, max_size=9),
)


@settings(deadline=None)
@given(valid_credit_codes)
def test_valid_credit_codes_pass(code):
    assert normalise_credit_code(code) == code


@settings(deadline=None)
@given(valid_credit_codes, st.integers(0, 17), st.sampled_from(USCC_ALPHABET + "IOZSV"))
def test_any_single_changed_character_of_a_credit_code_is_caught(code, position, char):
    if code[position] == char:
        char = USCC_ALPHABET[(USCC_ALPHABET.index(char) + 1) % len(USCC_ALPHABET)]
    changed = code[:position] + char + code[position + 1 :]
    with pytest.raises(IdentityError):
        normalise_credit_code(changed)


def test_credit_code_of_wrong_length_is_caught():
    with pytest.raises(IdentityError, match="统一社会信用代码"):
        normalise_credit_code("91110000600037341")
