"""The handbook's two annexes, filled in from what the portal knows: 附件一 房屋借住声明 (rule H5,
signed by the owner and the lodger, stamped by the unit) and 附件二 诚信声明 (signed by the
applicant and by the unit's head, stamped). What the portal does not record (the owner's ID
number, the relation, the day the lodging began) stays a line to fill in by hand; a blank
declaration is the same document with every line empty."""

from dataclasses import dataclass
from datetime import date

from applicants.models import Applicant
from permits.models import Association
from units.models import Unit


@dataclass(frozen=True)
class LodgingDeclaration:  # 附件一
    lodger_name: str = ""
    lodger_id_number: str = ""
    since: date | None = None
    address: str = ""
    owner_name: str = ""
    owner_id_number: str = ""
    relation: str = ""
    unit_name: str = ""


@dataclass(frozen=True)
class IntegrityDeclaration:  # 附件二
    applicant_name: str = ""
    applicant_id_number: str = ""
    unit_name: str = ""
    legal_representative: str = ""


def full_address(province: str, city: str, district: str, address: str) -> str:
    """“北京市大兴区…”: a municipality's province and city are one name, written once."""
    parts = [province, city if city != province else "", district, address]
    return "".join(p for p in parts if p)


def associated_unit(applicant: Applicant) -> Unit | None:
    association = (
        Association.objects.filter(applicant=applicant).accepted().select_related("unit").first()
    )
    return association.unit if association else None


def lodging_declaration(applicant: Applicant, unit: Unit | None) -> LodgingDeclaration:
    residence = (applicant.facts or {}).get("residence") or {}
    declared = residence.get("lodging_declaration") or {}
    address = (
        declared.get("address")
        or residence.get("address")
        or full_address(
            applicant.current_province,
            applicant.current_city,
            applicant.current_district,
            applicant.current_address,
        )
    )
    return LodgingDeclaration(
        lodger_name=applicant.name,
        lodger_id_number=applicant.id_number,
        address=address,
        owner_name=declared.get("owner_name") or residence.get("owner_name") or "",
        unit_name=unit.name if unit else "",
    )


def integrity_declaration(applicant: Applicant | None, unit: Unit | None) -> IntegrityDeclaration:
    return IntegrityDeclaration(
        applicant_name=applicant.name if applicant else "",
        applicant_id_number=applicant.id_number if applicant else "",
        unit_name=unit.name if unit else "",
        legal_representative=unit.legal_representative if unit else "",
    )
