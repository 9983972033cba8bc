"""Everything the material panel shows for one owner and its material kinds, read in the view
(issue 15: no query while a template renders)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from portal.models import User

from .access import owner_visible_to
from .forms import UploadForm
from .models import Attachment, MaterialKind


def _editable_kinds(owner: models.Model, user: User, kinds: list[MaterialKind]) -> set[str] | None:
    """The codes of the kinds ``user`` may change, ``None`` for every kind, an empty set for
    none: the owner protocol of attachments.access, asked once for all the panels."""
    if not user.is_authenticated:
        return set()
    editable_by = getattr(owner, "attachments_editable_by", None)
    if editable_by is None or not editable_by(user):
        return set()
    editable_kinds = getattr(owner, "attachments_editable_kinds", None)
    if editable_kinds is not None:
        return editable_kinds(user)
    kind_editable_by = getattr(owner, "attachments_kind_editable_by", None)
    if kind_editable_by is not None:
        return {kind.code for kind in kinds if kind_editable_by(user, kind)}
    return None


def material_panels(
    owner: models.Model,
    kinds: Iterable[MaterialKind | str],
    user: User,
    *,
    form: UploadForm | None = None,
    next_url: str = "",
) -> list[dict[str, Any]]:
    """The contexts of attachments/material_panel.html for ``kinds`` (kinds or their codes)
    of ``owner``, in that order. A fixed number of queries, however many kinds and versions:
    the kinds named by code, the owner's versions of all of them, and the owner's own
    visibility and editability checks once."""
    kinds = list(kinds)
    codes = [k for k in kinds if isinstance(k, str)]
    if codes:
        by_code = {k.code: k for k in MaterialKind.objects.filter(code__in=codes)}
        kinds = [by_code[k] if isinstance(k, str) else k for k in kinds]
    if not owner_visible_to(owner, user):
        return [{"visible": False} for _kind in kinds]
    owner_type = ContentType.objects.get_for_model(owner)
    versions = Attachment.objects.for_owner(owner).filter(kind__in=kinds)
    if not (user.is_reviewer or user.is_administrator):
        versions = versions.alive()
    by_kind: dict[int, list[Attachment]] = {}
    for version in versions.select_related("uploaded_by").order_by("-version"):
        by_kind.setdefault(version.kind_id, []).append(version)
    editable = _editable_kinds(owner, user, kinds)
    panels = []
    for kind in kinds:
        of_kind = by_kind.get(kind.pk, [])
        for version in of_kind:
            version.kind = kind
        current = next((v for v in of_kind if v.is_current), None)
        can_edit = editable is None or kind.code in editable
        panel_url = reverse("attachments:material", args=[owner_type.pk, owner.pk, kind.code])
        panels.append(
            {
                "visible": True,
                "owner": owner,
                "kind": kind,
                "current": current,
                "earlier": [v for v in of_kind if v is not current],
                "can_edit": can_edit,
                "form": (form or UploadForm(kind=kind)) if can_edit else None,
                "upload_url": reverse(
                    "attachments:upload", args=[owner_type.pk, owner.pk, kind.code]
                ),
                "panel_url": panel_url,
                "next_url": next_url or panel_url,
            }
        )
    return panels


def material_panel_context(
    owner: models.Model,
    kind: MaterialKind,
    user: User,
    *,
    form: UploadForm | None = None,
    next_url: str = "",
) -> dict[str, Any]:
    """The context of attachments/material_panel.html for one kind."""
    return material_panels(owner, [kind], user, form=form, next_url=next_url)[0]
