"""Who may see and change which attachments: the one place that decides it.

Owner protocol: a model that owns attachments (a unit, an applicant, later a case) implements

    def attachments_visible_to(self, user) -> bool: ...
    def attachments_editable_by(self, user) -> bool: ...

and, where only some materials may change (a case returned for some of them), also

    def attachments_kind_editable_by(self, user, kind) -> bool: ...
    def attachments_editable_kinds(self, user) -> set[str] | None: ...  # the same, all kinds

(the second answers for every kind at once, for a page of panels: attachments.panel).

Zone reviewers and administrators see every attachment of an owner. A model without the
protocol owns no attachments: its rows have no panel (404), whoever asks. Anything a user may
not see is a 404.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404

from portal.models import User

from .models import Attachment, MaterialKind


def owner_visible_to(owner: models.Model, user: User) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_reviewer:
        return True
    if user.is_administrator:
        return True
    visible_to = getattr(owner, "attachments_visible_to", None)
    if visible_to is None:
        return False
    return bool(visible_to(user))


def owner_editable_by(owner: models.Model, user: User, kind: MaterialKind | None = None) -> bool:
    """May ``user`` add to (or delete from) ``owner``'s attachments — of ``kind``, if given."""
    if not user.is_authenticated:
        return False
    editable_by = getattr(owner, "attachments_editable_by", None)
    if editable_by is None or not editable_by(user):
        return False
    kind_editable_by = getattr(owner, "attachments_kind_editable_by", None)
    if kind is None or kind_editable_by is None:
        return True
    return bool(kind_editable_by(user, kind))


def get_attachment_for(user: User, pk: int, *, write: bool = False) -> Attachment:
    """The attachment with its owner loaded, if `user` may see it (or change it, with
    `write`); a deleted version is shown to reviewers and administrators only."""
    attachment = (
        Attachment.objects.select_related("kind", "content_type", "uploaded_by")
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        raise Http404
    owner = attachment.owner
    if owner is None:
        raise Http404
    if not owner_visible_to(owner, user):
        raise Http404
    if write and not owner_editable_by(owner, user, attachment.kind):
        raise Http404
    if attachment.is_deleted and not (user.is_reviewer or user.is_administrator):
        raise Http404
    return attachment


def get_owner_for(
    user: User,
    content_type_id: int,
    object_id: int,
    *,
    write: bool = False,
    kind: MaterialKind | None = None,
) -> models.Model:
    """The owner named by a URL, if `user` may see its attachments (or add to them)."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    model = content_type.model_class()
    # Only models that own attachments name a panel: any other row (a user, a session) is a
    # 404 like a missing one, so the URL tells nobody which rows exist.
    if model is None or not hasattr(model, "attachments_visible_to"):
        raise Http404
    owner = model._base_manager.filter(pk=object_id).first()
    if owner is None:
        raise Http404
    if not owner_visible_to(owner, user):
        raise Http404
    if write and not owner_editable_by(owner, user, kind):
        raise Http404
    return owner
