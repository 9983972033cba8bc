"""A receipt for every submission: the audit row of the submission (who, when), the materials
it was submitted with (their ids are stored in the row) and, once the zone has received the
case, the completion date promised by rule T1."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attachments.models import Attachment
from changes.access import get_change_for
from changes.models import PermitChange
from permits.access import get_application_for
from permits.constants import ApplicationState
from permits.models import PermitApplication
from portal.models import User
from reviews.clock import promised_due_on
from reviews.models import AuditEvent, Case, PromisedTime
from units.access import get_unit_case_for
from units.constants import UnitCaseState
from units.models import Unit, UnitCase

# The transitions that hand a case on: to the unit (PR3 "submit") or to the zone.
SUBMISSIONS = ("submit", "forward")
# The states in which the zone holds a case: reaching one starts the T1 clock.
ZONE_STATES = (UnitCaseState.SUBMITTED, ApplicationState.WITH_ZONE)
HANDED_TO = {
    UnitCaseState.SUBMITTED: _("Submitted to the zone"),
    ApplicationState.WITH_UNIT: _("Submitted to the unit"),
    ApplicationState.WITH_ZONE: _("Forwarded to the zone"),
}


@dataclass(frozen=True)
class ReceiptMaterial:
    code: str
    name: str
    version: int
    file_name: str
    uploaded_at: datetime
    sha256: str


@dataclass(frozen=True)
class Receipt:
    number: str
    process: str
    process_label: str
    action: str
    subject: str
    unit_name: str
    submitted_by: str
    submitted_role: str
    submitted_at: datetime
    materials: list[ReceiptMaterial]
    starts_t1: bool
    promised_days: int | None
    due_on: date | None


def case_number(process: str, pk: int) -> str:
    """The number a case is known by on paper: its process and its id, e.g. PR3-000042."""
    return f"{process}-{pk:06d}"


def submission_for(user: User, event_pk: int) -> tuple[AuditEvent, Case]:
    """A submission's audit row and its case, if ``user`` may see the case; else a 404."""
    event = (
        AuditEvent.objects.filter(pk=event_pk, transition__in=SUBMISSIONS)
        .select_related("actor", "case_type")
        .first()
    )
    if event is None:
        raise Http404
    model = event.case_type.model_class()
    if model is UnitCase:
        return event, get_unit_case_for(user, event.case_id)
    if model is PermitApplication:
        return event, get_application_for(user, event.case_id)
    if model is PermitChange:
        return event, get_change_for(user, event.case_id)
    raise Http404


def _materials(event: AuditEvent) -> list[ReceiptMaterial]:
    ids = list((event.data or {}).get("materials", {}).values())
    rows = Attachment.objects.filter(pk__in=ids).select_related("kind").order_by("kind__code")
    return [
        ReceiptMaterial(
            code=a.kind.code,
            name=a.kind.name,
            version=a.version,
            file_name=a.original_name,
            uploaded_at=a.uploaded_at,
            sha256=a.sha256,
        )
        for a in rows
    ]


def _due_on(event: AuditEvent, case: Case) -> date | None:
    """The case's own promised date if this is its latest receipt by the zone; for an earlier
    receipt, the date T1 gave from that receipt."""
    latest = (
        AuditEvent.objects.for_case(case).filter(to_state__in=ZONE_STATES).order_by("-at", "-pk")
    ).first()
    if latest is not None and latest.pk == event.pk:
        return case.due_on
    return promised_due_on(process=event.process, received_on=timezone.localdate(event.at))


def receipt(event: AuditEvent, case: Case) -> Receipt:
    starts_t1 = event.to_state in ZONE_STATES
    if isinstance(case, UnitCase):
        subject, unit_name = case.unit.name, case.unit.name
    elif isinstance(case, PermitChange):
        subject, unit_name = case.holder.name, case.unit.name
    else:
        subject, unit_name = case.applicant.name, case.unit.name
    actor = event.actor
    return Receipt(
        number=case_number(event.process, case.pk),
        process=event.process,
        process_label=event.get_process_display(),
        action=str(HANDED_TO.get(event.to_state, event.transition)),
        subject=subject,
        unit_name=unit_name,
        submitted_by=actor.display_name if actor else "",
        submitted_role=event.get_actor_role_display(),
        submitted_at=event.at,
        materials=_materials(event),
        starts_t1=starts_t1,
        promised_days=PromisedTime.objects.working_days_for(event.process) if starts_t1 else None,
        due_on=_due_on(event, case) if starts_t1 else None,
    )


def submissions(*, unit: Unit | None = None, applicant=None) -> QuerySet:
    """The submission rows of a unit's cases (its PR1/PR2 cases and its PR3 applications) or
    of an applicant's PR3 applications, newest first."""
    applications = PermitApplication.objects.all()
    unit_cases = UnitCase.objects.none()
    if unit is not None:
        applications = applications.for_unit(unit)
        unit_cases = UnitCase.objects.for_unit(unit)
    if applicant is not None:
        applications = applications.for_applicant(applicant)
    types = ContentType.objects.get_for_models(UnitCase, PermitApplication)
    return (
        AuditEvent.objects.filter(transition__in=SUBMISSIONS)
        .filter(
            Q(case_type=types[UnitCase], case_id__in=unit_cases.values("pk"))
            | Q(case_type=types[PermitApplication], case_id__in=applications.values("pk"))
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )
