"""Small previews: images scaled with Pillow; a PDF's first page through poppler's pdftoppm
when it is installed, else an icon.

A preview is rendered once per attachment version and stored beside the file through the
storage API (`Attachment.thumbnail`, local or S3); later requests serve the stored one. It is
rendered lazily, on the first request, not at upload: uploads stay as fast as their checks,
versions uploaded before previews were stored get theirs too, and pdftoppm runs only for
what someone looks at. The PDF icon is never stored, so that a PDF gets its real preview once
poppler is installed.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .constants import THUMBNAIL_SIZE, FileType
from .models import Attachment
from .validation import open_image

PDF_ICON = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="200" viewBox="0 0 160 200">'
    b'<path d="M10 5h100l40 40v150H10z" fill="#fff" stroke="#b42318" stroke-width="6"/>'
    b'<path d="M110 5v40h40" fill="none" stroke="#b42318" stroke-width="6"/>'
    b'<text x="80" y="135" font-family="sans-serif" font-size="40" font-weight="700" '
    b'text-anchor="middle" fill="#b42318">PDF</text></svg>'
)
PDFTOPPM_TIMEOUT = 10
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Content types that are stored, and the extension of the stored file.
STORED_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}
STORED_TYPES = {extension: content_type for content_type, extension in STORED_EXTENSIONS.items()}


def thumbnail_for(attachment: Attachment) -> tuple[bytes, str]:
    """(bytes, content type) of the version's preview: the stored one, or rendered and
    stored now if it has none yet."""
    if attachment.thumbnail:
        with attachment.thumbnail.open("rb") as fh:
            data = fh.read()
        return data, STORED_TYPES[attachment.thumbnail.name.rpartition(".")[2]]
    data, content_type = make_thumbnail(attachment)
    if content_type in STORED_EXTENSIONS:
        _store(attachment, data, content_type)
    return data, content_type


def thumbnail_name(attachment: Attachment, content_type: str) -> str:
    """Beside the file: attachments/…/<random>.pdf → attachments/…/<random>.thumb.png"""
    stem = attachment.file.name.rpartition(".")[0]
    return f"{stem}.thumb.{STORED_EXTENSIONS[content_type]}"


def _store(attachment: Attachment, data: bytes, content_type: str) -> None:
    storage = attachment.thumbnail.storage
    name = storage.save(thumbnail_name(attachment, content_type), ContentFile(data))
    # Two first requests at once both render: the first to record its file wins, and the
    # other removes its copy unless the storage wrote both to the same name (S3 overwrites).
    if Attachment.objects.filter(pk=attachment.pk, thumbnail="").update(thumbnail=name):
        attachment.thumbnail.name = name
        return
    recorded = Attachment.objects.values_list("thumbnail", flat=True).get(pk=attachment.pk)
    if recorded != name:
        storage.delete(name)
    attachment.thumbnail.name = recorded


def make_thumbnail(attachment: Attachment) -> tuple[bytes, str]:
    """(bytes, content type) of a preview at most THUMBNAIL_SIZE, rendered now."""
    with attachment.file.open("rb") as fh:
        data = fh.read()
    if attachment.file_type == FileType.PDF:
        return _pdf_first_page(data) or (PDF_ICON, "image/svg+xml")
    with open_image(io.BytesIO(data), FileType(attachment.file_type)) as image:
        image.draft("RGB", THUMBNAIL_SIZE)
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue(), "image/jpeg"


def _pdf_first_page(data: bytes) -> tuple[bytes, str] | None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return None
    # poppler 22.12 (Debian 12) does not write to stdout when given "-" as the output: it
    # creates "-.png" in the working directory. So pdftoppm reads and writes files in a
    # private directory, which is also its working directory, and nothing lands elsewhere.
    with tempfile.TemporaryDirectory(prefix="thumbnail-") as workdir:
        source = Path(workdir) / "source.pdf"
        prefix = Path(workdir) / "page"
        source.write_bytes(data)
        try:
            subprocess.run(
                [
                    pdftoppm,
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    "-scale-to",
                    str(max(THUMBNAIL_SIZE)),
                    str(source),
                    str(prefix),
                ],
                cwd=workdir,
                capture_output=True,
                timeout=PDFTOPPM_TIMEOUT,
                check=True,
            )
            png = prefix.with_suffix(".png").read_bytes()
        except (subprocess.SubprocessError, OSError):
            return None
    if not png.startswith(PNG_SIGNATURE):
        return None
    return png, "image/png"
