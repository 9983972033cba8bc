from __future__ import annotations

import operator
import uuid
from collections.abc import Iterable
from datetime import date
from functools import reduce

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.constants import Process
from rules.engine.dates import add_months

from .constants import CLAIMED_BY_EXTENSION, DEFAULT_MAX_SIZE, EXTENSIONS, MIME_TYPES, FileType
from .validation import format_size, sanitise_filename


class MaterialKindQuerySet(models.QuerySet):
    def active(self) -> MaterialKindQuerySet:
        return self.filter(is_active=True)

    def for_process(self, process: str) -> MaterialKindQuerySet:
        # Text match on the JSON list (quotes included, so "PR1" never matches "PR10"):
        # JSON containment is not available on SQLite.
        return self.filter(processes__icontains=f'"{process}"')


class MaterialKind(models.Model):
    """One kind of material a unit or an applicant uploads (U10 (a)–(e), M1–M7 …).

    Kept as data so that administrators can adjust names, limits and help without a release.
    """

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Stable identifier used by the code, e.g. U10a or M3-degree."),
    )
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    processes = models.JSONField(
        _("processes"),
        default=list,
        blank=True,
        help_text=_("Process codes (PR1–PR7) that ask for this material."),
    )
    accepted_types = models.JSONField(
        _("accepted file types"),
        default=list,
        help_text=_("A subset of pdf, jpeg and png; the file content decides the type."),
    )
    max_size = models.PositiveIntegerField(
        _("size limit (bytes)"),
        default=DEFAULT_MAX_SIZE,
        help_text=_("Larger files are refused. 10 MB is 10485760 bytes."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity (calendar months)"),
        null=True,
        blank=True,
        help_text=_(
            "How long a document stays valid after the date printed on it; empty if it does "
            "not expire. The uploader then has to enter the document's date."
        ),
    )
    rule_ids = models.CharField(
        _("rule IDs"),
        max_length=100,
        blank=True,
        help_text=_("Rules of the rule catalogue this material serves, e.g. U10 T6."),
    )
    help_zh = models.TextField(
        _("help text (Chinese)"),
        max_length=2000,
        blank=True,
        help_text=_("Shown beside the upload form."),
    )
    help_en = models.TextField(
        _("help text (English)"),
        max_length=2000,
        blank=True,
        help_text=_("Shown beside the upload form."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive kinds are no longer asked for.")
    )
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Kinds are listed in this order.")
    )

    objects = MaterialKindQuerySet.as_manager()

    class Meta:
        verbose_name = _("material kind")
        verbose_name_plural = _("material kinds")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        super().clean()
        if not self.accepted_types or not set(self.accepted_types) <= set(FileType.values):
            raise ValidationError({"accepted_types": _("Choose one or more of: pdf, jpeg, png.")})
        if not set(self.processes) <= set(Process.values):
            raise ValidationError({"processes": _("Use process codes PR1 to PR7 only.")})

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    @property
    def help(self) -> str:
        return self.help_en if (get_language() or "").startswith("en") else self.help_zh

    @property
    def accepted_file_types(self) -> list[FileType]:
        return [FileType(t) for t in self.accepted_types if t in FileType.values]

    @property
    def accept_attribute(self) -> str:
        """For <input type=file accept=...>: a hint to the browser, never a check."""
        return ",".join(MIME_TYPES[t] for t in self.accepted_file_types)

    @property
    def size_limit_label(self) -> str:
        return format_size(self.max_size)

    @property
    def needs_document_date(self) -> bool:
        return self.validity_months is not None

    def valid_until(self, document_date: date) -> date | None:
        if self.validity_months is None:
            return None
        return add_months(document_date, self.validity_months)


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    """A random path that never contains the uploader's file name."""
    return attachment_path(
        owner_type=instance.content_type,
        owner_id=instance.object_id,
        kind_code=instance.kind.code,
        file_type=FileType(instance.file_type),
    )


def attachment_path(
    *, owner_type: ContentType, owner_id: int, kind_code: str, file_type: FileType
) -> str:
    return (
        f"attachments/{owner_type.app_label}-{owner_type.model}/{owner_id}/{kind_code}/"
        f"{uuid.uuid4().hex}.{EXTENSIONS[file_type]}"
    )


class AttachmentQuerySet(models.QuerySet):
    def for_owner(self, owner: models.Model) -> AttachmentQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk
        )

    def for_owners(self, owners: Iterable[models.Model]) -> AttachmentQuerySet:
        """The versions of several owners in one query."""
        conditions = [
            models.Q(content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk)
            for owner in owners
        ]
        return self.filter(reduce(operator.or_, conditions)) if conditions else self.none()

    def current(self) -> AttachmentQuerySet:
        return self.filter(is_current=True)

    def alive(self) -> AttachmentQuerySet:
        return self.filter(deleted_at__isnull=True)

    def of_kind(self, code: str) -> AttachmentQuerySet:
        return self.filter(kind__code=code)


