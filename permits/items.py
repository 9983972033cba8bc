"""The items a unit checks and a reviewer may return in a PR3 application: the applicant's
profile, eligibility facts and every required material, with the labour contract (M7)."""

from dataclasses import dataclass

from applicants.checklist import required_material_kinds
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


def application_items(application: PermitApplication) -> list:
    kinds = list(required_material_kinds(application.applicant))
    kinds += list(MaterialKind.objects.filter(code=LABOUR_CONTRACT_CODE))
    return [*PROFILE_ITEMS, *kinds]
