"""Which proofs a change asks for: the handbook's 涉及材料 of （六） (PR6) and （七） (PR7).
Chosen here and nowhere else; the residence (M4) and the title (M3) are chosen by
applicants.checklist, as for a new permit.

Readings:
- PR6 address: the proofs of the new residence, one of H1–H7 (none when H8 refuses it).
- PR6 register: the register's first and own page (M2). Marital status: married → the
  marriage certificate; divorced → the divorce certificate or the judgement (one material);
  another status asks for no proof beyond the declaration.
- PR6 degree: the diploma and degree certificates and the CHSI verification result; a
  foreign degree adds the CSCSE report. Title: as M3 for C2.
- PR7: the proofs are asked when a child is added (a child not on the record before):
  the birth certificate and the child's register page, with the marriage certificate, or
  after a divorce the divorce certificate and the custody document. Several children share
  one upload per material. Removing dependants asks for the declaration alone.
- Both: the integrity declaration (M5).
"""

from __future__ import annotations

from typing import Any

from applicants.checklist import residence_material_codes, title_material_codes
from applicants.constants import MaritalStatus
from attachments.models import MaterialKind
from portal.constants import Process

from .constants import CHSI_CHECK_CODE, BasicGroup

DECLARATION = "M5"


def basic_material_codes(proposal: dict[str, Any]) -> list[str]:
    groups = proposal.get("groups", [])
    fields = proposal.get("fields", {})
    codes: list[str] = []
    if BasicGroup.ADDRESS in groups:
        residence = dict(proposal.get("residence") or {})
        kind = residence.pop("kind", "")
        codes += residence_material_codes(kind, {"residence": residence})
    if BasicGroup.REGISTER in groups:
        codes.append("M2")
    if BasicGroup.MARITAL_STATUS in groups:
        status = fields.get("marital_status")
        if status == MaritalStatus.MARRIED:
            codes.append("M6-marriage")
        elif status == MaritalStatus.DIVORCED:
            codes.append("M6-divorce")
    if BasicGroup.DEGREE in groups:
        codes += ["M3-degree", CHSI_CHECK_CODE]
        if fields.get("foreign_degree"):
            codes.append("M3-cscse")
    if BasicGroup.TITLE in groups:
        codes += title_material_codes(
            fields.get("title_route", ""), bool(fields.get("title_other_province"))
        )
    return [*dict.fromkeys(codes), DECLARATION]


def added_children(proposal: dict[str, Any], before: dict[str, Any]) -> list[dict[str, Any]]:
    known = {row.get("id_number") for row in before.get("dependants", [])}
    return [
        row
        for row in proposal.get("dependants", [])
        if row.get("relation") == "child" and row.get("id_number") not in known
    ]


def dependants_material_codes(
    proposal: dict[str, Any], before: dict[str, Any], marital_status: str
) -> list[str]:
    if not added_children(proposal, before):
        return [DECLARATION]
    codes = ["M6-birth", "M6-child-register"]
    if marital_status == MaritalStatus.DIVORCED:
        codes += ["M6-divorce", "M6-custody"]
    elif marital_status != MaritalStatus.UNMARRIED:
        codes.append("M6-marriage")
    return [*codes, DECLARATION]


def material_codes(
    kind: str, proposal: dict[str, Any], before: dict[str, Any], marital_status: str
) -> list[str]:
    if kind == Process.PR6:
        return basic_material_codes(proposal)
    return dependants_material_codes(proposal, before, marital_status)


def material_kinds(codes: list[str]) -> list[MaterialKind]:
    """The kinds in checklist order (active kinds of the catalogue only)."""
    found = {k.code: k for k in MaterialKind.objects.active().filter(code__in=codes)}
    return [found[c] for c in codes if c in found]
