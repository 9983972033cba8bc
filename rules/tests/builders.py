"""Facts that pass every rule, to be changed one field at a time by each test."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from rules.engine.identity import resident_id_check_character

UNIT_NAME = "北京亦庄示范科技有限公司"
SUBMITTED = date(2026, 3, 2)  # a Monday; application year 2026 (provisional row, W1)


def make_id(birth: date, *, male: bool = True, region: str = "110115", seq: int = 12) -> str:
    """A valid resident ID number: region, birth date, sequence (odd = male), check char."""
    order = seq * 10 + (1 if male else 2)
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + resident_id_check_character(first17)


def person_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "name": "李申请",
        "id_number": make_id(date(1990, 5, 17)),
        "submission_date": SUBMITTED.isoformat(),
        "employer": {"name": UNIT_NAME, "category": "other", "agency_kind": "none"},
        "monthly_taxable_income": 20000,
        "months_salary_paid": 6,
        "months_social_insurance": 6,
        "months_income_tax": 6,
        "contract": {
            "party_a": UNIT_NAME,
            "start_date": "2025-06-01",
            "end_date": "2028-05-31",
            "work_location": "北京市大兴区",
        },
        "degree": "bachelor",
        "work_experience_months": 36,
        "residence": {
            "kind": "own_home",
            "has_property_certificate": True,
            "property_use": "residential",
        },
    }
    return _merge(payload, overrides)


def form_payload(**overrides: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "current_address": "荣华中路10号院3号楼2单元501",
        "current_region": {"province": "北京市", "city": "北京市", "district": "大兴区"},
        "register_address": "长安街道解放路8号",
        "register_region": {"province": "河北省", "city": "石家庄市", "district": "长安区"},
        "graduation_school": "北京理工大学",
        "graduation_date": "2012-07-01",
        "final_diploma_issuer": "北京理工大学",
        "final_diploma_issued_on": "2012-07-01",
        "education": [
            {
                "level": "senior_high",
                "school": "河北省石家庄市第二中学",
                "summary": "学习高中课程",
                "start_date": "2005-09-01",
                "end_date": "2008-07-01",
            },
            {
                "level": "bachelor",
                "school": "北京理工大学",
                "summary": "计算机科学与技术专业本科",
                "start_date": "2008-09-01",
                "end_date": "2012-07-01",
            },
        ],
        "work_history": [
            {"employer": "北京某软件有限公司", "start_date": "2012-08-01", "end_date": "2025-05-31"}
        ],
        "dependants": [],
    }
    return _merge(form, overrides)


def unit_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "name": UNIT_NAME,
        "credit_code": "91110302MA01K7W30" + _uscc_check("91110302MA01K7W30"),
        "entity_type": "enterprise_legal_person",
        "registered_in_zone": True,
        "zone_tax_months": 24,
        "registered_capital": 5_000_000,
        "business_scope": "软件开发；技术服务",
        "previous_year_zone_tax": 800_000,
        "established_on": "2018-04-01",
        "application_date": SUBMITTED.isoformat(),
        "quota": {"remaining": 3, "expires_on": "2026-12-31"},
        "tax_certificate_date": "2026-02-10",
    }
    return _merge(payload, overrides)


def renewal_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "name": "李申请",
        "id_number": make_id(date(1980, 5, 17)),
        "submission_date": "2026-09-01",
        "employer": {"name": UNIT_NAME},
        "permit_issued_on": "2023-11-01",
        "permit_expires_on": "2026-10-31",
        "months_social_insurance": 36,
        "months_income_tax": 36,
        "withholding_matches_contract": True,
        "contract": {
            "party_a": UNIT_NAME,
            "start_date": "2023-06-01",
            "end_date": None,
            "work_location": "",
        },
    }
    return _merge(payload, overrides)


def _uscc_check(base: str) -> str:
    from stdnum.cn import uscc

    return uscc.calc_check_digit(base)


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Overrides replace top-level keys; a value of ... removes the key."""
    merged = copy.deepcopy(base)
    for key, value in overrides.items():
        if value is ...:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged
