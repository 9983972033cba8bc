"""Renewal (PR4): age (P2), the window and cut-off (T2), lapse (T3), three years of
continuous social insurance and tax withheld by the contract's unit (PR4), the contract
(M7, T5) and the permit's validity (T7)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .continuity import pr4_by_month
from .deadlines import (
    DEFAULT_VALIDITY_YEARS,
    Business,
    check_t2,
    check_t3,
    check_t5,
    check_t7,
    is_lapsed,
    renewal_window,
)
from .fields import check_m7
from .person import add_promised_completion, check_p2
from .types import Contract, RenewalFacts, WithholdingMonth
from .verdict import RuleResult, Verdict, fail, na, ok
from .workdays import WorkingDayCalendar

CONTINUOUS_MONTHS = 36


def check_pr4(
    social: int,
    tax: int,
    matches_contract: bool,
    *,
    withholding: Sequence[WithholdingMonth] = (),
    contracts: Sequence[Contract] = (),
    submitted: date | None = None,
) -> RuleResult:
    """Given month by month, each month is judged (rules.engine.continuity); otherwise the
    summary figures decide."""
    if withholding and submitted is not None:
        return pr4_by_month(list(withholding), list(contracts), submitted)
    figures = {"social_insurance_months": social, "income_tax_months": tax}
    problems = []
    if social < CONTINUOUS_MONTHS or tax < CONTINUOUS_MONTHS:
        problems.append(
            (
                f"在京社保连续 {social} 个月、纳税连续 {tax} 个月，须均满 36 个月（三年）",
                f"{social} months of continuous Beijing social insurance and {tax} of tax; 36 "
                "of each are needed",
            )
        )
    if not matches_contract:
        problems.append(
            (
                "代扣代缴单位名称（及变更名称、日期）与劳动合同不一致",
                "the withholding unit's name (and any change's name and date) does not match "
                "the labour contract",
            )
        )
    if problems:
        return fail(
            "PR4",
            "；".join(p[0] for p in problems) + "（PR4）",
            "; ".join(p[1] for p in problems) + " (PR4)",
            "核对近 36 个月个人扣缴明细与劳动合同",
            "check the 36 months of withholding details against the contracts",
            figures=figures,
        )
    return ok(
        "PR4",
        f"在京社保 {social} 个月、纳税 {tax} 个月连续满三年，代扣代缴单位与劳动合同一致（PR4）",
        f"{social} months of social insurance and {tax} of tax: three continuous years, "
        "withheld by the contract's unit (PR4)",
        figures=figures,
    )


def evaluate_renewal(
    facts: RenewalFacts,
    calendar: WorkingDayCalendar,
    validity_years: int = DEFAULT_VALIDITY_YEARS,
) -> Verdict:
    """Raises CalendarNotCovered when the cut-off falls in a year no calendar covers."""
    on = facts.submission_date
    expires = facts.permit_expires_on
    t3 = check_t3(expires, on)
    if is_lapsed(expires, on):
        t2 = na(
            "T2",
            "证件已失效，不再适用续签窗口（见 T3）（T2）",
            "the permit has lapsed: no renewal window (see T3) (T2)",
        )
    else:
        t2 = check_t2(on, expires, calendar)
    contract = facts.contract
    results = [
        check_p2(facts.identity, on),
        t3,
        t2,
        check_pr4(
            facts.months_social_insurance,
            facts.months_income_tax,
            facts.withholding_matches_contract,
            withholding=facts.withholding,
            contracts=facts.contract_history,
            submitted=on,
        ),
    ]
    if contract is None:
        results.append(
            fail(
                "M7",
                "续签须上传最新签订的劳动合同（M7）",
                "a renewal needs the newest labour contract (M7)",
                "单位在员工列表中“更新合同”",
                "the unit uploads it with “更新合同”",
            )
        )
        results.append(na("T5", "尚无劳动合同（见 M7）（T5）", "no labour contract (see M7) (T5)"))
    else:
        results.append(check_m7(contract, facts.employer.name))
        results.append(check_t5(contract.end_date, on))
    if facts.permit_issued_on is None:
        results.append(na("T7", "未提供证件签发日期（T7）", "no issue date given (T7)"))
    else:
        results.append(check_t7(facts.permit_issued_on, expires, validity_years))
    verdict = Verdict("renewal", on, results)
    if not is_lapsed(expires, on):
        opens, closes = renewal_window(expires, calendar)
        verdict.dates["window_opens"] = opens
        verdict.dates["last_submission_day"] = closes
    verdict.dates["expires_on"] = expires
    add_promised_completion(verdict, on, Business.RENEWAL, calendar)
    return verdict
