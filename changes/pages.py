"""What a change's page shows, whoever looks at it: the holder, the unit's staff or the zone's
reviewers (their pages live in `zone`, above this app)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from attachments.status import materials_status
from portal.i18n import bilingual
from reviews.clock import clock_for
from reviews.models import AuditEvent
from rules.engine.parse import InputError

from . import services
from .constants import ChangeState
from .models import PermitChange
from .record import comparison, record_before


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    name_zh: str


DETAILS_ITEM = Item("details", bilingual("变更信息", "The details filed"), "变更信息")


def return_items(change: PermitChange) -> list:
    """What a unit or a reviewer may return, each with its own reason: the details filed and
    every proof the submitted change asks for."""
    kinds = services.required_kinds(change, change.submitted, change.before)
    return [DETAILS_ITEM, *kinds]


def change_context(change: PermitChange, *, today: date, viewer: str) -> dict:
    """``viewer``: "holder", "unit" or "zone". The unit and the zone see what was submitted;
    the holder, while preparing, sees the proposal against the record as it stands."""
    events = list(AuditEvent.objects.for_case(change).timeline())
    preparing = viewer == "holder" and change.is_editable
    if preparing:
        after = change.proposal
        before = record_before(change.kind, change.holder, after) if after else {}
    else:
        after, before = change.submitted, change.before
    verdict = None
    if after:
        try:
            verdict = services.change_verdict(change, after, today)
        except InputError:
            verdict = None
    kinds = services.required_kinds(change, after, before) if after else []
    return {
        "change": change,
        "holder": change.holder,
        "unit": change.unit,
        "permit": change.permit,
        "viewer": viewer,
        "preparing": preparing,
        "comparison": comparison(change.kind, before, after) if after else None,
        "verdict": verdict,
        "materials": materials_status(change, kinds, today),
        "events": events,
        "state_labels": dict(ChangeState.choices),
        "last_return": change.last_return(),
        "unit_opinion": next(
            (e for e in reversed(events) if e.transition == "forward" and e.comment), None
        ),
        "clock": clock_for(change, today=today),
        "reasons": services.change_readiness(change, today) if preparing else [],
    }
