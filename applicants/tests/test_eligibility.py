"""assess_applicant: the engine decides every rule, from the stored profile and facts."""

from datetime import timedelta

from django.utils import timezone

from applicants.eligibility import assess_applicant
from rules.engine.verdict import Outcome, Overall


def _assess(applicant, unit=None, contract=None):
    return assess_applicant(applicant, today=timezone.localdate(), unit=unit, contract=contract)


def test_complete_applicant_with_unit_and_contract_can_submit(complete, unit, contract):
    assessment = _assess(complete, unit, contract)
    verdict = assessment.verdict
    assert verdict is not None and verdict.overall == Overall.ELIGIBLE, [
        (r.rule, r.reason_zh) for r in verdict.results if r.outcome is Outcome.FAIL
    ]
    assert {r.rule for r in verdict.results} >= {"P1", "P2", "P3", "P4", "P5", "F1", "F8"}
    assert assessment.condition.rule == "C1"
    assert not assessment.missing
    assert assessment.can_submit


def test_before_association_p1_fails(complete):
    assessment = _assess(complete)
    assert assessment.verdict.result("P1").outcome is Outcome.FAIL
    assert not assessment.can_submit


def test_missing_materials_block_submission(bare, unit, contract):
    assessment = _assess(bare, unit, contract)
    assert assessment.verdict.eligible
    assert {m.kind.code for m in assessment.materials_to_upload} == {
        "M1",
        "M2",
        "M3-degree",
        "M4-residence-permit",
        "M5",
    }
    assert not assessment.can_submit


def test_p5_income_below_the_threshold_fails(complete, unit, contract):
    complete.facts["monthly_taxable_income"] = "14323"
    assessment = _assess(complete, unit, contract)
    p5 = assessment.verdict.result("P5")
    assert p5.outcome is Outcome.FAIL
    assert "低于 2026 年申报标准 14,324 元" in p5.reason_zh
    assert not assessment.can_submit


def test_p5_income_at_the_threshold_passes(complete, unit, contract):
    complete.facts["monthly_taxable_income"] = "14324"
    assessment = _assess(complete, unit, contract)
    assert assessment.verdict.result("P5").outcome is Outcome.PASS
    assert assessment.can_submit


def test_an_unchosen_c4_claim_does_not_exempt_from_p5(complete, unit, contract):
    year = timezone.localdate().year
    complete.facts.update(
        monthly_taxable_income="9000",
        annual_taxable_income={str(year - back): "900000" for back in (1, 2, 3)},
    )
    complete.facts["employer"]["category"] = "high_tech_enterprise"
    assert _assess(complete, unit, contract).verdict.result("P5").outcome is Outcome.FAIL
    complete.talent_condition = "C4"
    assessment = _assess(complete, unit, contract)
    assert assessment.verdict.result("C4").outcome is Outcome.PASS
    assert assessment.verdict.result("P5").outcome is Outcome.NOT_APPLICABLE


def test_a_chosen_condition_that_fails_blocks_submission(complete, unit, contract):
    complete.talent_condition = "C2"  # no title: C2 fails although C1 passes
    assessment = _assess(complete, unit, contract)
    assert assessment.verdict.eligible
    assert assessment.condition_fails
    assert not assessment.can_submit


def test_filing_rules_are_evaluated_from_the_profile(complete, unit, contract):
    complete.current_address = "荣华南路某小区"
    assessment = _assess(complete, unit, contract)
    assert assessment.verdict.result("F1").outcome is Outcome.FAIL
    assert not assessment.verdict.eligible


def test_the_unit_name_counts_for_f7_and_m7(complete, unit, contract):
    complete.work_history.update(employer=unit.name)
    assessment = _assess(complete, unit, contract)
    assert assessment.verdict.result("F7").outcome is Outcome.FAIL
    assert assessment.verdict.result("M7").outcome is Outcome.PASS


def test_expiring_contract_fails_t5(complete, unit, contract):
    contract.end_date = timezone.localdate() + timedelta(days=10)
    assert _assess(complete, unit, contract).verdict.result("T5").outcome is Outcome.FAIL


def test_no_facts_means_no_verdict_and_says_what_is_missing(bare):
    bare.facts = {}
    bare.talent_condition = ""
    assessment = _assess(bare)
    assert assessment.verdict is None
    assert any("C1–C8" in m for m in assessment.missing)
    assert not assessment.can_submit


def test_h8_refusal_is_reported(complete, unit, contract):
    complete.facts["residence"]["tenure"] = "demolition_agreement"
    assessment = _assess(complete, unit, contract)
    assert assessment.residence_refused.rule == "H8"
    assert assessment.verdict.result("H8").outcome is Outcome.FAIL


def test_incomes_saved_in_december_are_the_same_years_in_january(complete, unit, contract):
    """C4 (and C5, C8) judge calendar years: facts saved on 2026-12-31 name 2023–2025, and a
    submission on 2027-01-02 gives the engine those same years, not years counted anew."""
    from datetime import date

    from applicants.eligibility import person_payload
    from applicants.forms import FactsForm

    saved_on = date(2026, 12, 31)
    data = {
        f"{name}": value
        for name, value in FactsForm.initial_for(complete).items()
        if value not in (None, "", False)
    }
    data.update(
        {
            "annual_taxable_income__2023": "700000",
            "annual_taxable_income__2024": "710000",
            "annual_taxable_income__2025": "720000",
        }
    )
    form = FactsForm(data, years=[2023, 2024, 2025])
    assert form.is_valid(), form.errors
    complete.facts = form.stored_facts()
    complete.talent_condition = "C4"
    seen = [
        person_payload(complete, today=day, unit=unit)["annual_taxable_income"]
        for day in (saved_on, date(2027, 1, 2))
    ]
    assert seen[0] == seen[1] == {"2023": "700000", "2024": "710000", "2025": "720000"}
