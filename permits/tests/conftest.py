import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from applicants.demo import make_complete_applicant
from attachments.reference import load as seed_catalogue
from permits import services
from portal.constants import Role
from rules.engine.identity import resident_id_check_character
from rules.reference import load as seed_wage_table
from units.models import Quota, UnitPermission
from units.tests.factories import UnitFactory


def resident_id(serial: int, birth: str = "19900101", male: bool = True) -> str:
    sequence = serial % 500 * 2 + (1 if male else 0)
    first17 = f"110105{birth}{sequence:03d}"
    return first17 + resident_id_check_character(first17)


def scan(name: str = "contract.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def reference_data(db):
    seed_catalogue()
    seed_wage_table()


@pytest.fixture
def permitted_unit(reference_data, make_user):
    """A unit with business permission, a quota of 3 and an association code."""

    def make(*, places: int = 3, **unit_fields):
        unit = UnitFactory(complete=True, **unit_fields)
        UnitPermission.objects.create(unit=unit)
        Quota.objects.create(
            unit=unit, granted=places, expires_on=timezone.localdate() + timedelta(days=365)
        )
        unit.staff_user = make_user(Role.UNIT_STAFF, unit=unit, username=f"hr-{unit.pk}")
        services.unit_rotate_association_code(unit=unit)
        return unit

    return make


@pytest.fixture
def applicant(reference_data, make_user):
    def make(serial: int = 1):
        user = make_user(Role.APPLICANT, username=f"employee-{serial}")
        return make_complete_applicant(
            user=user, name=f"员工{serial}", id_number=resident_id(serial)
        )

    return make


def contract_data(unit, **overrides):
    today = timezone.localdate()
    return {
        "party_a": unit.name,
        "start_date": today - timedelta(days=400),
        "end_date": today + timedelta(days=700),
        "work_location": "北京市北京经济技术开发区",
        "position": "工程师",
        "contract_file": scan(),
        **overrides,
    }


@pytest.fixture
def associated(applicant, permitted_unit):
    """An applicant whose association the unit accepted with a valid contract."""

    def make(serial: int = 1, unit=None):
        unit = unit or permitted_unit()
        person = applicant(serial)
        association = services.association_request(applicant=person, code=unit.association_code)
        services.association_accept(
            association=association, by=unit.staff_user, **contract_data(unit)
        )
        person.unit = unit
        return person

    return make


@pytest.fixture
def with_zone(associated, make_user):
    """An application the unit has forwarded to the zone."""

    def make(serial: int = 1, unit=None):
        person = associated(serial, unit)
        application = services.application_open(applicant=person)
        application = services.application_submit(application=application, by=person.user)
        return services.application_forward(application=application, by=person.unit.staff_user)

    return make


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.REVIEWER, username="zone-reviewer")
