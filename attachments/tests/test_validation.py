"""Uploads are judged by their content (M1–M7, U10: the materials must be real PDFs or
images); each refusal names its problem in Chinese."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from attachments.constants import FileType
from attachments.validation import sanitise_filename, validate_upload

from .conftest import bomb_png, image_bytes, pdf_bytes, upload_file
from .factories import MaterialKindFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def refusal(kind, name, content) -> str:
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload_file(name, content), kind)
    return " ".join(excinfo.value.messages)


def test_real_pdf_png_and_jpeg_are_accepted_with_their_facts():
    kind = MaterialKindFactory()
    checked = validate_upload(upload_file("营业执照.pdf", pdf_bytes(2)), kind)
    assert checked.file_type == FileType.PDF
    assert checked.mime_type == "application/pdf"
    assert len(checked.sha256) == 64
    assert checked.original_name == "营业执照.pdf"
    assert validate_upload(upload_file("a.png", image_bytes("PNG")), kind).file_type == "png"
    assert validate_upload(upload_file("a.jpeg", image_bytes("JPEG")), kind).file_type == "jpeg"


def test_decompression_bomb_png_is_refused_at_once():
    kind = MaterialKindFactory(images_only=True)
    content = bomb_png(30000, 30000)
    assert len(content) < 1000
    started = time.perf_counter()
    message = refusal(kind, "scan.png", content)
    assert time.perf_counter() - started < 0.5
    assert "图片像素过大" in message
    assert "可能是恶意文件" in message


def test_image_just_over_our_cap_is_refused_even_below_pillows_own():
    kind = MaterialKindFactory(images_only=True)
    assert "图片像素过大" in refusal(kind, "scan.png", bomb_png(8000, 5001))


def test_pdf_renamed_jpg_is_refused_naming_the_mismatch_when_only_images_are_accepted():
    kind = MaterialKindFactory(images_only=True)
    message = refusal(kind, "photo.jpg", pdf_bytes())
    assert message == "文件名后缀是 .jpg，但文件内容是 PDF；本材料只接受 JPEG/PNG 文件。"


def test_pdf_renamed_jpg_is_accepted_as_pdf_when_pdf_is_accepted():
    kind = MaterialKindFactory()
    checked = validate_upload(upload_file("photo.jpg", pdf_bytes()), kind)
    assert checked.file_type == FileType.PDF
    assert checked.original_name == "photo.jpg"


def test_html_renamed_pdf_is_refused():
    kind = MaterialKindFactory()
    html = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
    assert refusal(kind, "licence.pdf", html) == "文件内容不是 PDF，请上传真实的 PDF 文件。"


def test_text_with_unknown_extension_is_refused():
    kind = MaterialKindFactory()
    assert "无法识别" in refusal(kind, "notes.txt", b"hello")


def test_empty_file_is_refused():
    kind = MaterialKindFactory()
    assert refusal(kind, "licence.pdf", b"") == "文件为空。"


def test_oversized_file_is_refused_with_the_limit():
    kind = MaterialKindFactory(max_size=10 * 1024 * 1024)
    content = pdf_bytes() + b"\n" * (10 * 1024 * 1024)
    assert refusal(kind, "licence.pdf", content) == "文件超过 10 MB 上限。"


def test_image_type_not_accepted_by_a_pdf_only_kind():
    kind = MaterialKindFactory(pdf_only=True)
    assert refusal(kind, "a.png", image_bytes()) == "本材料只接受 PDF 文件，所传文件是 PNG。"


def test_encrypted_pdf_is_refused():
    kind = MaterialKindFactory()
    assert "已加密" in refusal(kind, "a.pdf", pdf_bytes(password="secret"))


def test_broken_pdf_is_refused():
    kind = MaterialKindFactory()
    assert "PDF 文件已损坏" in refusal(kind, "a.pdf", b"%PDF-1.7\n garbage \x00\x01")


def test_truncated_png_is_refused():
    kind = MaterialKindFactory()
    content = image_bytes("PNG", size=(400, 400))
    assert "图片已损坏" in refusal(kind, "a.png", content[: len(content) // 2])


def test_messages_follow_the_language():
    kind = MaterialKindFactory()
    with translation.override("en"):
        assert refusal(kind, "a.pdf", b"") == "The file is empty."


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\王\\营业执照 (1).pdf", "营业执照 (1).pdf"),
        ("evil\u202egpj.pdf", "evilgpj.pdf"),
        ('a"b;c%d<e>.png', "a_b_c_d_e_.png"),
        ("...", "file"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 96 + ".pdf"),
    ],
)
def test_file_names_are_sanitised(given, expected):
    assert sanitise_filename(given) == expected
