"""The items a unit checks and a reviewer may return in a PR3 application: the applicant's
profile, eligibility facts and every required material, with the labour contract (M7)."""

from dataclasses import dataclass

from applicants.checklist import required_material_codes, required_material_kinds
from attachments.models import MaterialKind
from portal.i18n import bilingual

from .constants import LABOUR_CONTRACT_CODE
from .models import PermitApplication


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    name_zh: str


PROFILE_ITEMS = [
    Item("profile", bilingual("个人基础信息", "Profile"), "个人基础信息"),
    Item("facts", bilingual("申报条件信息", "Eligibility facts"), "申报条件信息"),
]


def application_kinds(applicant) -> list[MaterialKind]:
    """The catalogue's kinds a PR3 application names, in one read: the applicant's
    checklist (M1–M6, ``required_material_kinds(applicant, catalogue=…)`` picks them) and
    the labour contract's (M7)."""
    codes = [*required_material_codes(applicant), LABOUR_CONTRACT_CODE]
    return list(MaterialKind.objects.filter(code__in=codes))


def contract_kind(kinds: list[MaterialKind]) -> MaterialKind | None:
    """The labour contract's kind (M7) among ``application_kinds``."""
    return next((k for k in kinds if k.code == LABOUR_CONTRACT_CODE), None)


def application_items(application: PermitApplication, *, kinds: list | None = None) -> list:
    """``kinds``: ``application_kinds``, when the page has read them."""
    if kinds is None:
        kinds = application_kinds(application.applicant)
    checklist = required_material_kinds(application.applicant, catalogue=kinds)
    contract = contract_kind(kinds)
    return [*PROFILE_ITEMS, *checklist, *([contract] if contract else [])]
