"""The eligibility engine: pure functions over plain data. No database access here; the
caller loads the wage table and the working-day overrides (rules.tables) and passes them in.

    facts = parse("person", payload, today=today)        # or build the dataclasses yourself
    verdict = evaluate("person", facts, wages=wages, calendar=calendar)
    verdict.to_dict()
"""

from __future__ import annotations

from typing import Any

from .deadlines import DEFAULT_VALIDITY_YEARS
from .parse import FieldError, InputError, parse
from .person import evaluate_person
from .renewal import evaluate_renewal
from .types import PersonFacts, RenewalFacts, UnitFacts
from .unit import evaluate_unit
from .verdict import Outcome, Overall, RuleResult, Verdict
from .wages import WageRow, WageTable, WageYearMissing
from .workdays import CalendarNotCovered, WorkingDayCalendar

KINDS = ("person", "unit", "renewal")


def evaluate(
    kind: str,
    facts: Any,
    *,
    wages: WageTable,
    calendar: WorkingDayCalendar,
    validity_years: int = DEFAULT_VALIDITY_YEARS,
) -> Verdict:
    if kind == "person":
        return evaluate_person(facts, wages, calendar)
    if kind == "unit":
        return evaluate_unit(facts)
    if kind == "renewal":
        return evaluate_renewal(facts, calendar, validity_years)
    raise ValueError(f"unknown kind {kind!r}")


__all__ = [
    "KINDS",
    "CalendarNotCovered",
    "FieldError",
    "InputError",
    "Outcome",
    "Overall",
    "PersonFacts",
    "RenewalFacts",
    "RuleResult",
    "UnitFacts",
    "Verdict",
    "WageRow",
    "WageTable",
    "WageYearMissing",
    "WorkingDayCalendar",
    "evaluate",
    "evaluate_person",
    "evaluate_renewal",
    "evaluate_unit",
    "parse",
]
