"""Small previews: images scaled with Pillow; a PDF's first page through poppler's pdftoppm
when it is installed, else an icon."""

from __future__ import annotations

import io
import shutil
import subprocess

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


def make_thumbnail(attachment: Attachment) -> tuple[bytes, str]:
    """(bytes, content type) of a preview at most THUMBNAIL_SIZE."""
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
    try:
        result = subprocess.run(
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
                "-",
                "-",
            ],
            input=data,
            capture_output=True,
            timeout=PDFTOPPM_TIMEOUT,
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        return None
    if not result.stdout.startswith(b"\x89PNG"):
        return None
    return result.stdout, "image/png"
