"""Fixtures of the attachments tests: real files made in memory, owners with the access
protocol, and a throw-away local storage."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from attachments.services import attachment_upload
from portal.constants import Role
from units.models import Unit

from .factories import MaterialKindFactory


def pdf_bytes(pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str = "PNG", size=(64, 48), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 30000, height: int = 30000) -> bytes:
    """A few hundred bytes declaring width × height pixels: a decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def upload_file(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _local_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def _unit_visible_to(self, user) -> bool:
    return user.is_unit_staff and user.unit_id == self.pk


@pytest.fixture
def unit_owner(monkeypatch):
    """Units with the owner protocol (the snippet offered to units/models.py)."""
    monkeypatch.setattr(Unit, "attachments_visible_to", _unit_visible_to, raising=False)
    monkeypatch.setattr(Unit, "attachments_editable_by", _unit_visible_to, raising=False)
    return Unit


@pytest.fixture
def kind(db):
    return MaterialKindFactory(code="U10a")


@pytest.fixture
def staff(users):
    return users[Role.UNIT_STAFF]


@pytest.fixture
def upload(staff):
    """Upload through the service, as the unit's staff by default."""

    def do(owner, kind, name="licence.pdf", content=None, **kwargs):
        kwargs.setdefault("uploaded_by", staff)
        return attachment_upload(
            owner=owner,
            kind=kind,
            uploaded_file=upload_file(name, content if content is not None else pdf_bytes()),
            **kwargs,
        )

    return do
