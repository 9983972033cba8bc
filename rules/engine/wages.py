"""Wage table arithmetic (rules W1–W3). The rows are data: the caller loads them (rules.tables)
and passes them in. Figures are whole yuan as the handbook's table prints them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_ONE = Decimal(1)
_P5_FACTOR = Decimal("1.2")


class WageYearMissing(Exception):
    """Rule W3: an application year with no row is an error, never a guess."""

    def __init__(self, year: int, known: list[int]) -> None:
        self.year = year
        self.known = known
        listed = "、".join(str(y) for y in known) or "无"
        super().__init__(
            f"{year} 年没有工资标准（W3）；已有年份：{listed}。 No wage-table row for "
            f"application year {year} (W3); rows exist for: {', '.join(map(str, known))}."
        )

    @property
    def message_zh(self) -> str:
        listed = "、".join(str(y) for y in self.known) or "无"
        return f"申报年度 {self.year} 年没有工资标准，请管理员录入（W3）；已有年份：{listed}"

    @property
    def message_en(self) -> str:
        listed = ", ".join(str(y) for y in self.known) or "none"
        return (
            f"no wage-table row for application year {self.year}; an administrator must add "
            f"it (W3); rows exist for: {listed}"
        )


@dataclass(slots=True, frozen=True)
class WageRow:
    """One row of table W: the application year, the wage year whose average applies, the
    city average monthly wage (全口径城镇单位就业人员月平均工资), and whether it is provisional
    (暂参照: the previous year's figure until the real one is published, rule W1)."""

    application_year: int
    wage_year: int
    monthly_average: Decimal
    provisional: bool = False


@dataclass(slots=True, frozen=True)
class Thresholds:
    row: WageRow
    p5_monthly: Decimal  # 1.2 ×, rounded half-up to whole yuan (W2)
    c4_monthly: Decimal  # 4 ×, exact (W2)
    c5_monthly: Decimal  # 8 ×, exact (W2)
    c4_annual: Decimal  # 12 × 4 × (W3)
    c5_annual: Decimal  # 12 × 8 × (W3)
    # Results and texts that depend only on these figures, computed once per table load.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)


def round_half_up(amount: Decimal) -> Decimal:
    return amount.quantize(_ONE, rounding=ROUND_HALF_UP)


def thresholds_for(row: WageRow) -> Thresholds:
    """Rule W2: 1.2 × is rounded half-up to whole yuan; 4 × and 8 × are exact.
    Rule W3: annual comparisons (C4, C5) use 12 × the monthly multiple."""
    avg = Decimal(row.monthly_average)
    c4 = avg * 4
    c5 = avg * 8
    return Thresholds(row, round_half_up(avg * _P5_FACTOR), c4, c5, c4 * 12, c5 * 12)


class WageTable:
    """The rows by application year, with their thresholds computed once."""

    __slots__ = ("_thresholds",)

    def __init__(self, rows: Mapping[int, WageRow] | list[WageRow]) -> None:
        values = rows.values() if isinstance(rows, Mapping) else rows
        self._thresholds = {r.application_year: thresholds_for(r) for r in values}

    def years(self) -> list[int]:
        return sorted(self._thresholds)

    def fingerprint(self) -> str:
        """The table's content, for the key of a stored verdict (engine.stored)."""
        return repr(sorted(self._thresholds.items()))

    def thresholds(self, application_year: int) -> Thresholds:
        found = self._thresholds.get(application_year)
        if found is None:
            raise WageYearMissing(application_year, self.years())
        return found


# The rows of RULES.md (table W) — the seed for the database table and the fixture for tests.
RULES_MD_ROWS = (
    WageRow(2022, 2021, Decimal(10628)),
    WageRow(2023, 2022, Decimal(11297)),
    WageRow(2024, 2023, Decimal(11761)),
    WageRow(2025, 2024, Decimal(11937)),
    WageRow(2026, 2025, Decimal(11937), provisional=True),
)
