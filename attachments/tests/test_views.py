"""Files go out only through views that check who is asking; a foreign file is a 404."""

import io
import shutil
from datetime import date
from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from attachments import thumbnails
from attachments.models import Attachment, MaterialKind
from attachments.panel import material_panels
from attachments.services import attachment_soft_delete
from portal.constants import Role
from portal.tests.rendering import queries_while_rendering
from units.tests.factories import UnitFactory

from .conftest import bomb_png, image_bytes, pdf_bytes, upload_file
from .factories import MaterialKindFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unit_owner")]

needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed"
)


def upload_url(owner, kind) -> str:
    ct = ContentType.objects.get_for_model(owner)
    return reverse("attachments:upload", args=[ct.pk, owner.pk, kind.code])


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Access ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("own staff", 200),
        ("other staff", 404),
        ("applicant", 404),
        ("reviewer", 200),
        ("administrator", 200),
    ],
)
def test_who_may_open_a_unit_file(client, users, make_user, unit, kind, upload, who, expected):
    attachment = upload(unit, kind)
    user = {
        "own staff": users[Role.UNIT_STAFF],
        "other staff": make_user(Role.UNIT_STAFF, unit=UnitFactory(), username="other-hr"),
        "applicant": users[Role.APPLICANT],
        "reviewer": users[Role.REVIEWER],
        "administrator": users[Role.ADMINISTRATOR],
    }[who]
    client.force_login(user)
    for name in ("attachments:serve", "attachments:thumbnail"):
        assert client.get(reverse(name, args=[attachment.pk])).status_code == expected


