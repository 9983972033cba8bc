"""What the applicant's side reads of PR3 without importing permits: the review lock, the
reasons of a return to the applicant, and which unit staff may see the applicant's files."""

import io

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from applicants.checklist import returned_reasons
from attachments.access import owner_editable_by
from attachments.models import MaterialKind
from permits import services
from portal.constants import Role
from reviews.services import MaterialReturn


def test_applicant_is_locked_while_the_unit_or_the_zone_has_the_application(associated, reviewer):
    person = associated()
    staff = person.unit.staff_user
    application = services.application_open(applicant=person)
    assert not person.under_review  # a draft is the applicant's
    application = services.application_submit(application=application, by=person.user)
    assert person.under_review  # with the unit
    application = services.application_forward(application=application, by=staff)
    assert person.under_review  # with the zone
    application = services.application_return_to_unit(
        application=application, by=reviewer, comment="请核对", returned=[]
    )
    assert person.under_review  # returned to the unit: still not the applicant's
    assert not person.attachments_editable_by(person.user)


def test_reasons_of_a_return_are_shown_to_the_applicant_until_they_resubmit(associated):
    person = associated()
    staff = person.unit.staff_user
    application = services.application_open(applicant=person)
    assert returned_reasons(person) == {}
    application = services.application_submit(application=application, by=person.user)
    application = services.application_return_to_applicant(
        application=application,
        by=staff,
        comment="",
        returned=[MaterialReturn("M5", "诚信声明", "缺少公章")],
    )
    assert not person.under_review
    assert returned_reasons(person) == {"M5": "缺少公章"}
    services.application_submit(application=application, by=person.user)
    assert returned_reasons(person) == {}


def test_only_staff_of_the_associated_unit_see_the_applicants_files(
    associated, permitted_unit, make_user
):
    person = associated()
    other = permitted_unit()
    assert person.attachments_visible_to(person.unit.staff_user)
    assert not person.attachments_visible_to(other.staff_user)
    assert not person.attachments_visible_to(make_user(Role.REVIEWER, username="r2"))


def test_a_returned_application_lets_the_applicant_replace_only_the_returned_materials(
    associated, client
):
    """Submitted means frozen: back with the applicant for M5, only M5 can be replaced; the
    other materials stay as they were submitted (the upload is refused, the panel offers no
    form)."""
    person = associated()
    staff = person.unit.staff_user
    application = services.application_open(applicant=person)
    application = services.application_submit(application=application, by=person.user)
    services.application_return_to_applicant(
        application=application,
        by=staff,
        comment="",
        returned=[MaterialReturn("M5", "诚信声明", "缺少公章")],
    )
    m5, m1 = MaterialKind.objects.get(code="M5"), MaterialKind.objects.get(code="M1")
    assert owner_editable_by(person, person.user, m5)
    assert not owner_editable_by(person, person.user, m1)
    owner_type = ContentType.objects.get_for_model(person).pk
    client.force_login(person.user)
    scan = SimpleUploadedFile("m1.png", _png(), content_type="image/png")
    url = reverse("attachments:upload", args=[owner_type, person.pk, "M1"])
    assert client.post(url, {"file": scan}).status_code == 404
    scan = SimpleUploadedFile("m5.png", _png(), content_type="image/png")
    url = reverse("attachments:upload", args=[owner_type, person.pk, "M5"])
    assert client.post(url, {"file": scan}).status_code in (200, 302)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buffer, "PNG")
    return buffer.getvalue()
