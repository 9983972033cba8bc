"""What the engine returns: one result per rule, and an overall verdict over them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    REVIEW = "review"  # needs a reviewer's judgement
    NOT_APPLICABLE = "not_applicable"


class Overall(StrEnum):
    ELIGIBLE = "eligible"
    NEEDS_REVIEW = "needs_review"  # nothing fails on the data; a reviewer decides the rest
    NOT_ELIGIBLE = "not_eligible"


PASS = Outcome.PASS
FAIL = Outcome.FAIL
REVIEW = Outcome.REVIEW
NA = Outcome.NOT_APPLICABLE


@dataclass(slots=True, frozen=True)
class Problem:
    """One thing wrong with one input: ``path`` is the engine path of that input
    (``form.education[1].school``, ``contract.end_date``)."""

    path: str
    zh: str
    en: str


@dataclass(slots=True)
class RuleResult:
    """One rule's outcome. ``alternative`` marks a rule that is one of several ways to meet a
    condition (C1–C8 for P4, H1–H7 for P3): it is summed up by that condition and does not
    decide the verdict on its own. ``paths`` are the inputs the rule judged; a failing
    result's ``problems`` say which input each problem is about, so that a form shows it at
    that field."""

    rule: str
    outcome: Outcome
    reason_zh: str
    reason_en: str
    action_zh: str = ""
    action_en: str = ""
    alternative: bool = False
    figures: dict[str, Any] | None = None
    paths: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "outcome": self.outcome.value,
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
            "action_zh": self.action_zh,
            "action_en": self.action_en,
            "decisive": not self.alternative,
            "figures": {k: _jsonable(v) for k, v in self.figures.items()} if self.figures else {},
        }


@dataclass(slots=True)
class Note:
    zh: str
    en: str


@dataclass(slots=True)
class Verdict:
    kind: str
    as_of: date
    results: list[RuleResult]
    dates: dict[str, date | None] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    @property
    def overall(self) -> Overall:
        review = False
        for r in self.results:
            if r.alternative:
                continue
            if r.outcome is FAIL:
                return Overall.NOT_ELIGIBLE
            if r.outcome is REVIEW:
                review = True
        return Overall.NEEDS_REVIEW if review else Overall.ELIGIBLE

    @property
    def eligible(self) -> bool:
        """True unless a decisive rule fails: "needs_review" is eligible as far as data tells."""
        return self.overall is not Overall.NOT_ELIGIBLE

    def result(self, rule: str) -> RuleResult:
        for r in self.results:
            if r.rule == rule:
                return r
        raise KeyError(rule)

    def outcomes(self) -> dict[str, str]:
        return {r.rule: r.outcome.value for r in self.results}

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "as_of": self.as_of.isoformat(),
            "result": self.overall.value,
            "eligible": self.eligible,
            "failed": [r.rule for r in self.results if r.outcome is FAIL and not r.alternative],
            "needs_review": [
                r.rule for r in self.results if r.outcome is REVIEW and not r.alternative
            ],
            "results": [r.to_dict() for r in self.results],
            "dates": {k: (v.isoformat() if v else None) for k, v in self.dates.items()},
            "notes": [{"zh": n.zh, "en": n.en} for n in self.notes],
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def yuan(amount: Decimal | int) -> str:
    """14000 -> '14,000'; Decimal('14000.50') -> '14,000.50' (digits as given)."""
    if type(amount) is int:
        return f"{amount:,}"
    return f"{amount:,f}"


# Positional helpers: the engine creates some forty results per verdict, so these stay lean.
def ok(rule, zh, en, action_zh="", action_en="", alternative=False, figures=None) -> RuleResult:
    return RuleResult(rule, PASS, zh, en, action_zh, action_en, alternative, figures)


def fail(rule, zh, en, action_zh="", action_en="", alternative=False, figures=None):
    return RuleResult(rule, FAIL, zh, en, action_zh, action_en, alternative, figures)


def review(rule, zh, en, action_zh="", action_en="", alternative=False, figures=None):
    return RuleResult(rule, REVIEW, zh, en, action_zh, action_en, alternative, figures)


def na(rule, zh, en, action_zh="", action_en="", alternative=False, figures=None) -> RuleResult:
    return RuleResult(rule, NA, zh, en, action_zh, action_en, alternative, figures)
