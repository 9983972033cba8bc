"""A receipt for every submission: case number, process, who submitted when, the materials
with their versions as submitted, and the promised completion date (T1)."""

import pytest
from django.conf import settings
from django.urls import reverse

from documents.receipts import case_number
from portal.constants import Role
from portal.models import User
from reviews.models import AuditEvent
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _staff(application):
    return User.objects.get(username=f"hr-{application.unit_id}")


def _events(application):
    return {e.transition: e for e in AuditEvent.objects.for_case(application)}


def test_receipt_of_forwarding_names_the_case_materials_and_promised_date(client, with_zone, pdf):
    application = with_zone(1)
    forward = _events(application)["forward"]
    staff = _staff(application)
    client.force_login(staff)

    response = client.get(reverse("documents:receipt", args=[forward.pk]))

    assert response.status_code == 200
    document = pdf(response.content)
    text = document.flat
    assert case_number("PR3", application.pk) in text
    assert f"PR3-{application.pk:06d}" in text
    assert "新办" in text or "PR3" in text
    assert staff.display_name in text
    assert forward.at.astimezone().strftime("%Y-%m-%d") in text
    assert application.due_on.strftime("%Y-%m-%d") in text
    # Every material of the submission, with its version.
    assert forward.data["materials"], "the flow records the submitted materials"
    assert "M7" in text
    assert text.count("SHA-256") == 1
    for font in document.fonts:
        assert font["emb"] == "yes" and "CJK" in font["name"], font


def test_receipt_lists_the_versions_submitted_not_later_uploads(client, with_zone, pdf):
    application = with_zone(2)
    submit = _events(application)["submit"]
    client.force_login(application.applicant.user)

    text = pdf(client.get(reverse("documents:receipt", args=[submit.pk])).content).flat

    # Submitted to the unit: T1 has not started; it says so instead of a date.
    assert "转报经开区后开始计算" in text
    assert application.applicant.name in text


def test_receipt_of_another_units_case_is_a_404(client, with_zone, make_user):
    application = with_zone(3)
    forward = _events(application)["forward"]
    stranger = make_user(Role.UNIT_STAFF, unit=UnitFactory(), username="stranger-hr")
    client.force_login(stranger)

    assert client.get(reverse("documents:receipt", args=[forward.pk])).status_code == 404


def test_only_submissions_have_receipts(client, with_zone, reviewer):
    application = with_zone(4)
    client.force_login(reviewer)
    request = AuditEvent.objects.filter(transition="request").first()

    assert client.get(reverse("documents:receipt", args=[request.pk])).status_code == 404
    forward = _events(application)["forward"]
    assert client.get(reverse("documents:receipt", args=[forward.pk])).status_code == 200


def test_timeline_links_each_submission_to_its_receipt(client, with_zone):
    application = with_zone(5)
    client.force_login(_staff(application))

    page = client.get(reverse("permits:unit_application", args=[application.pk])).content
    for event in _events(application).values():
        link = reverse("documents:receipt", args=[event.pk]).encode()
        assert (link in page) == (event.transition in ("submit", "forward"))


def test_receipt_follows_the_english_ui(client, with_zone, pdf):
    application = with_zone(6)
    forward = _events(application)["forward"]
    client.force_login(_staff(application))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    text = pdf(client.get(reverse("documents:receipt", args=[forward.pk])).content).text

    assert "Receipt of submission" in text
    assert "Case number" in text


def test_applicant_documents_page_lists_receipts(client, with_zone):
    application = with_zone(7)
    client.force_login(application.applicant.user)

    page = client.get(reverse("documents:mine")).content.decode()

    submit = _events(application)["submit"]
    assert reverse("documents:receipt", args=[submit.pk]) in page
    # The applicant sees the submissions of their own application only.
    forward = _events(application)["forward"]
    assert reverse("documents:receipt", args=[forward.pk]) in page


def test_unit_case_submission_has_a_receipt_with_the_unit_materials(client, make_user, pdf):
    from django.utils import timezone

    from attachments.models import MaterialKind
    from attachments.reference import load as seed_catalogue
    from attachments.services import attachment_upload
    from units import services as unit_services
    from units.constants import TAX_CERTIFICATE_CODE, UNIT_MATERIAL_CODES
    from units.tests.conftest import png_file

    seed_catalogue()
    unit = UnitFactory(complete=True)
    staff = make_user(Role.UNIT_STAFF, unit=unit, username="pr1-hr")
    for code in UNIT_MATERIAL_CODES:
        attachment_upload(
            owner=unit,
            kind=MaterialKind.objects.get(code=code),
            uploaded_file=png_file(f"{code}.png"),
            uploaded_by=staff,
            document_date=timezone.localdate() if code == TAX_CERTIFICATE_CODE else None,
        )
    case = unit_services.unit_case_open(unit=unit, kind="PR1")
    case = unit_services.unit_case_submit(case=case, by=staff)
    (submit,) = AuditEvent.objects.for_case(case).filter(transition="submit")
    client.force_login(staff)

    text = pdf(client.get(reverse("documents:receipt", args=[submit.pk])).content).flat

    assert f"PR1-{case.pk:06d}" in text
    assert unit.name in text
    assert case.due_on.strftime("%Y-%m-%d") in text
    for code in UNIT_MATERIAL_CODES:
        assert code in text
