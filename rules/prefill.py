"""What the portal already knows about the signed-in user, in the engine's JSON vocabulary
(docs/eligibility.md). For an applicant with a stored profile that is the profile and the
eligibility facts (applicants.eligibility), with the unit of a live association; otherwise
the user's name. For a unit-staff account, the unit."""

from typing import Any


def _applicant_facts(user: Any) -> dict[str, Any]:
    from django.utils import timezone

    from applicants.eligibility import FactsIncomplete, live_association, person_payload
    from applicants.models import Applicant

    applicant = Applicant.objects.filter(user=user).first()
    if applicant is None:
        return {}
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


def initial_person_facts_for(user: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if user.is_applicant:
        facts = _applicant_facts(user)
        name = f"{user.last_name}{user.first_name}".strip()
        if name and "name" not in facts:
            facts["name"] = name
    if user.is_unit_staff and user.unit_id:
        facts["employer"] = {"name": user.unit.name}
        facts["contract"] = {"party_a": user.unit.name}
    return facts


def initial_unit_facts_for(user: Any) -> dict[str, Any]:
    if user.is_unit_staff and user.unit_id:
        return {"name": user.unit.name, "credit_code": user.unit.credit_code}
    return {}


def initial_renewal_facts_for(user: Any) -> dict[str, Any]:
    facts = initial_person_facts_for(user)
    facts.pop("contract", None)
    return facts


INITIAL_FACTS = {
    "person": initial_person_facts_for,
    "unit": initial_unit_facts_for,
    "renewal": initial_renewal_facts_for,
}
