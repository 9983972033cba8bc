"""附件一 借住声明 and 附件二 诚信声明 as PDFs: prefilled from the portal's data or blank, laid
out like the handbook's annexes, with the Chinese characters drawn from the embedded Noto CJK
fonts. Each PDF is read back with poppler: its text, its fonts and its pages as images."""

import pytest
from django.conf import settings
from django.urls import reverse

from documents.pdf import render_pdf
from portal.constants import Role
from units.tests.factories import UnitFactory

from .conftest import ink, save_artifact

pytestmark = pytest.mark.django_db


def _relative_home(person) -> None:
    person.residence_kind = "relative_home"
    person.facts = {
        **person.facts,
        "residence": {
            "kind": "relative_home",
            "address": "北京市大兴区荣华南路15号院3号楼2单元501号",
            "owner_name": "王房东",
            "lodging_declaration": {
                "owner_name": "王房东",
                "lodger_name": person.name,
                "address": "北京市大兴区荣华南路15号院3号楼2单元501号",
            },
        },
    }
    person.save(update_fields=["residence_kind", "facts"])


def assert_real_cjk_glyphs(document) -> None:
    fonts = document.fonts
    assert fonts, "no fonts in the PDF"
    for font in fonts:
        # Every font is embedded, is a Noto CJK face and maps its glyphs back to Unicode.
        assert font["emb"] == "yes", font
        assert "CJK" in font["name"], font
        assert font["uni"] == "yes", font


def test_distinct_chinese_characters_render_as_distinct_glyphs_not_boxes(pdf):
    # A missing glyph is drawn as the same empty box whatever the character: two different
    # characters rendered alike would mean boxes.
    images = []
    for ch in ("房", "声"):
        html = f"<p style=\"font: 200pt 'Noto Serif CJK SC'; margin: 0\">{ch}</p>"
        document = pdf(render_pdf_string(html))
        (page,) = document.pages(dpi=30)
        with page.open("rb") as fh:
            images.append(fh.read())
        assert ink(page) > 0.01
    assert images[0] != images[1]


def render_pdf_string(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def test_applicant_downloads_the_lodging_declaration_prefilled(client, associated, pdf):
    person = associated(1)
    _relative_home(person)
    client.force_login(person.user)

    response = client.get(reverse("documents:my_declaration", args=["lodging"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    document = pdf(response.content)
    text = document.flat
    for expected in ("附件一", "房屋借住声明", person.name, person.id_number, "王房东"):
        assert expected in text, expected
    assert "荣华南路15号院" in text
    assert person.unit.name in text
    assert_real_cjk_glyphs(document)
    (page,) = document.pages(dpi=100)
    assert ink(page) > 0.005
    save_artifact(page, "lodging-declaration-prefilled.png")


def test_applicant_downloads_the_integrity_declaration_prefilled(client, associated, pdf):
    person = associated(2)
    person.unit.legal_representative = "赵立法"
    person.unit.save(update_fields=["legal_representative"])
    client.force_login(person.user)

    response = client.get(reverse("documents:my_declaration", args=["integrity"]))

    document = pdf(response.content)
    text = document.flat
    for expected in (
        "附件二",
        "个人声明",
        "申请单位声明",
        person.name,
        person.id_number,
        person.unit.name,
        "（法定代表人：赵立法）",
    ):
        assert expected in text, expected
    assert_real_cjk_glyphs(document)
    pages = document.pages(dpi=100)
    assert len(pages) == 1  # one sheet to sign and stamp, as the annex
    save_artifact(pages[0], "integrity-declaration-prefilled.png")


def test_unit_downloads_declarations_of_its_own_employees_only(client, associated, make_user, pdf):
    person = associated(3)
    association = person.associations.get()
    staff = person.unit.staff_user
    client.force_login(staff)

    for kind in ("integrity", "lodging"):
        url = reverse("documents:employee_declaration", args=[association.pk, kind])
        response = client.get(url)
        assert response.status_code == 200
        assert person.name in pdf(response.content).flat

    stranger = make_user(Role.UNIT_STAFF, unit=UnitFactory(), username="other-hr")
    client.force_login(stranger)
    url = reverse("documents:employee_declaration", args=[association.pk, "integrity"])
    assert client.get(url).status_code == 404


def test_unit_page_lists_employees_with_their_declarations(client, associated):
    person = associated(4)
    client.force_login(person.unit.staff_user)

    page = client.get(reverse("documents:unit")).content.decode()

    assert person.name in page
    assert reverse("documents:holders_export") in page
    assert reverse("documents:blank", args=["lodging"]) in page


@pytest.mark.parametrize(
    ("kind", "title"), [("lodging", "房屋借住声明"), ("integrity", "诚信声明")]
)
def test_blank_declarations_stay_available_with_empty_lines(client, users, pdf, kind, title):
    client.force_login(users[Role.APPLICANT])

    response = client.get(reverse("documents:blank", args=[kind]))

    document = pdf(response.content)
    text = document.flat
    assert title in text
    assert "法定代表人：" not in text
    assert "申请人：" not in text
    assert_real_cjk_glyphs(document)


def test_blank_declarations_need_a_signed_in_user(client):
    response = client.get(reverse("documents:blank", args=["lodging"]))
    assert response.status_code == 302


def test_unknown_declaration_is_a_404(client, users):
    client.force_login(users[Role.APPLICANT])
    assert client.get(reverse("documents:blank", args=["other"])).status_code == 404


def test_declarations_stay_in_chinese_in_the_english_ui(client, associated, pdf):
    person = associated(5)
    client.force_login(person.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("documents:mine")).content.decode()
    response = client.get(reverse("documents:my_declaration", args=["integrity"]))

    assert "My documents" in page
    assert "诚信声明" in pdf(response.content).flat


def test_render_pdf_is_a_pdf():
    assert render_pdf("documents/pdf/integrity.html", {"d": None}).startswith(b"%PDF-")
