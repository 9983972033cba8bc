"""Identity numbers: resident ID number (GB 11643) and unified social credit code (GB 32100)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


# Province-level prefixes of GB/T 2260 (the first two digits of a resident ID number).
# County-level codes change over the years, so only the province is checked.
PROVINCE_CODES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    }
)
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"  # ISO 7064 MOD 11-2: index = weighted sum mod 11
_EARLIEST_BIRTH = date(1900, 1, 1)


class IdentityError(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} {en}")
        self.zh = zh
        self.en = en


@dataclass(slots=True, frozen=True)
class ResidentId:
    number: str
    birth_date: date
    gender: Gender
    region: str  # the six-digit address code


def resident_id_check_character(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def parse_resident_id(value: str, *, today: date) -> ResidentId:
    """Validate an 18-character resident ID number and read its birth date and gender.

    Checks: length, 17 digits, the ISO 7064 MOD 11-2 check character (a lower-case x is
    accepted as X), a real birth date from 1900 on and not after ``today``, and a province
    prefix of GB/T 2260.
    """
    number = value.strip().upper()
    if len(number) != 18:
        raise IdentityError(
            f"身份证号码应为 18 位，实际 {len(number)} 位",
            f"a resident ID number has 18 characters, not {len(number)}",
        )
    first17 = number[:17]
    if not (first17.isascii() and first17.isdigit()):
        raise IdentityError("身份证号码前 17 位应为数字", "the first 17 characters must be digits")
    if number[17] != resident_id_check_character(first17):
        raise IdentityError(
            "身份证号码校验位不正确，请核对每一位", "the check character is wrong: check each digit"
        )
    if number[:2] not in PROVINCE_CODES:
        raise IdentityError(
            f"身份证号码地区码 {number[:2]} 不是有效的省级行政区划代码",
            f"region prefix {number[:2]} is not a province code of GB/T 2260",
        )
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentityError(
            f"身份证号码中的出生日期 {number[6:14]} 不存在",
            f"the birth date {number[6:14]} in the number does not exist",
        ) from None
    if birth > today or birth < _EARLIEST_BIRTH:
        raise IdentityError(
            f"身份证号码中的出生日期 {birth.isoformat()} 不可能",
            f"the birth date {birth.isoformat()} in the number is impossible",
        )
    gender = Gender.MALE if int(number[16]) % 2 else Gender.FEMALE
    return ResidentId(number, birth, gender, number[:6])


def normalise_credit_code(value: str) -> str:
    """Validate a unified social credit code (GB 32100) with python-stdnum; return it compact."""
    try:
        return uscc.validate(value)
    except StdnumError:
        raise IdentityError(
            "统一社会信用代码无效（应为 18 位，校验位须正确）",
            "not a valid unified social credit code (18 characters with a correct check character)",
        ) from None
