"""The materials checklist follows the answers (M1–M6); H8 refuses a residence."""

from datetime import date

import pytest

from applicants.checklist import (
    required_material_codes,
    required_material_kinds,
    residence_refusal,
)


def _codes(applicant):
    return required_material_codes(applicant)


def test_c1_with_own_residence_permit(bare):
    assert _codes(bare) == ["M1", "M2", "M3-degree", "M4-residence-permit", "M5"]
    kinds = required_material_kinds(bare)
    assert [k.code for k in kinds] == _codes(bare)


def test_c1_foreign_degree_adds_the_cscse_report(bare):
    bare.foreign_degree = True
    assert "M3-cscse" in _codes(bare)
    assert "M3-degree" in _codes(bare)


@pytest.mark.parametrize(
    ("mode", "diploma", "degree", "prompted", "needed"),
    [
        ("full_time", date(2014, 7, 1), date(2014, 7, 1), False, False),
        ("full_time", date(2014, 7, 1), date(2014, 7, 1), True, True),
        ("full_time", date(2000, 7, 1), date(2000, 7, 1), True, False),
        ("full_time", date(2000, 7, 1), date(2008, 9, 1), True, True),
        ("part_time", date(1999, 7, 1), None, True, True),
    ],
)
def test_m3_verification_report_in_the_handbook_ranges(
    bare, mode, diploma, degree, prompted, needed
):
    bare.study_mode = mode
    bare.final_diploma_issued_on = diploma
    bare.degree_issued_on = degree
    bare.verification_prompted = prompted
    assert ("M3-degree-report" in _codes(bare)) is needed


def test_c2_title_materials_follow_how_it_was_obtained(bare):
    bare.talent_condition = "C2"
    bare.title_route = "review"
    bare.title_other_province = True
    assert _codes(bare)[2:5] == ["M3-title", "M3-title-proof", "M3-title-notice"]
    bare.title_route = "overseas"
    assert _codes(bare)[2:4] == ["M3-title", "M3-title-overseas"]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("C3", ["M3-award"]),
        ("C5", ["M3-entity", "M3-tax-36"]),
        ("C6", ["M3-ip"]),
        ("C8", ["M3-personal-tax"]),
    ],
)
def test_m3_for_the_other_conditions(bare, condition, expected):
    bare.talent_condition = condition
    assert _codes(bare)[2:-2] == expected


def test_c4_high_tech_certificate_only_for_a_high_tech_enterprise(bare):
    bare.talent_condition = "C4"
    assert "M3-hnte" not in _codes(bare)
    bare.facts["employer"]["category"] = "high_tech_enterprise"
    assert _codes(bare)[2:4] == ["M3-hnte", "M3-tax-36"]


def test_c7_proof_follows_the_teams_condition(bare):
    bare.talent_condition = "C7"
    bare.facts["innovation_team"] = {"average_annual_tax_3y": "6000000"}
    assert _codes(bare)[2:4] == ["M3-charter", "M3-company-tax"]


@pytest.mark.parametrize(
    ("kind", "facts", "expected"),
    [
        ("own_home", {"has_property_certificate": True}, ["M4-property"]),
        ("own_home", {"move_in_notice": True}, ["M4-purchase-contract", "M4-move-in"]),
        ("rented_home", {"has_property_certificate": True}, ["M4-property", "M4-lease"]),
        ("zone_public_rental", {}, ["M4-public-rental"]),
        ("relative_home", {}, ["M4-property", "M4-owner-id", "M4-lodging"]),
        ("rural_homestead", {}, ["M4-owner-register", "M4-lease"]),
        ("unit_housing", {}, ["M4-property", "M4-lease", "M4-unit-residence"]),
    ],
)
def test_m4_follows_the_residence(bare, kind, facts, expected):
    bare.residence_kind = kind
    bare.facts["residence"].update(facts)
    assert [c for c in _codes(bare) if c.startswith("M4")] == expected


def test_h8_refuses_a_small_property_right_home_without_m4(bare):
    bare.residence_kind = "own_home"
    bare.facts["residence"].update(tenure="small_property_right", has_property_certificate=True)
    assert not [c for c in _codes(bare) if c.startswith("M4")]
    refusal = residence_refusal(bare)
    assert refusal.rule == "H8"
    assert "小产权房不能作为稳定住所" in refusal.reason_zh


def test_h8_refuses_a_non_residential_property(bare):
    bare.residence_kind = "rented_home"
    bare.facts["residence"].update(property_use="office")
    assert residence_refusal(bare).rule == "H8"


def test_children_accompany_adds_m6(bare):
    bare.children_accompany = True
    bare.marital_status = "married"
    assert _codes(bare)[-3:] == ["M6-marriage", "M6-child-register", "M6-birth"]
    bare.marital_status = "divorced"
    assert _codes(bare)[-3:] == ["M6-divorce", "M6-birth", "M6-custody"]
    bare.children_accompany = False
    assert not [c for c in _codes(bare) if c.startswith("M6")]


def test_m7_is_never_on_the_applicants_list(bare):
    assert "M7" not in _codes(bare)
