from datetime import date

import pytest

from applicants.demo import scan_png
from attachments.models import MaterialKind
from attachments.services import attachment_upload
from permits import services as permit_services
from permits.tests.conftest import (  # noqa: F401  (fixtures)
    applicant,
    associated,
    permitted_unit,
    reference_data,
    reviewer,
    with_zone,
)
from portal.constants import Role
from portal.models import User
from reviews.reference import load as load_promised_times
from rules.engine.identity import resident_id_check_character

NEW_ADDRESS = "荣华中路8号院2号楼1单元302号"


def child_id(birth: date, serial: int = 11) -> str:
    """A resident ID of a child registered in Hebei (130102), born on ``birth``."""
    first17 = f"130102{birth:%Y%m%d}{serial:03d}"
    return first17 + resident_id_check_character(first17)


def address_proposal(holder, *, use: str = "residential", address: str = NEW_ADDRESS) -> dict:
    return {
        "groups": ["address"],
        "fields": {
            "current_province": "北京市",
            "current_city": "北京市",
            "current_district": "大兴区",
            "current_address": address,
            "bungalow": False,
        },
        "residence": {
            "kind": "own_home",
            "property_use": use,
            "tenure": "ordinary",
            "address": address,
            "owner_name": holder.name,
            "has_property_certificate": True,
        },
    }


def child_row(birth: date, *, province: str = "河北省", name: str = "李小宝", **kw) -> dict:
    return {
        "relation": "child",
        "name": name,
        "id_number": child_id(birth),
        "in_school": True,
        "school": "北京市大兴区第一小学",
        "register_province": province,
        "custody_with_applicant": False,
        **kw,
    }


def upload_proofs(change, codes, by) -> None:
    for code in codes:
        attachment_upload(
            owner=change,
            kind=MaterialKind.objects.get(code=code),
            uploaded_file=scan_png(code),
            uploaded_by=by,
        )


@pytest.fixture
def holder(with_zone, reviewer):  # noqa: F811
    """A person holding a valid permit (PR3 approved), with the contract on file."""

    def make(serial: int = 1):
        load_promised_times()
        application = with_zone(serial)
        permit_services.application_approve(application=application, by=reviewer)
        person = application.applicant
        person.refresh_from_db()
        person.unit = application.unit
        person.unit.staff_user = User.objects.get(role=Role.UNIT_STAFF, unit=application.unit)
        return person

    return make
