from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User

from .models import Attachment, AttachmentViewing, MaterialKind, Sight, attachment_path
from .validation import validate_upload


def _lock_owner_row(content_type: ContentType, object_id: int) -> None:
    model = content_type.model_class()
    list(model._base_manager.select_for_update().filter(pk=object_id).values_list("pk"))


def attachment_upload(
    *,
    owner: models.Model,
    kind: MaterialKind,
    uploaded_file: File,
    uploaded_by: User,
    document_date: date | None = None,
) -> Attachment:
    """Check the file, store it under a random name and record it as the owner's newest
    version of this material. Earlier versions stay as they are."""
    if kind.needs_document_date and document_date is None:
        raise ValidationError(
            {"document_date": _("Enter the date printed on the document: it expires.")}
        )
    if document_date is not None and document_date > timezone.localdate():
        raise ValidationError({"document_date": _("The document date cannot be in the future.")})
    try:
        checked = validate_upload(uploaded_file, kind)
    except ValidationError as exc:
        raise ValidationError({"file": exc.error_list}) from exc

    owner_type = ContentType.objects.get_for_model(owner)
    # The field's storage is Django's default storage, looked up at call time (local or S3).
    storage = Attachment._meta.get_field("file").storage
    stored_name = storage.save(
        attachment_path(
            owner_type=owner_type,
            owner_id=owner.pk,
            kind_code=kind.code,
            file_type=checked.file_type,
        ),
        checked.file,
        max_length=255,
    )
    try:
        with transaction.atomic():
            # Lock the owner's row: two uploads at once would otherwise both read the same
            # latest version and both claim the next number.
            _lock_owner_row(owner_type, owner.pk)
            siblings = Attachment.objects.for_owner(owner).filter(kind=kind)
            latest = siblings.order_by("-version").values_list("version", flat=True).first()
            siblings.filter(is_current=True).update(is_current=False)
            attachment = Attachment(
                content_type=owner_type,
                object_id=owner.pk,
                kind=kind,
                version=(latest or 0) + 1,
                original_name=checked.original_name,
                file_type=checked.file_type,
                size=checked.size,
                sha256=checked.sha256,
                document_date=document_date,
                uploaded_by=uploaded_by,
                uploaded_at=timezone.now(),
                is_current=True,
                file=stored_name,
            )
            attachment.save()
    except BaseException:
        # Nothing refers to the stored file: remove it rather than leave an orphan.
        storage.delete(stored_name)
        raise
    return attachment


@transaction.atomic
def attachment_soft_delete(*, attachment: Attachment, by: User) -> Attachment:
    """Mark a version deleted (the file and the row stay); the newest remaining version, if
    any, becomes current again."""
    # Lock the owner's row: an upload running at the same time would otherwise pick its
    # version number and current flag from a state this deletion is changing.
    _lock_owner_row(attachment.content_type, attachment.object_id)
    attachment.refresh_from_db()
    if attachment.deleted_at is not None:
        return attachment
    was_current = attachment.is_current
    attachment.deleted_at = timezone.now()
    attachment.deleted_by = by
    attachment.is_current = False
    attachment.save(update_fields=["deleted_at", "deleted_by", "is_current"])
    if was_current:
        previous = (
            Attachment.objects.filter(
                content_type_id=attachment.content_type_id,
                object_id=attachment.object_id,
                kind_id=attachment.kind_id,
            )
            .alive()
            .order_by("-version")
            .first()
        )
        if previous is not None:
            previous.is_current = True
            previous.save(update_fields=["is_current"])
    return attachment


def attachment_seen(*, attachment: Attachment, by: User, sight: Sight) -> AttachmentViewing | None:
    """Audit of sight: a row each time a file goes out to anyone but the person who uploaded
    it (unit staff, reviewers, administrators, the owner reading what another uploaded)."""
    if attachment.uploaded_by_id == by.pk:
        return None
    return AttachmentViewing.objects.create(
        attachment=attachment,
        viewer=by,
        content_type_id=attachment.content_type_id,
        object_id=attachment.object_id,
        sight=sight,
    )
