"""The unit's verdict for PR1 / PR2, decided by the rule engine from the stored profile and
attachments. Nothing here decides a rule: it loads facts and calls the engine."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from attachments.models import MaterialKind
from attachments.status import MaterialState, materials_status
from rules.engine.types import AgencyKind, EntityType, KeySupport, UnitFacts
from rules.engine.unit import evaluate_unit
from rules.engine.unit_materials import check_u10
from rules.engine.verdict import Verdict

from .constants import TAX_CERTIFICATE_CODE, UNIT_MATERIAL_CODES
from .models import Unit

# The profile fields the engine needs, with the label shown when one is missing.
REQUIRED_PROFILE_FIELDS = {
    "entity_type": _("entity type"),
    "established_on": _("establishment date"),
    "registered_capital": _("registered capital (yuan)"),
    "business_scope": _("business scope"),
    "previous_year_zone_tax": _("tax paid in the zone last year (yuan)"),
    "zone_tax_months": _("months of tax paid in the zone"),
}


@dataclass(frozen=True)
class UnitAssessment:
    verdict: Verdict | None
    missing_fields: list[str]
    materials: list[MaterialState]

    @property
    def can_submit(self) -> bool:
        return self.verdict is not None and self.verdict.eligible


def missing_profile_fields(unit: Unit) -> list[str]:
    missing = [
        str(label)
        for name, label in REQUIRED_PROFILE_FIELDS.items()
        if getattr(unit, name) in (None, "")
    ]
    if unit.entity_type == EntityType.BRANCH and unit.head_office_registered_capital is None:
        missing.append(str(Unit._meta.get_field("head_office_registered_capital").verbose_name))
    return missing


def unit_materials(unit: Unit, today: date) -> list[MaterialState]:
    kinds = MaterialKind.objects.filter(code__in=UNIT_MATERIAL_CODES).order_by("code")
    return materials_status(unit, kinds, today)


def unit_facts(unit: Unit, today: date, materials: list[MaterialState]) -> UnitFacts:
    tax_certificate = next(
        (m.attachment for m in materials if m.kind.code == TAX_CERTIFICATE_CODE and m.attachment),
        None,
    )
    return UnitFacts(
        name=unit.name,
        credit_code=unit.credit_code,
        entity_type=EntityType(unit.entity_type),
        registered_in_zone=unit.registered_in_zone,
        zone_tax_months=unit.zone_tax_months or 0,
        registered_capital=unit.registered_capital or Decimal(0),
        business_scope=unit.business_scope,
        previous_year_zone_tax=unit.previous_year_zone_tax or Decimal(0),
        established_on=unit.established_on,
        application_date=today,
        head_office_registered_capital=unit.head_office_registered_capital,
        profit_making=unit.profit_making,
        strategic_emerging_industry=unit.strategic_emerging_industry,
        permits_held=0,
        agency_kind=AgencyKind(unit.agency_kind),
        key_support=KeySupport(unit.key_support),
        quota=None,
        tax_certificate_date=tax_certificate.document_date if tax_certificate else None,
    )


def assess_unit(unit: Unit, today: date) -> UnitAssessment:
    """Rules U1–U8, T6 and U10 for business permission (U9, the quota, comes later: PR3)."""
    materials = unit_materials(unit, today)
    missing = missing_profile_fields(unit)
    if missing:
        return UnitAssessment(None, missing, materials)
    verdict = evaluate_unit(unit_facts(unit, today, materials))
    results = [r for r in verdict.results if r.rule != "U9"]
    results.append(
        check_u10(
            missing=[(m.kind.name_zh, m.kind.name_en) for m in materials if m.is_missing],
        )
    )
    return UnitAssessment(Verdict(verdict.kind, verdict.as_of, results), [], materials)
