"""Which materials an applicant uploads for a new application (PR3), following the answers:
M1, M2, M3 for the chosen talent condition, M4 for the chosen residence, M5, and M6 when
children accompany. M7, the labour contract, is uploaded by the unit with the association.

Rule M3 and M4's choice of documents is implemented here and nowhere else. Readings:
- C1: the diploma and degree always; the CSCSE report for a foreign degree; the verification
  report when the online check asked for a manual review AND the diploma or degree is
  part-time, a full-time diploma issued from 2001-01-01 on, or a full-time degree from
  2008-09-01 on.
- C2: the certificate always; proof of how it was obtained for an exam or a review; the
  approval notice for a review in another province; the query result for an overseas
  qualification.
- C4: the Beijing high-tech-enterprise certificate only when the employer is a high-tech
  enterprise. C7: the articles always; investment proof for conditions (1)/(2), the company
  tax certificate for (3).
- H1/H3: the property certificate, or without one the purchase contract (and the move-in
  notice when the applicant has one). H8 refuses the residence: no M4 is asked for.
- M6: divorced → divorce certificate, birth certificate and custody document; otherwise the
  child's register page and birth certificate, with the marriage certificate unless unmarried.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from attachments.models import MaterialKind
from rules.engine.residence import check_h8
from rules.engine.types import EmployerCategory, PropertyUse, Residence, ResidenceKind, Tenure
from rules.engine.verdict import FAIL, RuleResult

from .constants import MaritalStatus, StudyMode, TalentCondition, TitleRoute

FULL_TIME_DIPLOMA_FROM = date(2001, 1, 1)
FULL_TIME_DEGREE_FROM = date(2008, 9, 1)


def _fact(facts: dict, path: str):
    """A value of the stored facts (the engine's JSON) by its path, e.g. "residence.tenure"."""
    value = facts
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _flag(facts: dict, path: str) -> bool:
    return bool(_fact(facts, path))


def _positive(facts: dict, path: str) -> bool:
    try:
        return Decimal(str(_fact(facts, path) or 0)) > 0
    except InvalidOperation:
        return False


def needs_verification_report(applicant) -> bool:
    """Rule M3 for C1: the diploma/degree verification report."""
    if not applicant.verification_prompted:
        return False
    if applicant.study_mode == StudyMode.PART_TIME:
        return True
    diploma, degree = applicant.final_diploma_issued_on, applicant.degree_issued_on
    return bool(
        (diploma and diploma >= FULL_TIME_DIPLOMA_FROM)
        or (degree and degree >= FULL_TIME_DEGREE_FROM)
    )


def title_material_codes(route: str, other_province: bool) -> list[str]:
    """Rule M3 for a title (C2), and the proof of a changed title (PR6): the certificate,
    and how it was obtained."""
    codes = ["M3-title"]
    if route in (TitleRoute.EXAM, TitleRoute.REVIEW):
        codes.append("M3-title-proof")
    if route == TitleRoute.REVIEW and other_province:
        codes.append("M3-title-notice")
    if route == TitleRoute.OVERSEAS:
        codes.append("M3-title-overseas")
    return codes


def _m3(applicant) -> list[str]:
    facts = applicant.facts or {}
    condition = applicant.talent_condition
    if condition == TalentCondition.C1:
        codes = ["M3-degree"]
        if needs_verification_report(applicant):
            codes.append("M3-degree-report")
        if applicant.foreign_degree:
            codes.append("M3-cscse")
        return codes
    if condition == TalentCondition.C2:
        return title_material_codes(applicant.title_route, applicant.title_other_province)
    if condition == TalentCondition.C3:
        return ["M3-award"]
    if condition == TalentCondition.C4:
        hnte = _fact(facts, "employer.category") == EmployerCategory.HIGH_TECH_ENTERPRISE
        return ["M3-hnte", "M3-tax-36"] if hnte else ["M3-tax-36"]
    if condition == TalentCondition.C5:
        return ["M3-entity", "M3-tax-36"]
    if condition == TalentCondition.C6:
        return ["M3-ip"]
    if condition == TalentCondition.C7:
        codes = ["M3-charter"]
        if _positive(facts, "innovation_team.own_investment_3y") or _positive(
            facts, "innovation_team.equity_cash_financing"
        ):
            codes.append("M3-investment")
        if _positive(facts, "innovation_team.average_annual_tax_3y"):
            codes.append("M3-company-tax")
        return codes
    if condition == TalentCondition.C8:
        return ["M3-personal-tax"]
    return []


def _home_proof(facts: dict) -> list[str]:
    if _flag(facts, "residence.has_property_certificate"):
        return ["M4-property"]
    codes = ["M4-purchase-contract"]
    if _flag(facts, "residence.move_in_notice"):
        codes.append("M4-move-in")
    return codes


def residence_refusal(applicant) -> RuleResult | None:
    """H8's refusal of the chosen residence, decided by the engine; None when not refused."""
    return residence_kind_refusal(applicant.residence_kind, applicant.facts or {})


def residence_kind_refusal(kind: str, facts: dict) -> RuleResult | None:
    """H8's refusal of a residence of ``kind`` with ``facts["residence"]``; None when not
    refused (a new permit's residence, or the new one of a change of address, PR6)."""
    if not kind:
        return None
    use = _fact(facts, "residence.property_use") or None
    try:
        residence = Residence(
            kind=ResidenceKind(kind),
            property_use=PropertyUse(use) if use else None,
            tenure=Tenure(_fact(facts, "residence.tenure") or Tenure.ORDINARY),
        )
    except ValueError:
        return None
    result = check_h8(residence)
    return result if result.outcome is FAIL else None


def _m4(applicant) -> list[str]:
    return residence_material_codes(applicant.residence_kind, applicant.facts or {})


def residence_material_codes(kind: str, facts: dict) -> list[str]:
    """Rule M4: the proofs of a residence of ``kind`` with ``facts["residence"]`` (for a new
    permit, and for the new residence of a change of address, PR6); none when H8 refuses it."""
    if not kind or residence_kind_refusal(kind, facts) is not None:
        return []
    if kind == ResidenceKind.OWN_HOME:
        return _home_proof(facts)
    if kind == ResidenceKind.RESIDENCE_PERMIT:
        return ["M4-residence-permit"]
    if kind == ResidenceKind.RENTED_HOME:
        return [*_home_proof(facts), "M4-lease"]
    if kind == ResidenceKind.ZONE_PUBLIC_RENTAL:
        return ["M4-public-rental"]
    if kind == ResidenceKind.RELATIVE_HOME:
        return ["M4-property", "M4-owner-id", "M4-lodging"]
    if kind == ResidenceKind.RURAL_HOMESTEAD:
        return ["M4-owner-register", "M4-lease"]
    if kind == ResidenceKind.UNIT_HOUSING:
        return ["M4-property", "M4-lease", "M4-unit-residence"]
    return []


def _m6(applicant) -> list[str]:
    if not applicant.children_accompany:
        return []
    if applicant.marital_status == MaritalStatus.DIVORCED:
        return ["M6-divorce", "M6-birth", "M6-custody"]
    codes = ["M6-child-register", "M6-birth"]
    if applicant.marital_status != MaritalStatus.UNMARRIED:
        codes.insert(0, "M6-marriage")
    return codes


def required_material_codes(applicant) -> list[str]:
    return ["M1", "M2", *_m3(applicant), *_m4(applicant), "M5", *_m6(applicant)]


def required_material_kinds(
    applicant, *, catalogue: Iterable[MaterialKind] | None = None
) -> list[MaterialKind]:
    """The applicant's checklist, in checklist order (active kinds of the catalogue only).
    ``catalogue``: kinds the page has read already, every kind of the checklist among them
    (a PR3 case page reads them with the labour contract's in one query); read here
    otherwise."""
    codes = required_material_codes(applicant)
    if catalogue is None:
        catalogue = MaterialKind.objects.active().filter(code__in=codes)
    found = {k.code: k for k in catalogue if k.is_active}
    return [found[c] for c in codes if c in found]


def returned_reasons(applicant) -> dict[str, str]:
    """Material code → the reason it was returned for (Applicant.returned_reasons)."""
    return applicant.returned_reasons()
