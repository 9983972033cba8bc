"""A production start (migrate + `load_reference`, no demo data) can do the real work, and
the reference step can run at every start without creating or changing anything twice."""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from applicants.services import applicant_create
from attachments.models import Attachment, MaterialKind
from permits import services
from permits.constants import LABOUR_CONTRACT_CODE, AssociationState
from permits.models import LabourContract
from portal.constants import Role
from portal.models import User
from reviews.models import PromisedTime
from rules.engine.identity import resident_id_check_character
from rules.models import WageTable
from units.models import Quota, UnitPermission
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def contract_scan() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(buffer, "PNG")
    return SimpleUploadedFile("劳动合同.png", buffer.getvalue(), content_type="image/png")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_production_start_lets_unit_staff_accept_an_association_with_an_m7_contract(
    client, make_user
):
    # pytest-django has migrated an empty database; no demo data, no fixtures of reference.
    assert not MaterialKind.objects.exists()
    call_command("load_reference", verbosity=0)

    unit = UnitFactory(complete=True)
    UnitPermission.objects.create(unit=unit)
    Quota.objects.create(unit=unit, granted=1, expires_on=timezone.localdate() + timedelta(365))
    staff = make_user(Role.UNIT_STAFF, unit=unit, username="hr-prod")
    code = services.unit_rotate_association_code(unit=unit)
    first17 = "11010519900101001"
    applicant = applicant_create(
        user=make_user(Role.APPLICANT, username="employee-prod"),
        name="王员工",
        id_number=first17 + resident_id_check_character(first17),
        phone="13912345678",
        today=timezone.localdate(),
    )
    association = services.association_request(applicant=applicant, code=code)

    today = timezone.localdate()
    client.force_login(staff)
    response = client.post(
        reverse("permits:association_decide", args=[association.pk]),
        {
            "action": "accept",
            "accept-party_a": unit.name,
            "accept-start_date": (today - timedelta(days=30)).isoformat(),
            "accept-end_date": (today + timedelta(days=700)).isoformat(),
            "accept-work_location": "北京市北京经济技术开发区",
            "accept-position": "工程师",
            "accept-contract_file": contract_scan(),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    association.refresh_from_db()
    assert association.state == AssociationState.ACCEPTED
    contract = LabourContract.objects.get(association=association)
    upload = Attachment.objects.for_owner(contract).current().get()
    assert upload.kind.code == LABOUR_CONTRACT_CODE == "M7"
    assert upload.uploaded_by == staff


def test_reference_step_twice_creates_nothing_new():
    call_command("load_reference", verbosity=0)
    once = row_counts()
    assert once["attachments.MaterialKind"] > 0
    assert once["rules.WageTable"] > 0
    assert once["reviews.PromisedTime"] == 7  # T1: one promise per process PR1–PR7
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    assert row_counts() == once
    assert "+0" in out.getvalue() and "+1" not in out.getvalue()


def test_reference_step_leaves_administrators_edits_alone():
    call_command("load_reference", verbosity=0)
    MaterialKind.objects.filter(code="M7").update(max_size=2_000_000, help_zh="由单位上传。")
    WageTable.objects.filter(application_year=2026).update(monthly_average=12500)
    PromisedTime.objects.filter(process="PR3").update(working_days=15)

    call_command("load_reference", verbosity=0)

    m7 = MaterialKind.objects.get(code="M7")
    assert (m7.max_size, m7.help_zh) == (2_000_000, "由单位上传。")
    assert WageTable.objects.get(application_year=2026).monthly_average == 12500
    assert PromisedTime.objects.working_days_for("PR3") == 15


def test_production_start_creates_no_accounts():
    call_command("load_reference", verbosity=0)
    assert not User.objects.exists()
