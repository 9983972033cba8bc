"""Which materials an owner has: the read that checklists and U10 / T6 build on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .constants import MaterialStatus
from .models import Attachment, MaterialKind


@dataclass(frozen=True)
class MaterialState:
    kind: MaterialKind
    status: MaterialStatus
    attachment: Attachment | None
    valid_until: date | None

    @property
    def is_missing(self) -> bool:
        return self.status == MaterialStatus.MISSING

    @property
    def is_outdated(self) -> bool:
        return self.status == MaterialStatus.OUTDATED


def current_versions(owners: Iterable[models.Model]) -> list[dict[int, Attachment]]:
    """The current version of every kind of each owner (kind id → version, as
    ``materials_status(current=…)`` takes it), in the owners' order: one query for all."""
    owners = list(owners)
    keys = [(ContentType.objects.get_for_model(owner).pk, owner.pk) for owner in owners]
    versions: dict[tuple[int, int], dict[int, Attachment]] = {key: {} for key in keys}
    for version in Attachment.objects.for_owners(owners).current():
        versions[(version.content_type_id, version.object_id)][version.kind_id] = version
    return [versions[key] for key in keys]


def materials_status(
    owner: models.Model,
    kinds: Iterable[MaterialKind],
    today: date,
    *,
    current: dict[int, Attachment | None] | None = None,
) -> list[MaterialState]:
    """For each kind, in the order given: missing, present, or outdated — a kind with a
    validity (e.g. U10c, T6: 3 calendar months) is outdated once `today` is past the
    document's date plus that many months. One query, whatever the number of kinds; none
    when the page has read the current versions already (``current``: kind id → version)."""
    kinds = list(kinds)
    if current is None:
        current = {
            a.kind_id: a
            for a in Attachment.objects.for_owner(owner).current().filter(kind__in=kinds)
        }
    states = []
    for kind in kinds:
        attachment = current.get(kind.pk)
        valid_until = None
        if attachment is None:
            status = MaterialStatus.MISSING
        elif kind.validity_months is None:
            status = MaterialStatus.PRESENT
        elif attachment.document_date is None:
            # Uploaded before the kind expired documents: nothing shows it is recent enough.
            status = MaterialStatus.OUTDATED
        else:
            valid_until = kind.valid_until(attachment.document_date)
            status = MaterialStatus.PRESENT if today <= valid_until else MaterialStatus.OUTDATED
        if attachment is not None:
            attachment.kind = kind
        states.append(MaterialState(kind, status, attachment, valid_until))
    return states
