import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from attachments.models import MaterialKind
from attachments.reference import load as seed_catalogue
from attachments.services import attachment_upload
from portal.constants import Role
from units.constants import TAX_CERTIFICATE_CODE, UNIT_MATERIAL_CODES

from .factories import UnitFactory


def png_file(name: str = "scan.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def catalogue(db):
    seed_catalogue()
    return {k.code: k for k in MaterialKind.objects.filter(code__in=UNIT_MATERIAL_CODES)}


@pytest.fixture
def upload(catalogue):
    def do(unit, code, by, *, document_date=None):
        if code == TAX_CERTIFICATE_CODE and document_date is None:
            document_date = timezone.localdate()
        return attachment_upload(
            owner=unit,
            kind=catalogue[code],
            uploaded_file=png_file(f"{code}.png"),
            uploaded_by=by,
            document_date=document_date,
        )

    return do


@pytest.fixture
def ready_unit(make_user, upload):
    """A unit whose profile meets U1–U5 and whose U10 materials are all uploaded."""
    unit = UnitFactory(complete=True)
    staff = make_user(Role.UNIT_STAFF, unit=unit, username=f"hr-{unit.pk}")
    for code in UNIT_MATERIAL_CODES:
        upload(unit, code, staff)
    unit.staff_user = staff
    return unit


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.REVIEWER, username="zone-reviewer")
