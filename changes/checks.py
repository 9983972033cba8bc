"""The engine for a change (rules.engine.changes): facts from the proposal, the verdict back.
Nothing here decides a rule. PR6 is judged for a change of address (the new residence by
H1–H8, so residential; F1 and F3 on the address); the other parts of the basic information
are decided by a reviewer on their proofs. PR7 and F8 are judged over the new list of
dependants on the day of submission."""

from __future__ import annotations

from datetime import date
from typing import Any

from applicants.constants import MaritalStatus
from applicants.models import Applicant
from rules.engine.changes import evaluate_address_change, evaluate_dependants_change
from rules.engine.parse import RESIDENCE, Context, InputError
from rules.engine.types import (
    AddressChangeFacts,
    ChangedDependant,
    DependantsChangeFacts,
    Region,
    Relation,
    Residence,
)
from rules.engine.verdict import FAIL, RuleResult, Verdict

from .constants import BasicGroup

RESIDENCE_PATH = "residence"


def parse_residence(data: dict[str, Any] | None, today: date) -> Residence | None:
    """The new residence through the engine's own schema; InputError names each bad field
    by its path (``residence.lease.end_date``)."""
    if not data:
        return None
    ctx = Context(today, [])
    residence = RESIDENCE.parse(data, RESIDENCE_PATH, ctx)
    if ctx.errors:
        raise InputError(ctx.errors)
    return residence


def basic_change_verdict(
    holder: Applicant, proposal: dict[str, Any], today: date
) -> Verdict | None:
    """PR6 (with H1–H8, F1, F3) for a change of address; None when the address stays."""
    if BasicGroup.ADDRESS not in proposal.get("groups", []):
        return None
    fields = proposal.get("fields", {})

    def text(name: str) -> str:
        return str(fields.get(name) or "").strip()

    facts = AddressChangeFacts(
        applicant_name=holder.name,
        submission_date=today,
        current_address=text("current_address"),
        current_region=Region(
            text("current_province"), text("current_city"), text("current_district")
        ),
        bungalow=bool(fields.get("bungalow")),
        residence=parse_residence(proposal.get(RESIDENCE_PATH), today),
    )
    return evaluate_address_change(facts)


def dependants_change_verdict(holder: Applicant, proposal: dict[str, Any], today: date) -> Verdict:
    """PR7 and F8 over the new list; custody is asked when the holder's record says
    divorced."""
    facts = DependantsChangeFacts(
        submission_date=today,
        divorced=holder.marital_status == MaritalStatus.DIVORCED,
        dependants=[
            ChangedDependant(
                name=row.get("name", ""),
                relation=Relation(row["relation"]),
                id_number=row.get("id_number", ""),
                register_province=row.get("register_province", ""),
                custody_with_applicant=bool(row.get("custody_with_applicant")),
                in_school=bool(row.get("in_school")),
                school=row.get("school", ""),
            )
            for row in proposal.get("dependants", [])
        ],
    )
    return evaluate_dependants_change(facts)


def failing(verdict: Verdict | None) -> list[RuleResult]:
    """The results that stop a change from going on."""
    if verdict is None:
        return []
    return [r for r in verdict.results if r.outcome is FAIL and not r.alternative]
