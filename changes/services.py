"""PR6 and PR7: every write that touches several models, and every change of a change's state
through reviews.services (case_transition: one audit row per step). The holder's record
changes only in ``change_approve``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import Applicant
from attachments.models import Attachment
from attachments.status import materials_status
from permits.constants import LABOUR_CONTRACT_CODE, AssociationState
from permits.models import Association, Permit
from portal.constants import Process
from portal.i18n import in_language
from portal.models import User
from portal.refusals import Refused
from reviews.clock import promised_due_on
from reviews.services import (
    MaterialReturn,
    TransitionRefused,
    case_lock,
    case_reject,
    case_return,
    case_transition,
)
from rules.engine.parse import InputError

from .checklist import material_codes, material_kinds
from .checks import basic_change_verdict, dependants_change_verdict, failing
from .models import PermitChange
from .record import record_apply, record_before, same_dependants


def _reason(result) -> str:
    return in_language(result.reason_zh, result.reason_en)


# --- who may file a change ----------------------------------------------------------------
def held_permit(holder: Applicant, today: date) -> Permit | None:
    return Permit.objects.held_on(today).filter(holder=holder).select_related("unit").first()


def contract_on_file(holder: Applicant, permit: Permit) -> bool:
    """The handbook's first-login rule for changes: the labour contract the permit's unit
    uploaded (M7) is on file."""
    association = Association.objects.filter(
        applicant=holder, unit=permit.unit, state=AssociationState.ACCEPTED
    ).first()
    contract = association.current_contract if association else None
    if contract is None:
        return False
    return Attachment.objects.for_owner(contract).current().of_kind(LABOUR_CONTRACT_CODE).exists()


def filing_refusals(holder: Applicant, today: date) -> list[str]:
    """Why this person cannot file a change now; empty when they can."""
    permit = held_permit(holder, today)
    if permit is None:
        return [_("Only the holder of a valid work residence permit can file a change.")]
    if not contract_on_file(holder, permit):
        return [
            _(
                "Your unit has not uploaded your labour contract yet. Ask its HR staff to "
                "upload it on the employee list; then you can file the change."
            )
        ]
    return []


@transaction.atomic
def change_open(*, holder: Applicant, kind: str, today: date | None = None) -> PermitChange:
    """The holder's open change of this kind, or a new draft."""
    today = today or timezone.localdate()
    change = PermitChange.objects.for_holder(holder).open().filter(kind=kind).first()
    if change is not None:
        return change
    reasons = filing_refusals(holder, today)
    if reasons:
        raise Refused(reasons)
    permit = held_permit(holder, today)
    try:
        with transaction.atomic():
            return PermitChange.objects.create(
                kind=Process(kind), permit=permit, holder=holder, unit=permit.unit
            )
    except IntegrityError:
        # One open change per holder and kind: someone's other tab made it first.
        return PermitChange.objects.for_holder(holder).open().get(kind=kind)


@transaction.atomic
def change_propose(*, change: PermitChange, by: User, proposal: dict[str, Any]) -> PermitChange:
    """Keep what the holder filed so far; only while they prepare it or have it back."""
    change = PermitChange.objects.select_for_update().get(pk=change.pk)
    if by.pk != change.holder.user_id or not change.is_editable:
        raise TransitionRefused(
            _("This change is now “%(state)s”; it can no longer be edited. Reload the page.")
            % {"state": change.get_state_display()}
        )
    change.proposal = proposal
    change.save(update_fields=["proposal"])
    return change


# --- what a change is judged on ---------------------------------------------------------
def change_verdict(change: PermitChange, values: dict[str, Any], today: date):
    """The engine's verdict on ``values`` (a proposal or what was submitted), or None when
    no rule of the engine decides it (a change without a new address)."""
    if change.kind == Process.PR7:
        return dependants_change_verdict(change.holder, values, today)
    return basic_change_verdict(change.holder, values, today)


def required_kinds(change: PermitChange, values: dict[str, Any], before: dict[str, Any]):
    codes = material_codes(change.kind, values, before, change.holder.marital_status)
    return material_kinds(codes)


