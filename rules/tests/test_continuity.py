"""PR4 by month: 36 continuous months withheld by the contract's party A; a change of
employer agrees in names and dates with the contracts (handbook 续签条件 3)."""

from datetime import date

from rules.engine.continuity import WithholdingMonth, pr4_by_month, required_months
from rules.engine.types import Contract
from rules.engine.verdict import Outcome

from .builders import make_id

OLD = "北京京南信息技术有限公司"
NEW = "北京亦庄示范科技有限公司"
SUBMITTED = date(2026, 10, 15)


def _months(unit_for, submitted=SUBMITTED):
    return [WithholdingMonth(m, unit_for(m), unit_for(m)) for m in required_months(submitted)]


def test_pr4_the_36_months_are_the_calendar_months_before_the_submission_month():
    months = required_months(SUBMITTED)
    assert len(months) == 36
    assert (months[0], months[-1]) == (date(2023, 10, 1), date(2026, 9, 1))


def test_pr4_passes_when_one_unit_withheld_every_month_under_its_contract():
    result = pr4_by_month(
        _months(lambda m: NEW), [Contract(NEW, date(2020, 1, 1), None)], SUBMITTED
    )
    assert result.outcome is Outcome.PASS, result.reason_zh
    assert result.figures["from"] == "2023-10"


def test_pr4_names_the_month_without_tax_withheld():
    rows = _months(lambda m: NEW)
    rows[5] = WithholdingMonth(rows[5].month, NEW, "")
    result = pr4_by_month(rows, [Contract(NEW, date(2020, 1, 1), None)], SUBMITTED)
    assert result.outcome is Outcome.FAIL
    assert "2024-03 无个税代扣代缴记录" in result.reason_zh
    assert result.problems[0].path == "withholding[5]"
    assert result.figures["gaps"] == ["2024-03"]


def test_pr4_a_month_nobody_entered_is_a_gap():
    rows = _months(lambda m: NEW)[1:]
    result = pr4_by_month(rows, [Contract(NEW, date(2020, 1, 1), None)], SUBMITTED)
    assert result.outcome is Outcome.FAIL
    assert result.problems[0].path == "withholding"
    assert "2023-10" in result.reason_zh


def test_pr4_an_employer_change_that_agrees_with_the_contracts_passes():
    change = date(2025, 3, 1)
    rows = _months(lambda m: OLD if m < change else NEW)
    contracts = [
        Contract(OLD, date(2019, 1, 1), date(2025, 2, 28)),
        Contract(NEW, date(2025, 3, 1), None),
    ]
    assert pr4_by_month(rows, contracts, SUBMITTED).outcome is Outcome.PASS


def test_pr4_names_the_change_whose_dates_disagree_with_the_contracts():
    # The new unit withheld from 2025-03, but its contract starts only in 2025-05.
    rows = _months(lambda m: OLD if m < date(2025, 3, 1) else NEW)
    contracts = [
        Contract(OLD, date(2019, 1, 1), date(2025, 4, 30)),
        Contract(NEW, date(2025, 5, 1), None),
    ]
    result = pr4_by_month(rows, contracts, SUBMITTED)
    assert result.outcome is Outcome.FAIL
    assert "2025-03 个税代扣代缴单位由" in result.reason_zh
    assert f"“{OLD}”变更为“{NEW}”" in result.reason_zh
    assert result.figures["mismatched"] == ["2025-03", "2025-04"]


def test_pr4_a_month_no_contract_covers_points_at_the_contracts():
    rows = _months(lambda m: NEW)
    result = pr4_by_month(rows, [Contract(NEW, date(2024, 1, 1), None)], SUBMITTED)
    assert result.outcome is Outcome.FAIL
    assert {p.path for p in result.problems} == {"contracts"}
    assert "2023-10 没有劳动合同覆盖" in result.reason_zh


def test_pr4_names_are_compared_as_typed_width_and_spaces_aside():
    rows = _months(lambda m: "北京亦庄示范科技有限公司 ")
    result = pr4_by_month(rows, [Contract(NEW, date(2020, 1, 1), None)], SUBMITTED)
    assert result.outcome is Outcome.PASS


def test_pr4_fails_through_the_api_json_naming_the_month():
    """The renewal JSON's `withholding` rows decide PR4 month by month."""
    from rules.engine.parse import parse
    from rules.engine.renewal import check_pr4

    months = required_months(SUBMITTED)
    payload = {
        "name": "李申请",
        "id_number": make_id(date(1980, 1, 1)),
        "submission_date": SUBMITTED.isoformat(),
        "employer": {"name": NEW},
        "permit_expires_on": "2026-12-31",
        "months_social_insurance": 36,
        "months_income_tax": 36,
        "withholding_matches_contract": True,
        "withholding": [
            {"month": f"{m.year}-{m.month:02d}", "social_insurance_unit": NEW, "tax_unit": NEW}
            for m in months
            if m != date(2025, 7, 1)
        ],
        "contract_history": [{"party_a": NEW, "start_date": "2020-01-01", "end_date": None}],
    }
    facts = parse("renewal", payload, today=SUBMITTED)
    assert facts.withholding[0].month == date(2023, 10, 1)
    result = check_pr4(
        36,
        36,
        True,
        withholding=facts.withholding,
        contracts=facts.contract_history,
        submitted=SUBMITTED,
    )
    assert result.outcome is Outcome.FAIL
    assert "2025-07" in result.reason_zh
