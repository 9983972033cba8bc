"""Everything the material panel shows for one owner and one material kind."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from portal.models import User

from .access import owner_editable_by, owner_visible_to
from .forms import UploadForm
from .models import Attachment, MaterialKind


def material_panel_context(
    owner: models.Model,
    kind: MaterialKind,
    user: User,
    *,
    form: UploadForm | None = None,
    next_url: str = "",
) -> dict[str, Any]:
    """The context of attachments/material_panel.html. Two queries, however many versions."""
    if not owner_visible_to(owner, user):
        return {"visible": False}
    owner_type = ContentType.objects.get_for_model(owner)
    versions = Attachment.objects.for_owner(owner).filter(kind=kind).select_related("uploaded_by")
    if not (user.is_reviewer or user.is_administrator):
        versions = versions.alive()
    versions = list(versions.order_by("-version"))
    for version in versions:
        version.kind = kind
    current = next((v for v in versions if v.is_current), None)
    can_edit = owner_editable_by(owner, user, kind)
    if can_edit and form is None:
        form = UploadForm(kind=kind)
    panel_url = reverse("attachments:material", args=[owner_type.pk, owner.pk, kind.code])
    return {
        "visible": True,
        "owner": owner,
        "kind": kind,
        "current": current,
        "earlier": [v for v in versions if v is not current],
        "can_edit": can_edit,
        "form": form if can_edit else None,
        "upload_url": reverse("attachments:upload", args=[owner_type.pk, owner.pk, kind.code]),
        "panel_url": panel_url,
        "next_url": next_url or panel_url,
    }
