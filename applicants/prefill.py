"""The applicant's profile and facts for the self-check (rules.prefill), registered in
ApplicantsConfig.ready."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from rules import prefill
from rules.engine.parse import SCHEMAS

from .eligibility import FactsIncomplete, live_association, person_payload
from .models import Applicant


def person_facts_for(user: Any) -> dict[str, Any]:
    if not user.is_applicant:
        return {}
    applicant = Applicant.objects.filter(user=user).first()
    if applicant is None:
        name = f"{user.last_name}{user.first_name}".strip()
        return {"name": name} if name else {}
    association = live_association(applicant)
    facts: dict[str, Any] = {"name": applicant.name, "id_number": applicant.id_number}
    try:
        facts.update(
            person_payload(
                applicant,
                today=timezone.localdate(),
                unit=association.unit if association else None,
            )
        )
    except FactsIncomplete:
        facts.update(degree=applicant.degree, title=applicant.title_level)
        if association:
            facts["employer"] = {"name": association.unit.name}
    facts.pop("submission_date", None)  # the self-check defaults to today
    return facts


def renewal_facts_for(user: Any) -> dict[str, Any]:
    """The person's facts that the renewal schema also has, except the contract (the
    renewal is judged on the newest one, which the unit uploads)."""
    fields = SCHEMAS["renewal"].by_name
    return {k: v for k, v in person_facts_for(user).items() if k in fields and k != "contract"}


def register() -> None:
    prefill.register("person", person_facts_for)
    prefill.register("renewal", renewal_facts_for)
