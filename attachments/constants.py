from django.db import models
from django.utils.translation import gettext_lazy as _

# Files are refused above this size unless a material kind sets its own limit.
DEFAULT_MAX_SIZE = 10 * 1024 * 1024

# Our own cap on decoded image size: a scan of an A4 page at 600 dpi is about 35 megapixels.
MAX_IMAGE_PIXELS = 40_000_000

THUMBNAIL_SIZE = (320, 320)


class FileType(models.TextChoices):
    """The file types the portal accepts, decided by content, never by the file name."""

    PDF = "pdf", _("PDF")
    JPEG = "jpeg", _("JPEG image")
    PNG = "png", _("PNG image")

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self]


MIME_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.JPEG: "image/jpeg",
    FileType.PNG: "image/png",
}
EXTENSIONS = {FileType.PDF: "pdf", FileType.JPEG: "jpg", FileType.PNG: "png"}
# What a file name claims; used only to explain a mismatch, never to decide the type.
CLAIMED_BY_EXTENSION = {
    "pdf": FileType.PDF,
    "jpg": FileType.JPEG,
    "jpeg": FileType.JPEG,
    "jpe": FileType.JPEG,
    "png": FileType.PNG,
}
IMAGE_TYPES = (FileType.JPEG, FileType.PNG)


class MaterialStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    PRESENT = "present", _("Present")
    OUTDATED = "outdated", _("Outdated")