def test_anonymous_is_sent_to_sign_in(client, unit, kind, upload):
    attachment = upload(unit, kind)
    response = client.get(reverse("attachments:serve", args=[attachment.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:login"))


def test_unknown_attachment_is_404(client, users):
    client.force_login(users[Role.REVIEWER])
    assert client.get(reverse("attachments:serve", args=[999999])).status_code == 404


def test_owner_without_the_protocol_is_seen_by_reviewers_only(client, users, kind, staff):
    from attachments.services import attachment_upload

    owner = users[Role.APPLICANT]  # User does not implement the protocol
    attachment = attachment_upload(
        owner=owner, kind=kind, uploaded_file=upload_file("a.pdf", pdf_bytes()), uploaded_by=staff
    )
    url = reverse("attachments:serve", args=[attachment.pk])
    client.force_login(owner)
    assert client.get(url).status_code == 404
    client.force_login(users[Role.REVIEWER])
    assert client.get(url).status_code == 200
    assert (
        client.post(
            upload_url(owner, kind), {"file": upload_file("b.pdf", pdf_bytes())}
        ).status_code
        == 404
    )


def test_deleted_version_is_hidden_from_the_owner_but_not_from_reviewers(
    client, users, unit, kind, upload, staff
):
    attachment = upload(unit, kind)
    attachment_soft_delete(attachment=attachment, by=staff)
    url = reverse("attachments:serve", args=[attachment.pk])
    client.force_login(staff)
    assert client.get(url).status_code == 404
    client.force_login(users[Role.REVIEWER])
    assert client.get(url).status_code == 200


# --- Serving -----------------------------------------------------------------------------
def test_serve_headers_and_identical_bytes(client, unit, kind, upload, staff):
    content = pdf_bytes(3)
    attachment = upload(unit, kind, name="营业执照 2026.pdf", content=content)
    client.force_login(staff)
    response = client.get(reverse("attachments:serve", args=[attachment.pk]))
    assert response.status_code == 200
    assert body(response) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert f"filename*=UTF-8''{quote('营业执照 2026.pdf', safe='')}" in disposition
    assert 'filename="2026.pdf"' in disposition
    assert response["ETag"] == f'"{attachment.sha256}"'
    again = client.get(
        reverse("attachments:serve", args=[attachment.pk]), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_content_type_comes_from_the_content_not_the_name(client, unit, kind, upload, staff):
    attachment = upload(unit, kind, name="scan.jpg", content=pdf_bytes())
    client.force_login(staff)
    response = client.get(reverse("attachments:serve", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="scan.pdf"' in response["Content-Disposition"]


def test_thumbnail_of_an_image_is_a_small_jpeg(client, unit, kind, upload, staff):
    attachment = upload(unit, kind, name="id.png", content=image_bytes("PNG", size=(1600, 1000)))
    client.force_login(staff)
    response = client.get(reverse("attachments:thumbnail", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(response.content)) as thumb:
        assert thumb.format == "JPEG"
        assert max(thumb.size) <= 320


@needs_pdftoppm
def test_thumbnail_of_a_pdf_is_its_first_page_rendered_once_and_stored_beside_it(
    client, unit, kind, upload, staff, monkeypatch, tmp_path
):
    attachment = upload(unit, kind, name="a.pdf", content=pdf_bytes(pages=2))
    client.force_login(staff)
    # Nothing may land in the working directory (poppler 22.12 wrote "-.png" there).
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)

    first = client.get(reverse("attachments:thumbnail", args=[attachment.pk]))

    assert first.status_code == 200
    assert first["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(first.content)) as thumb:
        thumb.load()
        assert thumb.format == "PNG"
        assert max(thumb.size) == 320 and min(thumb.size) > 100  # A4 portrait, scaled
    assert list(workdir.iterdir()) == []
    attachment.refresh_from_db()
    stem = attachment.file.name.rpartition(".")[0]
    assert attachment.thumbnail.name == f"{stem}.thumb.png"

    def render_again(_attachment):
        raise AssertionError("the stored thumbnail should have been served")

    monkeypatch.setattr(thumbnails, "make_thumbnail", render_again)
    second = client.get(reverse("attachments:thumbnail", args=[attachment.pk]))
    assert second.status_code == 200
    assert second["Content-Type"] == "image/png"
    assert second.content == first.content


def test_image_thumbnail_is_rendered_once(client, unit, kind, upload, staff, monkeypatch):
    attachment = upload(unit, kind, name="id.png", content=image_bytes("PNG", size=(800, 600)))
    client.force_login(staff)
    calls = []
    render = thumbnails.make_thumbnail
    monkeypatch.setattr(thumbnails, "make_thumbnail", lambda a: calls.append(a.pk) or render(a))
    url = reverse("attachments:thumbnail", args=[attachment.pk])
    assert client.get(url).content == client.get(url).content
    assert calls == [attachment.pk]


def test_pdf_without_poppler_shows_an_icon_that_is_not_stored(
    client, unit, kind, upload, staff, monkeypatch
):
    attachment = upload(unit, kind, name="a.pdf", content=pdf_bytes())
    client.force_login(staff)
    monkeypatch.setattr(thumbnails.shutil, "which", lambda name: None)
    response = client.get(reverse("attachments:thumbnail", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    attachment.refresh_from_db()
    assert not attachment.thumbnail  # once poppler is installed, the real page is rendered


# --- Upload view -------------------------------------------------------------------------
def test_upload_then_redirect_to_the_panel(client, unit, kind, staff):
    client.force_login(staff)
    response = client.post(upload_url(unit, kind), {"file": upload_file("a.pdf", pdf_bytes())})
    assert response.status_code == 302
    attachment = Attachment.objects.for_owner(unit).get()
    assert attachment.uploaded_by == staff
    page = client.get(response.url)
    assert page.status_code == 200
    assert "版本 1" in page.content.decode()


def test_upload_error_is_shown_at_the_field_and_earlier_versions_stay(client, unit, kind, staff):
    client.force_login(staff)
    client.post(upload_url(unit, kind), {"file": upload_file("first.pdf", pdf_bytes())})
    response = client.post(
        upload_url(unit, kind), {"file": upload_file("fake.pdf", b"<html></html>")}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "文件内容不是 PDF，请上传真实的 PDF 文件。" in html
    assert 'id="id_U10a_file_error"' in html
    assert "first.pdf" in html  # the version already uploaded is still listed and openable
    assert Attachment.objects.for_owner(unit).count() == 1


def test_xhr_upload_answers_json(client, unit, kind, staff):
    client.force_login(staff)
    bad = client.post(
        upload_url(unit, kind),
        {"file": upload_file("scan.png", bomb_png())},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert bad.status_code == 400
    assert "图片像素过大" in bad.json()["errors"]["file"][0]
    good = client.post(
        upload_url(unit, kind),
        {"file": upload_file("a.png", image_bytes()), "next": "/unit/"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert good.status_code == 200
    assert good.json()["ok"] is True
    assert good.json()["redirect"] == "/unit/"


def test_upload_never_redirects_off_site(client, unit, kind, staff):
    client.force_login(staff)
    response = client.post(
        upload_url(unit, kind),
        {"file": upload_file("a.pdf", pdf_bytes()), "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.url.startswith("/files/")


def test_oversized_upload_is_dropped_while_it_is_read(client, unit, staff):
    kind = MaterialKindFactory(code="small", max_size=50_000)
    client.force_login(staff)
    response = client.post(
        upload_url(unit, kind),
        {"file": upload_file("big.pdf", pdf_bytes() + b"\n" * 200_000)},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == ["文件超过 49 KB 上限。"]


def test_expiring_kind_needs_the_document_date_in_the_form(client, unit, staff):
    kind = MaterialKindFactory(code="U10c", expiring=True)
    client.force_login(staff)
    response = client.post(upload_url(unit, kind), {"file": upload_file("tax.pdf", pdf_bytes())})
    assert response.status_code == 400
    assert 'name="document_date"' in response.content.decode()
    response = client.post(
        upload_url(unit, kind),
        {"file": upload_file("tax.pdf", pdf_bytes()), "document_date": "2026-10-01"},
    )
    assert response.status_code == 302
    assert Attachment.objects.for_owner(unit).get().document_date == date(2026, 10, 1)


def test_others_cannot_upload_to_a_unit(client, users, make_user, unit, kind):
    for user in (
        make_user(Role.UNIT_STAFF, unit=UnitFactory(), username="x"),
        users[Role.REVIEWER],
    ):
        client.force_login(user)
        response = client.post(upload_url(unit, kind), {"file": upload_file("a.pdf", pdf_bytes())})
        assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_upload_needs_csrf(unit, kind, staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(upload_url(unit, kind), {"file": upload_file("a.pdf", pdf_bytes())})
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_delete_view_soft_deletes(client, unit, kind, upload, staff):
    first, second = upload(unit, kind), upload(unit, kind)
    client.force_login(staff)
    response = client.post(reverse("attachments:delete", args=[second.pk]))
    assert response.status_code == 302
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.is_deleted
    assert first.is_current


def test_delete_asks_for_confirmation_first(client, unit, kind, upload, staff):
    """One click on "delete" shows a confirmation page; only its POST deletes."""
    first = upload(unit, kind)
    client.force_login(staff)
    url = reverse("attachments:delete", args=[first.pk])
    page = client.get(url + "?next=/unit/materials/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'method="post"' in body and 'value="/unit/materials/"' in body
    first.refresh_from_db()
    assert not first.is_deleted
    evil = client.get(url + "?next=https://evil.example/")
    assert 'name="next" value="https://evil.example/"' not in evil.content.decode()
    assert 'href="https://evil.example/"' not in evil.content.decode()


def test_delete_of_a_foreign_version_is_404_even_for_the_confirmation(
    client, unit, kind, upload, staff, make_user
):
    first = upload(unit, kind)
    client.force_login(make_user(Role.APPLICANT, username="stranger"))
    assert client.get(reverse("attachments:delete", args=[first.pk])).status_code == 404


# --- Panel -------------------------------------------------------------------------------
def render_panel(owner, kind, user) -> str:
    """The panel as a page renders it: read in the view (material_panels), then the tag."""
    request = RequestFactory().get("/unit/materials/")
    request.user = user
    panel = material_panels(owner, [kind], user, next_url=request.get_full_path())[0]
    template = Template("{% load attachments %}{% material_panel panel %}")
    return template.render(Context({"panel": panel, "request": request}))


def test_panel_shows_current_earlier_versions_and_form(unit, kind, upload, staff):
    upload(unit, kind, name="old.pdf")
    upload(unit, kind, name="new.png", content=image_bytes())
    html = render_panel(unit, kind, staff)
    assert "new.png" in html
    assert "old.pdf" in html
    assert reverse("attachments:thumbnail", args=[2]) in html or "thumb" in html
    assert "data-upload" in html
    assert "portal/upload.js" in html


def test_panel_shows_a_pdf_in_the_page(unit, kind, upload, staff):
    attachment = upload(unit, kind, name="licence.pdf")
    html = render_panel(unit, kind, staff)
    assert f'<object data="{reverse("attachments:serve", args=[attachment.pk])}"' in html


def test_panel_for_a_reviewer_has_no_form_and_for_a_stranger_is_empty(
    users, make_user, unit, kind, upload
):
    upload(unit, kind)
    assert "data-upload" not in render_panel(unit, kind, users[Role.REVIEWER])
    stranger = make_user(Role.UNIT_STAFF, unit=UnitFactory(), username="stranger")
    assert render_panel(unit, kind, stranger).strip() == ""


def test_panels_queries_do_not_grow_with_versions_or_kinds(
    unit, kind, upload, staff, django_assert_num_queries
):
    """One query for the versions of every kind of the page (the unit's own checks ask
    nothing more of a unit); rendering asks nothing."""
    other = MaterialKind.objects.exclude(pk=kind.pk).first() or kind
    upload(unit, kind)
    upload(unit, kind)
    with django_assert_num_queries(1):
        material_panels(unit, [kind], staff)
    for _ in range(5):
        upload(unit, kind)
    with django_assert_num_queries(1):
        panels = material_panels(unit, [kind, other], staff)
    with queries_while_rendering() as queries:
        for panel in panels:
            Template("{% load attachments %}{% material_panel panel %}").render(
                Context({"panel": panel})
            )
    assert not queries


def test_panels_accept_kind_codes(unit, kind, staff):
    panel = material_panels(unit, ["U10a"], staff)[0]
    html = Template("{% load attachments %}{% material_panel panel %}").render(
        Context({"panel": panel})
    )
    assert kind.name_zh in html


# --- Admin -------------------------------------------------------------------------------
def test_administrators_manage_kinds_and_read_attachments_in_the_admin(
    client, users, unit, kind, upload
):
    attachment = upload(unit, kind)
    client.force_login(users[Role.ADMINISTRATOR])
    assert client.get(reverse("admin:attachments_materialkind_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:attachments_materialkind_change", args=[kind.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:attachments_attachment_changelist")).status_code == 200
    detail = client.get(reverse("admin:attachments_attachment_change", args=[attachment.pk]))
    assert detail.status_code == 200
    assert reverse("attachments:serve", args=[attachment.pk]) in detail.content.decode()


@pytest.mark.parametrize(
    ("code", "annex"),
    [
        ("M4-lodging", "annex-1-lodging-declaration.html"),
        ("M5", "annex-2-integrity-declaration.html"),
        ("U10d", "annex-2-integrity-declaration.html"),
    ],
)
def test_panels_that_mention_a_template_offer_it_for_download(unit, staff, code, annex):
    from django.contrib.staticfiles import finders

    html = render_panel(unit, MaterialKindFactory(code=code), staff)
    assert f"portal/annexes/{annex}" in html
    text = open(finders.find(f"portal/annexes/{annex}"), encoding="utf-8").read()
    assert "诚信声明" in text or "房屋借住声明" in text
