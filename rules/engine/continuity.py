"""PR4 by month: three continuous years of Beijing social insurance and income tax, withheld
by the unit named on the labour contract in force that month (handbook 续签条件 3).

The unit enters — or imports from the spreadsheet it keeps — the 36 months of the holder's
个人扣缴明细 beside the screenshot, and the labour contracts that covered them. Each month is
judged on its own, so a failure names the month, and a change of employer whose withholding
and contract dates disagree is named as that change.

Reading: the 36 months are the 36 calendar months before the month of submission (the
screenshot is taken 截至目前, and a month's tax is declared in the month after it); a month is
continuous when both social insurance and tax were withheld in it.
"""

from __future__ import annotations

from datetime import date, timedelta

from .dates import add_months
from .text import normalise, same
from .types import Contract, WithholdingMonth
from .verdict import Problem, RuleResult, fail, ok

CONTINUOUS_MONTHS = 36


def required_months(submitted: date) -> list[date]:
    """The first days of the 36 calendar months before the month of submission."""
    first = submitted.replace(day=1)
    return [add_months(first, -back) for back in range(CONTINUOUS_MONTHS, 0, -1)]


def _in_force(contract: Contract, month: date) -> bool:
    """The contract covers some day of the month (``month`` is its first day)."""
    last_day = add_months(month, 1) - timedelta(days=1)
    if contract.start_date > last_day:
        return False
    return contract.end_date is None or contract.end_date >= month


def _contract_for(contracts: list[Contract], month: date) -> Contract | None:
    """The newest contract in force in that month (a renewal overlapping the old one wins)."""
    found = [c for c in contracts if _in_force(c, month)]
    return max(found, key=lambda c: c.start_date) if found else None


def _ym(month: date) -> str:
    return f"{month.year}-{month.month:02d}"


def pr4_by_month(
    withholding: list[WithholdingMonth], contracts: list[Contract], submitted: date
) -> RuleResult:
    """Rule PR4, month by month. Problems point at ``withholding[i]`` (the entered row) or,
    for a month nobody entered, at ``withholding``; and at ``contracts`` for a month no
    contract covers."""
    by_month: dict[date, tuple[int, WithholdingMonth]] = {}
    for i, row in enumerate(withholding):
        by_month[row.month.replace(day=1)] = (i, row)
    months = required_months(submitted)
    problems: list[Problem] = []
    gaps: list[str] = []
    mismatched: list[str] = []
    previous_unit = ""
    for month in months:
        ym = _ym(month)
        index, row = by_month.get(month, (None, None))
        path = f"withholding[{index}]" if index is not None else "withholding"
        social = normalise(row.social_insurance_unit) if row else ""
        tax = normalise(row.tax_unit) if row else ""
        if not social or not tax:
            missing_zh = "、".join(n for n, v in (("社保", social), ("个税", tax)) if not v)
            missing_en = " and ".join(
                n for n, v in (("social insurance", social), ("tax", tax)) if not v
            )
            gaps.append(ym)
            problems.append(
                Problem(path, f"{ym} 无{missing_zh}代扣代缴记录", f"{ym}: no {missing_en} withheld")
            )
            previous_unit = ""
            continue
        contract = _contract_for(contracts, month)
        if contract is None:
            problems.append(
                Problem(
                    "contracts",
                    f"{ym} 没有劳动合同覆盖（代扣代缴单位“{row.tax_unit}”）",
                    f"{ym}: no labour contract covers this month (withheld by “{row.tax_unit}”)",
                )
            )
            mismatched.append(ym)
            continue
        for kind_zh, kind_en, unit in (
            ("社保", "social insurance", row.social_insurance_unit),
            ("个税", "tax", row.tax_unit),
        ):
            if same(unit, contract.party_a):
                continue
            mismatched.append(ym)
            changed = previous_unit and not same(previous_unit, unit)
            if changed:
                zh = (
                    f"{ym} {kind_zh}代扣代缴单位由“{previous_unit}”变更为“{unit}”，"
                    f"与劳动合同（甲方“{contract.party_a}”，{contract.start_date} 起）的变更"
                    "名称或日期不一致"
                )
                en = (
                    f"{ym}: the {kind_en} withholding unit changed from “{previous_unit}” to "
                    f"“{unit}”, which does not agree with the contracts' change (party A "
                    f"“{contract.party_a}” from {contract.start_date})"
                )
            else:
                zh = f"{ym} {kind_zh}代扣代缴单位“{unit}”与劳动合同甲方“{contract.party_a}”不一致"
                en = (
                    f"{ym}: the {kind_en} withholding unit “{unit}” is not the contract's "
                    f"party A “{contract.party_a}”"
                )
            problems.append(Problem(path, zh, en))
        previous_unit = row.tax_unit
    figures = {
        "from": _ym(months[0]),
        "to": _ym(months[-1]),
        "months_required": CONTINUOUS_MONTHS,
        "gaps": gaps,
        "mismatched": sorted(set(mismatched)),
    }
    paths = ("withholding", "contracts")
    if problems:
        shown = problems[:6]
        more = len(problems) - len(shown)
        zh = "；".join(p.zh for p in shown) + (f"；另有 {more} 处" if more else "") + "（PR4）"
        en = "; ".join(p.en for p in shown) + (f"; {more} more" if more else "") + " (PR4)"
        result = fail(
            "PR4",
            zh,
            en,
            "核对近 36 个月个人扣缴明细与各份劳动合同的甲方名称及起止日期",
            "check the 36 months of withholding details against each contract's party A and dates",
            figures=figures,
        )
        result.paths = paths
        result.problems = tuple(problems)
        return result
    result = ok(
        "PR4",
        f"{figures['from']} 至 {figures['to']} 连续 36 个月在京社保、纳税"
        "均由劳动合同甲方代扣代缴（PR4）",
        f"{figures['from']} to {figures['to']}: 36 continuous months of Beijing social insurance "
        "and tax, each withheld by the contract's party A (PR4)",
        figures=figures,
    )
    result.paths = paths
    return result
