"""A unit-staff account's unit for the self-check (rules.prefill), registered in
UnitsConfig.ready."""

from __future__ import annotations

from typing import Any

from rules import prefill


def unit_facts_for(user: Any) -> dict[str, Any]:
    if user.is_unit_staff and user.unit_id:
        return {"name": user.unit.name, "credit_code": user.unit.credit_code}
    return {}


def employer_facts_for(user: Any) -> dict[str, Any]:
    if user.is_unit_staff and user.unit_id:
        return {"employer": {"name": user.unit.name}}
    return {}


def register() -> None:
    prefill.register("unit", unit_facts_for)
    prefill.register("person", employer_facts_for)
    prefill.register("renewal", employer_facts_for)
