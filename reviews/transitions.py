"""The transitions the unit-and-zone processes share (PR3 new permits, PR4/PR5 permit cases,
PR6/PR7 changes), written once: the submission to the unit, the unit's return and forward,
the zone's return, approval and rejection. A process model calls these in its class body and
declares by hand only the transitions that are its own.

django-fsm-2 keeps a transition's states, permission and field on the decorated function and
binds that function to the first model that collects it, so one function cannot serve several
models: each call below builds a fresh transition for the model whose class body makes it.
Services run them through ``reviews.services.case_transition``, which audits each one."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django_fsm import transition

from portal.constants import Role

from .constants import Stage

Permission = Callable[[Any, Any], bool]
TransitionMethod = Callable[..., None]


def is_reviewer(instance, user) -> bool:
    return user.role == Role.REVIEWER


def is_unit_staff(instance, user) -> bool:
    """Staff of the unit the case (or association) belongs to."""
    return user.role == Role.UNIT_STAFF and user.unit_id == instance.unit_id


def submit_to_unit(*, returned: str, permission: Permission) -> TransitionMethod:
    """``submit``: the applicant (PR3) or the holder (PR6, PR7) sends the case to their unit,
    the first time or again after the unit returned it to them (``returned``). What the case
    keeps of a submission besides its time is its ``record_submission``."""

    @transition(
        field="state",
        source=[Stage.DRAFT, returned],
        target=Stage.WITH_UNIT,
        permission=permission,
    )
    def submit(self, **submission: Any) -> None:
        self.submitted_at = timezone.now()
        self.record_submission(**submission)

    return submit


def unit_return(*, name: str, to: str) -> TransitionMethod:
    """The unit returns the case it is checking (or the zone returned) to the one who
    submitted it (``to``); the transition is called ``name`` (return_to_applicant, …)."""

    def send_back(self) -> None:
        pass  # the reasons are in the audit row

    send_back.__name__ = send_back.__qualname__ = name
    return transition(
        field="state",
        source=[Stage.WITH_UNIT, Stage.RETURNED_TO_UNIT],
        target=to,
        permission=is_unit_staff,
    )(send_back)


def unit_forward() -> TransitionMethod:
    """``forward``: the unit sends the checked case (again) to the zone; T1 runs from the
    zone's receipt."""

    @transition(
        field="state",
        source=[Stage.WITH_UNIT, Stage.RETURNED_TO_UNIT],
        target=Stage.WITH_ZONE,
        permission=is_unit_staff,
    )
    def forward(self, *, received_at, due_on) -> None:
        self.received_by_zone(received_at=received_at, due_on=due_on)

    return forward


def zone_decisions(
    *, held: str = Stage.WITH_ZONE, returned: str = Stage.RETURNED_TO_UNIT
) -> tuple[TransitionMethod, TransitionMethod, TransitionMethod]:
    """``return_to_unit``, ``approve`` and ``reject``: the reviewer's decisions on a case the
    zone holds (``held``; a unit's own case says ``submitted``). What an approval grants is
    the service's (units, permits, changes)."""

    @transition(field="state", source=held, target=returned, permission=is_reviewer)
    def return_to_unit(self) -> None:
        pass  # the reasons are in the audit row

    @transition(field="state", source=held, target=Stage.APPROVED, permission=is_reviewer)
    def approve(self) -> None:
        self.decided_at = timezone.now()

    @transition(field="state", source=held, target=Stage.REJECTED, permission=is_reviewer)
    def reject(self) -> None:
        self.decided_at = timezone.now()

    return return_to_unit, approve, reject
