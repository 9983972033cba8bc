"""A verdict kept with the facts it was computed for (issue 15): the engine runs once per
version of the facts, not on every page that shows the verdict.

``verdict_key`` names everything a person's verdict depends on — the parsed facts (which
carry the day of submission, so a verdict of yesterday is not today's), the wage table, the
working-day calendar and the engine's own source — and ``verdict_to_json`` /
``verdict_from_json`` keep a verdict in a JSON column without losing a figure's type.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from .verdict import Note, Outcome, Problem, RuleResult, Verdict
from .wages import WageTable
from .workdays import WorkingDayCalendar

# The engine's source: a deployment that changes a rule changes every key.
ENGINE_FINGERPRINT = hashlib.sha256(
    b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py")))
).hexdigest()


def _canonical(value: Any) -> Any:
    """A plain, ordered form of the engine's inputs (dataclasses, enums, dates, decimals)."""
    if is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__] + [
            [f.name, _canonical(getattr(value, f.name))] for f in fields(value)
        ]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, Decimal)):
        return str(value)
    if isinstance(value, dict):
        return sorted(([str(k), _canonical(v)] for k, v in value.items()), key=lambda kv: kv[0])
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_canonical(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    return value


def verdict_key(facts: Any, wages: WageTable, calendar: WorkingDayCalendar) -> str:
    """The version of everything ``evaluate_person(facts, wages, calendar)`` reads."""
    parts = (
        ENGINE_FINGERPRINT,
        _canonical(facts),
        wages.fingerprint(),
        calendar.fingerprint(),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"$dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "$decimal" in value:
            return Decimal(value["$decimal"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        if "$tuple" in value:
            return tuple(_decode(v) for v in value["$tuple"])
        if "$dict" in value:
            return {_decode(k): _decode(v) for k, v in value["$dict"]}
    return value


def verdict_to_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "kind": verdict.kind,
        "as_of": verdict.as_of.isoformat(),
        "results": [
            {
                "rule": r.rule,
                "outcome": r.outcome.value,
                "reason_zh": r.reason_zh,
                "reason_en": r.reason_en,
                "action_zh": r.action_zh,
                "action_en": r.action_en,
                "alternative": r.alternative,
                "figures": _encode(r.figures),
                "paths": list(r.paths),
                "problems": [[p.path, p.zh, p.en] for p in r.problems],
            }
            for r in verdict.results
        ],
        "dates": _encode(verdict.dates),
        "notes": [[n.zh, n.en] for n in verdict.notes],
    }


def verdict_from_json(data: dict[str, Any]) -> Verdict:
    return Verdict(
        kind=data["kind"],
        as_of=date.fromisoformat(data["as_of"]),
        results=[
            RuleResult(
                rule=r["rule"],
                outcome=Outcome(r["outcome"]),
                reason_zh=r["reason_zh"],
                reason_en=r["reason_en"],
                action_zh=r["action_zh"],
                action_en=r["action_en"],
                alternative=r["alternative"],
                figures=_decode(r["figures"]),
                paths=tuple(r["paths"]),
                problems=tuple(Problem(*p) for p in r["problems"]),
            )
            for r in data["results"]
        ],
        dates=_decode(data["dates"]),
        notes=[Note(*n) for n in data["notes"]],
    )
