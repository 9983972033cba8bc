"""Upload checks: the content decides what a file is, never its name.

`validate_upload` reads the uploaded file, refuses anything that is not a genuine PDF, JPEG or
PNG of a type the material kind accepts, and returns what it found. Every refusal is a
ValidationError whose message names the problem (in Chinese in the default UI).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .constants import CLAIMED_BY_EXTENSION, MAX_IMAGE_PIXELS, FileType

if TYPE_CHECKING:
    from .models import MaterialKind

# Pillow's own cap, process-wide on purpose: every image this process opens came from an upload.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

SIGNATURES = (
    (b"%PDF-", FileType.PDF),
    (b"\xff\xd8\xff", FileType.JPEG),
    (b"\x89PNG\r\n\x1a\n", FileType.PNG),
)
SHORT_NAMES = {FileType.PDF: "PDF", FileType.JPEG: "JPEG", FileType.PNG: "PNG"}
PILLOW_FORMATS = {FileType.JPEG: "JPEG", FileType.PNG: "PNG"}
MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, with what the checks found out about it."""

    file: File
    file_type: FileType
    size: int
    sha256: str
    original_name: str

    @property
    def mime_type(self) -> str:
        return self.file_type.mime_type

    @property
    def extension(self) -> str:
        return self.file_type.extension


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{round(size / (1024 * 1024), 1):g} MB"
    return f"{round(size / 1024):g} KB"


def too_large_message(limit: int) -> str:
    return _("The file is larger than the %(limit)s limit.") % {"limit": format_size(limit)}


def sanitise_filename(name: str | None) -> str:
    """A file name safe to keep as metadata and to put in a header: no path, no control or
    bidi characters, no characters that Windows or HTTP headers choke on."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*;%]', "_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        stem, ext = name, ""
    stem = stem[: MAX_NAME_LENGTH - len(ext) - 1].rstrip(" .")
    if not stem:
        stem = "file"
    return f"{stem}.{ext}" if ext else stem


def sniff(head: bytes) -> FileType | None:
    for signature, file_type in SIGNATURES:
        if head.startswith(signature):
            return file_type
    return None


def _names(types) -> str:
    return "/".join(SHORT_NAMES[FileType(t)] for t in types)


def validate_upload(uploaded_file: File, kind: MaterialKind) -> CheckedFile:
    original_name = sanitise_filename(uploaded_file.name)
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > kind.max_size:
        raise ValidationError(too_large_message(kind.max_size), code="too_large")
    uploaded_file.seek(0)
    detected = sniff(uploaded_file.read(16))
    extension = original_name.rpartition(".")[2].lower() if "." in original_name else ""
    claimed = CLAIMED_BY_EXTENSION.get(extension)
    accepted = kind.accepted_file_types
    if detected is None:
        if claimed is not None:
            raise ValidationError(
                _("The file content is not %(type)s; please upload a real %(type)s file.")
                % {"type": SHORT_NAMES[claimed]},
                code="content_mismatch",
            )
        raise ValidationError(
            _("The file type cannot be recognised; this material accepts only %(accepted)s files.")
            % {"accepted": _names(accepted)},
            code="unknown_type",
        )
    if detected not in accepted:
        if claimed is not None and claimed != detected:
            raise ValidationError(
                _(
                    "The file is named .%(extension)s but its content is %(detected)s; "
                    "this material accepts only %(accepted)s files."
                )
                % {
                    "extension": extension,
                    "detected": SHORT_NAMES[detected],
                    "accepted": _names(accepted),
                },
                code="type_not_accepted",
            )
        raise ValidationError(
            _("This material accepts only %(accepted)s files; the file is %(detected)s.")
            % {"accepted": _names(accepted), "detected": SHORT_NAMES[detected]},
            code="type_not_accepted",
        )
    if detected == FileType.PDF:
        _check_pdf(uploaded_file)
    else:
        _check_image(uploaded_file, detected)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return CheckedFile(
        file=uploaded_file,
        file_type=detected,
        size=size,
        sha256=digest.hexdigest(),
        original_name=original_name,
    )


def _bomb_error() -> ValidationError:
    return ValidationError(
        _("The image has too many pixels (at most %(limit)s megapixels); it may be malicious.")
        % {"limit": f"{MAX_IMAGE_PIXELS / 1_000_000:g}"},
        code="too_many_pixels",
    )


def open_image(fp, file_type: FileType) -> Image.Image:
    """Open an image under our pixel cap; the size is read from the header before any
    decoding, so a decompression bomb is refused at once."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(fp, formats=[PILLOW_FORMATS[file_type]])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _bomb_error() from exc
    # Our cap, whatever Pillow's global happens to be.
    if image.width * image.height > MAX_IMAGE_PIXELS:
        image.close()
        raise _bomb_error()
    return image


def _check_image(uploaded_file: File, file_type: FileType) -> None:
    broken = ValidationError(
        _("The image is damaged or incomplete and cannot be opened."), code="broken_image"
    )
    try:
        uploaded_file.seek(0)
        with open_image(uploaded_file, file_type) as image:
            image.verify()
        uploaded_file.seek(0)
        with open_image(uploaded_file, file_type) as image, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise broken from exc
    finally:
        uploaded_file.seek(0)


def _check_pdf(uploaded_file: File) -> None:
    try:
        uploaded_file.seek(0)
        reader = PdfReader(uploaded_file, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is password-protected; please upload an unencrypted PDF."),
                code="encrypted_pdf",
            )
        pages = len(reader.pages)
        active = _active_content(reader)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on malformed input
        raise ValidationError(
            _("The PDF is damaged and cannot be opened."), code="broken_pdf"
        ) from exc
    finally:
        uploaded_file.seek(0)
    if pages == 0:
        raise ValidationError(_("The PDF has no pages."), code="empty_pdf")
    if active:
        raise ValidationError(
            _(
                "The PDF contains %(what)s, which a scanned document never needs; please "
                "print it to a new PDF or scan it again."
            )
            % {"what": active},
            code="active_pdf",
        )


# Names that make a PDF do something when opened rather than show something: scripts, actions
# that start programs, files carried inside, embedded media.
_ACTIVE_KEYS = {"/JavaScript", "/JS", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia"}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"}
_MAX_PDF_OBJECTS = 100_000


def _active_content(reader: PdfReader) -> str | None:
    """What of _ACTIVE_KEYS / _ACTIVE_ACTIONS the document holds, found by walking every
    object reachable from its trailer (compressed object streams included); None if none."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            node = node.get_object()
        visited += 1
        if visited > _MAX_PDF_OBJECTS:
            return _("too many objects to check")
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in _ACTIVE_KEYS:
                    return _active_label(key)
                if key == "/S" and value in _ACTIVE_ACTIONS:
                    return _active_label(str(value))
                if key == "/Subtype" and value == "/FileAttachment":
                    return _active_label("/EmbeddedFile")
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return None


def _active_label(name: str) -> str:
    if name in ("/JavaScript", "/JS"):
        return _("JavaScript")
    if name in ("/EmbeddedFiles", "/EmbeddedFile"):
        return _("embedded files")
    if name == "/Launch":
        return _("an action that starts a program")
    return _("active content (%(name)s)") % {"name": name.lstrip("/")}
