"""Hostile files and nosy eyes (issue 10): active PDFs refused, a PDF named .jpg kept as .pdf
and the user told, the panel URL only for models that own attachments, every look at
another person's file recorded."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from attachments.models import AttachmentViewing, Sight
from attachments.validation import validate_upload
from portal.constants import Role
from portal.models import User

from .conftest import pdf_bytes, upload_file
from .factories import MaterialKindFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unit_owner")]


def _pdf(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _open_action_js(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )


def _launch(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )


def _names_js(writer):
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/Hide"), NameObject("/JS"): TextStringObject("x")}
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("a"), writer._add_object(action)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )


@pytest.mark.parametrize(
    "change",
    [
        _open_action_js,
        _launch,
        _names_js,
        lambda w: w.add_attachment("payload.exe", b"MZ..."),
    ],
    ids=["openaction-js", "launch", "names-js", "embedded-file"],
)
def test_a_pdf_that_acts_is_refused_with_a_message(kind, change):
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload_file("licence.pdf", _pdf(change)), kind)
    assert refused.value.code == "active_pdf"
    assert "PDF" in refused.value.messages[0]


def test_a_plain_pdf_passes(kind):
    assert validate_upload(upload_file("licence.pdf", pdf_bytes(3)), kind).file_type == "pdf"


def test_a_pdf_named_jpg_is_kept_as_pdf_and_the_user_is_told(client, users, unit):
    kind = MaterialKindFactory(code="U10b", accepted_types=["pdf", "jpeg"])
    client.force_login(users[Role.UNIT_STAFF])
    ct = ContentType.objects.get_for_model(unit)
    response = client.post(
        reverse("attachments:upload", args=[ct.pk, unit.pk, kind.code]),
        {"file": upload_file("scan.jpg", pdf_bytes())},
        follow=True,
    )
    attachment = kind.attachments.get()
    assert attachment.file_type == "pdf"
    assert attachment.download_name == "scan.pdf"
    assert attachment.file.name.endswith(".pdf")
    shown = [str(m) for m in response.context["messages"]]
    assert any("scan.jpg" in m and "scan.pdf" in m for m in shown), shown


def test_the_panel_url_of_a_model_that_owns_no_attachments_is_a_404(client, users):
    client.force_login(users[Role.REVIEWER])
    user_type = ContentType.objects.get_for_model(User)
    target = users[Role.APPLICANT]
    url = reverse("attachments:material", args=[user_type.pk, target.pk, "M1"])
    assert client.get(url).status_code == 404


def test_a_reviewer_opening_a_units_file_is_recorded(client, users, unit, kind, upload):
    attachment = upload(unit, kind)
    reviewer = users[Role.REVIEWER]
    client.force_login(reviewer)
    assert client.get(reverse("attachments:serve", args=[attachment.pk])).status_code == 200
    row = AttachmentViewing.objects.get()
    assert (row.viewer, row.attachment, row.sight) == (reviewer, attachment, Sight.FILE)
    assert (row.content_type.model_class(), row.object_id) == (type(unit), unit.pk)
    assert row.at is not None


def test_the_uploader_opening_their_own_file_is_not_recorded(client, users, unit, kind, upload):
    attachment = upload(unit, kind)
    client.force_login(users[Role.UNIT_STAFF])
    assert client.get(reverse("attachments:serve", args=[attachment.pk])).status_code == 200
    assert not AttachmentViewing.objects.exists()
