"""PR4 by month: 36 continuous months withheld by the contract's party A; a change of
employer agrees in names and dates with the contracts (handbook 续签条件 3)."""

from datetime import date

from rules.engine.continuity import WithholdingMonth, check_pr4_continuity, required_months
from rules.engine.types import Contract
from rules.engine.verdict import Outcome

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
    result = check_pr4_continuity(
        _months(lambda m: NEW), [Contract(NEW, date(2020, 1, 1), None)], SUBMITTED
    )
    assert result.outcome is Outcome.PASS, result.reason_zh
    assert result.figures["from"] == "2023-10"


def test_pr4_names_the_month_without_tax_withheld():
    rows = _months(lambda m: NEW)
    rows[5] = WithholdingMonth(rows[5].month, NEW, "")
    result = check_pr4_continuity(rows, [Contract(NEW, date(2020, 1, 1), None)], SUBMITTED)
    assert result.outcome is Outcome.FAIL
    assert "2024-03 无个税代扣代缴记录" in result.reason_zh
    assert result.problems[0].path == "withholding[5]"
    assert result.figures["gaps"] == ["2024-03"]


def test_pr4_a_month_nobody_entered_is_a_gap():
    rows = _months(lambda m: NEW)[1:]
    result = check_pr4_continuity(rows, [Contract(NEW, date(2020, 1, 1), None)], SUBMITTED)
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
    assert check_pr4_continuity(rows, contracts, SUBMITTED).outcome is Outcome.PASS


def test_pr4_names_the_change_whose_dates_disagree_with_the_contracts():
    # The new unit withheld from 2025-03, but its contract starts only in 2025-05.
    rows = _months(lambda m: OLD if m < date(2025, 3, 1) else NEW)
    contracts = [
        Contract(OLD, date(2019, 1, 1), date(2025, 4, 30)),
        Contract(NEW, date(2025, 5, 1), None),
    ]
    result = check_pr4_continuity(rows, contracts, SUBMITTED)
    assert result.outcome is Outcome.FAIL
    assert "2025-03 个税代扣代缴单位由" in result.reason_zh
    assert f"“{OLD}”变更为“{NEW}”" in result.reason_zh
    assert result.figures["mismatched"] == ["2025-03", "2025-04"]


def test_pr4_a_month_no_contract_covers_points_at_the_contracts():
    rows = _months(lambda m: NEW)
    result = check_pr4_continuity(rows, [Contract(NEW, date(2024, 1, 1), None)], SUBMITTED)
    assert result.outcome is Outcome.FAIL
    assert {p.path for p in result.problems} == {"contracts"}
    assert "2023-10 没有劳动合同覆盖" in result.reason_zh


def test_pr4_names_are_compared_as_typed_width_and_spaces_aside():
    rows = _months(lambda m: "北京亦庄示范科技有限公司 ")
    result = check_pr4_continuity(rows, [Contract(NEW, date(2020, 1, 1), None)], SUBMITTED)
    assert result.outcome is Outcome.PASS
