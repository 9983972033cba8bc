"""Running a case's transitions: one place that locks the row, checks the transition is
allowed for this user in this state, runs it and writes the audit row (and, for a return,
the reason per material). Cases and associations alike (every ``Workflow``)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from portal.models import User
from portal.refusals import Refused

from .models import AuditEvent, ReturnedMaterial, Workflow

W = TypeVar("W", bound=Workflow)


class TransitionRefused(Refused):
    """The case is not in a state that allows this action (often: someone acted first)."""


@dataclass(frozen=True)
class MaterialReturn:
    code: str
    name: str
    reason: str


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{name} must run inside transaction.atomic()")


def case_lock(*, case: W, transition: str, actor: User | None) -> W:
    """A freshly locked copy of ``case`` on which ``transition`` is possible and allowed for
    ``actor``; refused otherwise. For services that must know before doing work a rollback
    cannot undo (a stored upload); ``case_transition`` runs the same check again."""
    _require_transaction("case_lock")
    # Row lock: two reviewers deciding the same case at once are served one after the other,
    # and the second one sees the state the first one left.
    locked = type(case).objects.select_for_update().get(pk=case.pk)
    method = getattr(locked, transition)
    if not can_proceed(method):
        raise TransitionRefused(
            _(
                "This case is now “%(state)s”; the action is no longer possible. "
                "It may have been handled by someone else: reload the page."
            )
            % {"state": locked.workflow_state_display()}
        )
    if actor is not None and not has_transition_perm(method, actor):
        raise PermissionDenied
    return locked


def case_transition(
    *,
    case: W,
    transition: str,
    actor: User | None,
    comment: str = "",
    returned: Iterable[MaterialReturn] = (),
    data: dict[str, Any] | None = None,
    process: str | None = None,
    **kwargs: Any,
) -> tuple[W, AuditEvent]:
    """Run ``transition`` on a freshly locked copy of ``case`` and audit it.

    Must run inside the caller's transaction so that the transition's consequences (a granted
    permission, a consumed quota) commit or roll back with it. ``process`` files the audit
    row under another process than the workflow's own (a permit re-pointed by PR5).
    """
    _require_transaction("case_transition")
    locked = case_lock(case=case, transition=transition, actor=actor)
    from_state = locked.workflow_state
    getattr(locked, transition)(**kwargs)
    try:
        locked.save()
    except ConcurrentTransition as exc:
        raise TransitionRefused(
            _("This case was changed by someone else at the same moment: reload the page.")
        ) from exc
    event = _audit_record(
        obj=locked,
        process=process or locked.PROCESS,
        actor=actor,
        transition=transition,
        from_state=from_state,
        to_state=locked.workflow_state,
        comment=comment,
        returned=returned,
        data=data,
    )
    return locked, event


def case_return(
    *, case: W, transition: str, by: User, comment: str, returned: Iterable[MaterialReturn]
) -> W:
    """A return (to the unit, the applicant or the holder) says why: a reason for at least
    one material, or a comment. Every process's return goes through here."""
    returned = list(returned)
    if not returned and not comment.strip():
        raise TransitionRefused(_("Give a reason for at least one item, or a comment."))
    case, _event = case_transition(
        case=case, transition=transition, actor=by, comment=comment, returned=returned
    )
    return case


def case_reject(*, case: W, by: User, reason: str) -> W:
    """A rejection always gives its reason. Every process's rejection goes through here."""
    if not reason.strip():
        raise TransitionRefused(_("Give the reason for the rejection."))
    case, _event = case_transition(case=case, transition="reject", actor=by, comment=reason)
    return case


def case_create(
    *,
    model: type[W],
    transition: str,
    actor: User | None,
    comment: str = "",
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> tuple[W, AuditEvent]:
    """Create a row of ``model`` in its initial state and audit that as ``transition`` from
    no state. For a workflow whose creation is itself a recorded step (an applicant's
    association request); a case that starts as a draft is audited from its first transition.
    """
    _require_transaction("case_create")
    obj = model.objects.create(**fields)
    event = _audit_record(
        obj=obj,
        process=obj.PROCESS,
        actor=actor,
        transition=transition,
        from_state="",
        to_state=obj.workflow_state,
        comment=comment,
        data=data,
    )
    return obj, event


def _audit_record(
    *,
    obj: Workflow,
    process: str,
    actor: User | None,
    transition: str,
    from_state: str,
    to_state: str,
    comment: str = "",
    returned: Iterable[MaterialReturn] = (),
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """One immutable audit row for a state change of a workflow. Services call
    ``case_transition`` or ``case_create``, which call this."""
    event = AuditEvent.objects.create(
        case_type=ContentType.objects.get_for_model(type(obj)),
        case_id=obj.pk,
        process=process,
        actor=actor,
        actor_role=getattr(actor, "role", ""),
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
    )
    ReturnedMaterial.objects.bulk_create(
        ReturnedMaterial(event=event, material_code=r.code, material_name=r.name, reason=r.reason)
        for r in returned
    )
    return event
