"""Unit eligibility U1–U9 (and the unit's tax certificate, T6)."""

from datetime import date

import pytest

from rules.engine.unit import check_u7, is_start_up

from .builders import unit_payload


def outcome(judge, rule, **overrides):
    return judge("unit", unit_payload(**overrides)).result(rule)


def test_baseline_unit_is_eligible(judge):
    verdict = judge("unit", unit_payload())
    assert verdict.overall == "eligible", [r for r in verdict.results if r.outcome != "pass"]


@pytest.mark.parametrize(
    "entity_type",
    [
        "enterprise_legal_person",
        "public_institution",
        "private_non_enterprise",
        "social_organisation",
    ],
)
def test_u1_admitted_entity_types_pass(judge, entity_type):
    assert outcome(judge, "U1", entity_type=entity_type).outcome == "pass"


def test_u1_branch_passes(judge):
    r = outcome(judge, "U1", entity_type="branch", head_office_registered_capital=2_000_000)
    assert r.outcome == "pass"


def test_u1_other_entity_type_fails(judge):
    r = outcome(judge, "U1", entity_type="other")
    assert r.outcome == "fail"
    assert "U1" in r.reason_zh


def test_u2_six_months_of_zone_tax_passes(judge):
    assert outcome(judge, "U2", zone_tax_months=6).outcome == "pass"


def test_u2_not_registered_in_zone_fails(judge):
    assert outcome(judge, "U2", registered_in_zone=False).outcome == "fail"


def test_u2_five_months_needs_review_in_principle(judge):
    r = outcome(judge, "U2", zone_tax_months=5)
    assert r.outcome == "review"
    assert "原则上" in r.reason_zh and "5 个月" in r.reason_zh


def test_u3_capital_at_one_million_passes(judge):
    r = outcome(judge, "U3", registered_capital=1_000_000)
    assert r.outcome == "pass"
    assert "1,000,000" in r.reason_zh


def test_u3_capital_below_one_million_fails(judge):
    r = outcome(judge, "U3", registered_capital=999_999)
    assert r.outcome == "fail"
    assert "999,999 元，低于 1,000,000 元（U3）" in r.reason_zh


def test_u3_branch_uses_head_office_capital_pass_and_fail(judge):
    small = {"entity_type": "branch", "registered_capital": 0}
    assert outcome(judge, "U3", **small, head_office_registered_capital=1_000_000).outcome == "pass"
    assert outcome(judge, "U3", **small, head_office_registered_capital=500_000).outcome == "fail"
    assert outcome(judge, "U3", **small).outcome == "fail"  # head office's capital missing


def test_u4_scope_without_real_estate_development_passes(judge):
    assert outcome(judge, "U4", business_scope="房地产经纪；物业管理").outcome == "pass"


def test_u4_scope_with_real_estate_development_fails(judge):
    assert outcome(judge, "U4", business_scope="技术开发；房地产 开发").outcome == "fail"


def test_u5_tax_at_200k_passes(judge):
    r = outcome(judge, "U5", previous_year_zone_tax=200_000)
    assert r.outcome == "pass"
    assert "2025 年" in r.reason_zh


def test_u5_tax_below_200k_fails_in_principle_so_needs_review(judge):
    # The handbook: 纳税额“原则上”不低于20万 — not met, so a reviewer decides.
    r = outcome(judge, "U5", previous_year_zone_tax=199_999)
    assert r.outcome == "review"
    assert "199,999" in r.reason_zh


def test_u5_start_up_in_strategic_industry_passes_without_tax(judge):
    r = outcome(
        judge,
        "U5",
        previous_year_zone_tax=0,
        strategic_emerging_industry=True,
        established_on="2021-03-02",
    )
    assert r.outcome == "pass"


def test_u5_start_up_age_boundary_is_the_fifth_anniversary():
    assert is_start_up(date(2021, 3, 2), date(2026, 3, 2))  # 5 years to the day: within
    assert not is_start_up(date(2021, 3, 1), date(2026, 3, 2))  # a day over


def test_u5_start_up_over_five_years_is_not_exempt(judge):
    r = outcome(
        judge,
        "U5",
        previous_year_zone_tax=0,
        strategic_emerging_industry=True,
        established_on="2021-03-01",
    )
    assert r.outcome == "review"


def test_u5_public_institution_not_profit_making_is_not_applicable(judge):
    r = outcome(judge, "U5", entity_type="public_institution", previous_year_zone_tax=0)
    assert r.outcome == "not_applicable"
    r = outcome(
        judge,
        "U5",
        entity_type="private_non_enterprise",
        profit_making=True,
        previous_year_zone_tax=0,
    )
    assert r.outcome == "review"


def test_u6_branch_with_four_permits_passes(judge):
    branch = {"entity_type": "branch", "head_office_registered_capital": 5_000_000}
    assert outcome(judge, "U6", **branch, permits_held=4).outcome == "pass"


def test_u6_branch_with_five_permits_fails_in_principle_so_needs_review(judge):
    branch = {"entity_type": "branch", "head_office_registered_capital": 5_000_000}
    r = outcome(judge, "U6", **branch, permits_held=5)
    assert r.outcome == "review"
    assert "6 人" in r.reason_zh


def test_u6_does_not_apply_to_legal_persons(judge):
    assert outcome(judge, "U6", permits_held=50).outcome == "not_applicable"


def test_u7_agency_is_flagged_for_reviewers(judge):
    r = outcome(judge, "U7", agency_kind="labour_dispatch")
    assert r.outcome == "review"
    assert "备案" in r.reason_zh


def test_u7_agency_own_staff_passes_and_dispatched_worker_fails():
    from rules.engine.types import AgencyKind

    assert check_u7(AgencyKind.HR_SERVICE, False).outcome == "pass"
    assert check_u7(AgencyKind.HR_SERVICE, True).outcome == "fail"
    assert check_u7(AgencyKind.NONE, True).outcome == "not_applicable"


def test_u8_key_support_unit_passes_as_flagged(judge):
    r = outcome(judge, "U8", key_support="biomedicine_health")
    assert r.outcome == "pass"
    assert "生物医药和大健康" in r.reason_zh


def test_u8_other_unit_fails_to_qualify_so_not_applicable(judge):
    assert outcome(judge, "U8").outcome == "not_applicable"


def test_u9_unexpired_quota_passes(judge):
    r = outcome(judge, "U9", quota={"remaining": 1, "expires_on": "2026-03-02"})
    assert r.outcome == "pass"


@pytest.mark.parametrize(
    "quota",
    [
        None,
        {"remaining": 0, "expires_on": "2026-12-31"},
        {"remaining": 2, "expires_on": "2026-03-01"},
    ],
)
def test_u9_missing_used_up_or_expired_quota_fails(judge, quota):
    assert outcome(judge, "U9", quota=quota).outcome == "fail"


def test_t6_certificate_within_three_months_passes(judge):
    assert outcome(judge, "T6", tax_certificate_date="2025-12-02").outcome == "pass"


@pytest.mark.parametrize("certificate", ["2025-12-01", "2026-03-03", None])
def test_t6_old_future_or_missing_certificate_fails(judge, certificate):
    assert outcome(judge, "T6", tax_certificate_date=certificate).outcome == "fail"