def change_readiness(change: PermitChange, today: date) -> list[str]:
    """What stops the holder from submitting ``change.proposal`` today."""
    reasons = filing_refusals(change.holder, today)
    proposal = change.proposal
    if not proposal:
        return [*reasons, _("Fill in the change first.")]
    if change.kind == Process.PR7 and same_dependants(
        proposal, record_before(change.kind, change.holder, proposal)
    ):
        reasons.append(_("The dependants listed are the same as on your record."))
    try:
        verdict = change_verdict(change, proposal, today)
    except InputError:
        reasons.append(_("Some entries need attention: open the form and save it again."))
    else:
        reasons += [_reason(r) for r in failing(verdict)]
    before = record_before(change.kind, change.holder, proposal)
    missing = [
        m.kind.name
        for m in materials_status(change, required_kinds(change, proposal, before), today)
        if m.is_missing or m.is_outdated
    ]
    if missing:
        reasons.append(_("Materials missing or outdated: %s") % "、".join(missing))
    return reasons


def _materials_snapshot(change: PermitChange) -> dict[str, int]:
    return {
        a.kind.code: a.pk
        for a in Attachment.objects.for_owner(change).current().select_related("kind")
    }


# --- the steps ------------------------------------------------------------------------------
@transaction.atomic
def change_submit(*, change: PermitChange, by: User, today: date | None = None) -> PermitChange:
    """The holder sends the change to the unit. What was submitted is kept as it was: the
    record before, the values, the versions of the proofs."""
    today = today or timezone.localdate()
    # The row as it is now, locked: the proposal judged is the one that is submitted.
    change = case_lock(case=change, transition="submit", actor=by)
    reasons = change_readiness(change, today)
    if reasons:
        raise Refused(reasons)
    before = record_before(change.kind, change.holder, change.proposal)
    submitted = change.proposal
    change, _event = case_transition(
        case=change,
        transition="submit",
        actor=by,
        data={"before": before, "submitted": submitted, "materials": _materials_snapshot(change)},
        before=before,
        submitted=submitted,
    )
    return change


@transaction.atomic
def change_return_to_holder(
    *, change: PermitChange, by: User, comment: str, returned: Sequence[MaterialReturn]
) -> PermitChange:
    return case_return(
        case=change, transition="return_to_holder", by=by, comment=comment, returned=returned
    )


@transaction.atomic
def change_forward(
    *, change: PermitChange, by: User, comment: str, today: date | None = None
) -> PermitChange:
    """The unit has checked the change and sends it to the zone with its opinion (办理意见,
    always asked for a change); T1 starts: 10 working days."""
    if not comment.strip():
        raise Refused([_("Write the unit's opinion: what you checked, and that it is true.")])
    now = timezone.now()
    change, _event = case_transition(
        case=change,
        transition="forward",
        actor=by,
        comment=comment,
        data={"materials": _materials_snapshot(change)},
        received_at=now,
        due_on=promised_due_on(process=change.kind, received_on=timezone.localdate(now)),
    )
    return change


@transaction.atomic
def change_return_to_unit(
    *, change: PermitChange, by: User, comment: str, returned: Sequence[MaterialReturn]
) -> PermitChange:
    return case_return(
        case=change, transition="return_to_unit", by=by, comment=comment, returned=returned
    )


@transaction.atomic
def change_reject(*, change: PermitChange, by: User, reason: str) -> PermitChange:
    return case_reject(case=change, by=by, reason=reason)


@transaction.atomic
def change_approve(
    *, change: PermitChange, by: User, comment: str = "", today: date | None = None
) -> PermitChange:
    """The zone approves: what was submitted becomes the holder's record, in the same
    transaction as the audit row (which keeps the record before and after)."""
    today = today or timezone.localdate()
    # The holder's row first: an approval of the other kind of change for the same person
    # waits here, and each writes its own fields into the record as it then stands.
    holder = Applicant.objects.select_for_update().get(pk=change.holder_id)
    if held_permit(holder, today) is None:
        raise Refused([_("The permit is no longer valid: the change cannot be approved.")])
    locked = case_lock(case=change, transition="approve", actor=by)
    before = record_before(locked.kind, holder, locked.submitted)
    change, _event = case_transition(
        case=change,
        transition="approve",
        actor=by,
        comment=comment,
        data={"before": before, "after": locked.submitted},
    )
    record_apply(change.kind, holder, change.submitted)
    return change
