"""What the portal already knows about the signed-in user, in the engine's JSON vocabulary
(docs/eligibility.md). Today that is the unit of a unit-staff account and the user's name;
the profile issues extend these functions from stored profiles, contracts and permits."""

from typing import Any


def initial_person_facts_for(user: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if user.is_applicant:
        name = f"{user.last_name}{user.first_name}".strip()
        if name:
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
