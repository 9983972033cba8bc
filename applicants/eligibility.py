"""The applicant's verdict for a new permit (PR3), decided by the rule engine from the stored
profile and facts. Nothing here decides a rule: it loads facts and calls the engine.

Reading (P4 and M3): the applicant proves ONE talent condition with M3, so the claims of the
other conditions among C3–C8 are kept on file but not put to the engine. Otherwise an
unproven C4/C5 could exempt the applicant from P5. Degree and title (C1, C2) are profile facts
and always go in; the chosen condition itself must not fail for the case to be submitted.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from attachments.models import Attachment, MaterialKind
from attachments.status import MaterialState, materials_status
from portal.i18n import in_language
from portal.refusals import Refused
from rules.engine.parse import InputError, label_for, parse
from rules.engine.person import evaluate_person
from rules.engine.stored import verdict_from_json, verdict_key, verdict_to_json
from rules.engine.types import (
    Contract,
    Dependant,
    EducationEntry,
    EducationLevel,
    FormFacts,
    PersonFacts,
    Region,
    Relation,
    WorkEntry,
)
from rules.engine.verdict import FAIL, RuleResult, Verdict
from rules.engine.wages import WageYearMissing
from rules.tables import load_calendar, load_wage_table

from .checklist import required_material_kinds, residence_refusal
from .models import Applicant

# Profile fields without which the online form (F1–F8) cannot be filed.
REQUIRED_PROFILE_FIELDS = (
    "register_type",
    "register_province",
    "register_city",
    "register_address",
    "current_province",
    "current_city",
    "current_address",
    "marital_status",
    "graduation_school",
    "graduation_date",
    "final_diploma_issuer",
    "final_diploma_issued_on",
    "study_mode",
)

# Applicant.facts holds the engine's own JSON for a person (docs/eligibility.md, `person`),
# with absolute years, less what its owners provide: the profile (identity, degree, title,
# the online form F1–F8), the day of submission, the labour contract the unit enters, and
# the residence's kind (the applicant's own column, which the checklist reads). The facts
# form, this adapter and the docs' table of stored facts all derive from this one list.
OWNER_PROVIDED = ("name", "id_number", "submission_date", "contract", "degree", "title", "form")
RESIDENCE_KIND_PATH = "residence.kind"
# The version of Applicant.facts: 1 stored the old form's fields by position
# (income_1..3); 2 is the engine's JSON with absolute years.
FACTS_VERSION = 2

# The engine payload keys that carry the claim of one talent condition (see the module note).
CONDITION_CLAIMS = {
    "C3": ("awards",),
    "C4": ("annual_taxable_income",),
    "C5": ("annual_taxable_income",),
    "C6": ("intellectual_property",),
    "C7": ("innovation_team",),
    "C8": ("freelancer",),
}


class FactsIncomplete(Refused):
    """The stored facts do not make a complete eligibility form yet."""

    @property
    def missing(self) -> list[str]:
        return self.reasons


@dataclass(frozen=True)
class ApplicantAssessment:
    verdict: Verdict | None
    missing: list[str]
    materials: list[MaterialState]
    condition: RuleResult | None = None  # the engine's result for the chosen C1–C8
    residence_refused: RuleResult | None = None  # H8, when it refuses the residence
    notes: list[str] = field(default_factory=list)

    @property
    def materials_to_upload(self) -> list[MaterialState]:
        return [m for m in self.materials if m.is_missing or m.is_outdated]

    @property
    def condition_fails(self) -> bool:
        return self.condition is not None and self.condition.outcome is FAIL

    @property
    def can_submit(self) -> bool:
        return (
            self.verdict is not None
            and self.verdict.eligible
            and not self.condition_fails
            and not self.materials_to_upload
            and not self.missing
        )


# --- the online form's facts (F1–F8) ----------------------------------------------------
def form_facts(
    profile: Mapping[str, Any],
    education: Iterable[Mapping[str, Any]],
    work: Iterable[Mapping[str, Any]],
    dependants: Iterable[Mapping[str, Any]],
) -> FormFacts:
    """FormFacts from plain values (a profile form's cleaned data, or a stored applicant)."""

    def text(key: str) -> str:
        return (profile.get(key) or "").strip()

    return FormFacts(
        current_address=text("current_address"),
        current_region=Region(
            text("current_province"), text("current_city"), text("current_district")
        ),
        bungalow=bool(profile.get("bungalow")),
        register_address=text("register_address"),
        register_region=Region(
            text("register_province"), text("register_city"), text("register_district")
        ),
        graduation_school=text("graduation_school"),
        graduation_date=profile.get("graduation_date"),
        final_diploma_issuer=text("final_diploma_issuer"),
        final_diploma_issued_on=profile.get("final_diploma_issued_on"),
        full_time_graduation_date=profile.get("full_time_graduation_date"),
        foreign_degree=bool(profile.get("foreign_degree")),
        degree_certificate_number=text("degree_certificate_number"),
        cscse_report_number=text("cscse_report_number"),
        education=[education_entry(e) for e in education],
        work_history=[work_entry(w) for w in work],
        dependants=[dependant(d) for d in dependants],
    )


def education_entry(e: Mapping[str, Any]) -> EducationEntry:
    return EducationEntry(
        EducationLevel(e["level"]),
        (e.get("school") or "").strip(),
        (e.get("summary") or "").strip(),
        e["start_date"],
        e["end_date"],
    )


def work_entry(w: Mapping[str, Any]) -> WorkEntry:
    return WorkEntry((w.get("employer") or "").strip(), w["start_date"], w["end_date"])


def dependant(d: Mapping[str, Any]) -> Dependant:
    return Dependant(
        name=(d.get("name") or "").strip(),
        relation=Relation(d["relation"]),
        id_number=(d.get("id_number") or "").strip(),
        in_school=bool(d.get("in_school")),
        school=(d.get("school") or "").strip(),
    )


def stored_form_facts(applicant: Applicant) -> FormFacts:
    values = applicant.__dict__
    rows = ("level", "school", "summary", "start_date", "end_date")
    return form_facts(
        values,
        ({k: getattr(e, k) for k in rows} for e in applicant.education.all()),
        (
            {"employer": w.employer, "start_date": w.start_date, "end_date": w.end_date}
            for w in applicant.work_history.all()
        ),
        (
            {
                "name": d.name,
                "relation": d.relation,
                "id_number": d.id_number,
                "in_school": d.in_school,
                "school": d.school,
            }
            for d in applicant.dependants.all()
        ),
    )


# --- what is missing ----------------------------------------------------------------------
def missing_profile_items(applicant: Applicant) -> list[str]:
    missing = [
        str(Applicant._meta.get_field(name).verbose_name)
        for name in REQUIRED_PROFILE_FIELDS
        if getattr(applicant, name) in (None, "")
    ]
    if not applicant.education.all():
        missing.append(_("education history"))
    return missing


def missing_facts_items(applicant: Applicant) -> list[str]:
    missing = []
    if not applicant.facts:
        missing.append(_("eligibility facts (income, months employed)"))
    if not applicant.talent_condition:
        missing.append(_("the talent condition you apply under (C1–C8)"))
    if not applicant.residence_kind:
        missing.append(_("the kind of your residence (H1–H7)"))
    return missing


def live_association(applicant: Applicant):
    """The association the applicant asked for or has (PR3 step 2), with its unit; or None."""
    return applicant.associations.live().select_related("unit").first()


def live_unit_name(applicant: Applicant) -> str:
    association = live_association(applicant)
    return association.unit.name if association else ""


def contract_facts_of(association) -> Contract | None:
    """The newest labour contract the unit entered for an accepted association (M7, T5)."""
    if association is None or association.state != "accepted":
        return None
    row = association.current_contract
    if row is None:
        return None
    return Contract(row.party_a, row.start_date, row.end_date, row.work_location)


# --- facts for the engine -------------------------------------------------------------
def person_payload(
    applicant: Applicant,
    *,
    today: date,
    unit: Any = None,
    contract: Contract | None = None,
    facts: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The engine's JSON for this applicant (without the online form's F facts): the stored
    facts with what their owners provide. Raises FactsIncomplete when there are no facts."""
    facts = applicant.facts if facts is None else facts
    if not facts:
        raise FactsIncomplete([_("eligibility facts (income, months employed)")])
    payload = copy.deepcopy(dict(facts))
    payload.update(
        name=applicant.name,
        id_number=applicant.id_number,
        submission_date=today.isoformat(),
        degree=applicant.degree or "none",
        title=applicant.title_level or "none",
    )
    if applicant.residence_kind:
        payload["residence"] = {**payload.get("residence", {}), "kind": applicant.residence_kind}
    else:
        payload.pop("residence", None)
    if unit is not None:
        employer = payload.setdefault("employer", {})
        employer["name"] = unit.name
        employer["agency_kind"] = unit.agency_kind or "none"
        # The unit profile has no employer category (C4, C5): the applicant's answer counts.
        category = getattr(unit, "employer_category", "")
        if category:
            employer["category"] = category
    if contract is not None:
        payload["contract"] = {
            "party_a": contract.party_a,
            "start_date": contract.start_date.isoformat(),
            "end_date": contract.end_date.isoformat() if contract.end_date else None,
            "work_location": contract.work_location,
        }
    chosen = applicant.talent_condition
    kept = CONDITION_CLAIMS.get(chosen, ())
    for keys in CONDITION_CLAIMS.values():
        for key in keys:
            if key not in kept:
                payload.pop(key, None)
    if chosen != "C2":
        payload["equivalent_qualification"] = False
    return payload


def person_facts(
    applicant: Applicant,
    *,
    today: date,
    unit: Any = None,
    contract: Contract | None = None,
    facts: Mapping[str, Any] | None = None,
) -> PersonFacts:
    """PersonFacts for evaluate_person. Raises FactsIncomplete or the engine's InputError."""
    payload = person_payload(applicant, today=today, unit=unit, contract=contract, facts=facts)
    person = parse("person", payload, today=today)
    person.form = stored_form_facts(applicant)
    return person


def _error_texts(exc: InputError) -> list[str]:
    texts = []
    for e in exc.errors:
        zh, en = label_for("person", e.path)
        texts.append(f"{in_language(zh, en)}：{in_language(e.zh, e.en)}")
    return texts


def stored_verdict(applicant: Applicant, facts: PersonFacts) -> Verdict:
    """The engine's verdict on ``facts``, computed once per version of everything it reads
    (rules.engine.stored.verdict_key) and kept on the applicant; a page view with the same
    facts, tables and day reads it back instead of running the engine again. Raises what
    evaluate_person raises (a missing wage year)."""
    wages, calendar = load_wage_table(), load_calendar()
    key = verdict_key(facts, wages, calendar)
    if applicant.verdict_key == key and applicant.verdict:
        return verdict_from_json(applicant.verdict)
    verdict = evaluate_person(facts, wages, calendar)
    stored = verdict_to_json(verdict)
    # Not save(): the profile's updated_at and any unsaved change stay as they are.
    Applicant.objects.filter(pk=applicant.pk).update(verdict=stored, verdict_key=key)
    applicant.verdict, applicant.verdict_key = stored, key
    return verdict


def assess_applicant(
    applicant: Applicant,
    *,
    today: date,
    unit: Any = None,
    contract: Contract | None = None,
    checklist: list[MaterialKind] | None = None,
    current: dict[int, Attachment] | None = None,
) -> ApplicantAssessment:
    """P1–P5, C1–C8, H1–H8, U7, M7, T5 and F1–F8 for a new application (PR3), with the
    materials checklist (M1–M6). `unit` is a units.models.Unit (or None before association),
    `contract` the labour contract's facts (or None before the unit enters it). A page that
    has read the applicant's `checklist` (required_material_kinds) or `current` versions
    (kind id → version, attachments.status.current_versions) passes them."""
    kinds = required_material_kinds(applicant) if checklist is None else checklist
    materials = materials_status(applicant, kinds, today, current=current)
    missing = missing_profile_items(applicant) + missing_facts_items(applicant)
    refused = residence_refusal(applicant)
    verdict = None
    notes: list[str] = []
    try:
        facts = person_facts(applicant, today=today, unit=unit, contract=contract)
        verdict = stored_verdict(applicant, facts)
    except FactsIncomplete as exc:
        missing.extend(m for m in exc.missing if m not in missing)
    except InputError as exc:
        missing.extend(_error_texts(exc))
    except WageYearMissing as exc:
        notes.append(in_language(exc.message_zh, exc.message_en))
    condition = None
    if verdict is not None and applicant.talent_condition:
        condition = verdict.result(applicant.talent_condition)
    return ApplicantAssessment(verdict, missing, materials, condition, refused, notes)