class Attachment(models.Model):
    """One version of one material of one owner. Every upload is a new row; nothing is
    overwritten, and deleting only marks the row."""

    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("owner type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("owner id"))
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.ForeignKey(
        MaterialKind,
        verbose_name=_("material kind"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    version = models.PositiveIntegerField(
        _("version"), help_text=_("1, 2, 3 … per owner and material kind.")
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    thumbnail = models.FileField(
        _("thumbnail"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_(
            "A small preview of this version, rendered when it is first shown and stored "
            "beside the file."
        ),
    )
    original_name = models.CharField(
        _("original file name"),
        max_length=255,
        help_text=_("As uploaded, sanitised; kept as information only, never used as a path."),
    )
    file_type = models.CharField(
        _("file type"),
        max_length=10,
        choices=FileType.choices,
        help_text=_("Detected from the content."),
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    document_date = models.DateField(
        _("document date"),
        null=True,
        blank=True,
        help_text=_("The date printed on the document, for materials that expire."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    is_current = models.BooleanField(
        _("current"),
        default=True,
        help_text=_("Only the newest version that is not deleted is current."),
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["content_type", "object_id", "kind", "-version"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "kind"]),
            # Deadline scans find outdated documents by kind and date (T6, notices).
            models.Index(fields=["kind", "document_date"], name="attachment_kind_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "version"],
                name="attachment_unique_version",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"],
                condition=models.Q(is_current=True),
                name="attachment_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(is_current=False) | models.Q(deleted_at__isnull=True),
                name="attachment_deleted_is_not_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind.code} v{self.version} {self.original_name}"

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[FileType(self.file_type)]

    @property
    def is_image(self) -> bool:
        return self.file_type in (FileType.JPEG, FileType.PNG)

    @property
    def is_pdf(self) -> bool:
        return self.file_type == FileType.PDF

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def download_name(self) -> str:
        """The original name with the extension of what the file really is."""
        stem = self.original_name.rpartition(".")[0] or self.original_name
        return sanitise_filename(f"{stem}.{EXTENSIONS[FileType(self.file_type)]}")

    @property
    def renamed_by_content(self) -> bool:
        """The name claimed another type than the content is (a PDF named scan.jpg): the
        file is kept, and served, under the extension of what it is."""
        extension = (
            self.original_name.rpartition(".")[2].lower() if "." in self.original_name else ""
        )
        claimed = CLAIMED_BY_EXTENSION.get(extension)
        return claimed is not None and claimed != self.file_type

    @property
    def valid_until(self) -> date | None:
        if self.document_date is None:
            return None
        return self.kind.valid_until(self.document_date)


class Sight(models.TextChoices):
    FILE = "file", _("file opened or downloaded")
    THUMBNAIL = "thumbnail", _("thumbnail shown")


class AttachmentViewing(models.Model):
    """Audit of sight: who saw whose which file, when. One row each time a file (or its
    thumbnail) goes out to someone other than its owner's own users — unit staff looking at
    an employee's diploma, a reviewer at a unit's licence. Never changed, never deleted by the
    portal."""

    attachment = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, related_name="viewings", verbose_name=_("file")
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("seen by"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner type")
    )
    object_id = models.PositiveBigIntegerField(_("owner id"))
    sight = models.CharField(_("what was seen"), max_length=10, choices=Sight.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("file viewing")
        verbose_name_plural = _("file viewings")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.viewer} · {self.attachment} · {self.at:%Y-%m-%d %H:%M}"
