"""What a page of a PR3 application shows, whoever looks at it: the applicant, the unit's staff
or the zone's reviewers (their pages live in `zone`, above this app)."""

from datetime import date

from applicants.record import applicant_record, record_sections
from attachments.models import Attachment
from reviews.clock import clock_for
from reviews.models import AuditEvent

from . import services
from .constants import LABOUR_CONTRACT_CODE, ApplicationState
from .models import PermitApplication


def application_context(application: PermitApplication, *, today: date) -> dict:
    assessment, reasons = services.application_readiness(application, today)
    contract = application.association.current_contract
    events = list(AuditEvent.objects.for_case(application).timeline())
    return {
        "application": application,
        "applicant": application.applicant,
        "unit": application.unit,
        "assessment": assessment,
        "reasons": reasons,
        "contract": contract,
        "contract_attachment": Attachment.objects.for_owner(contract).current().first()
        if contract
        else None,
        "events": events,
        "state_labels": dict(ApplicationState.choices),
        # Only while the application is returned: after resubmission the reasons are history.
        "last_return": application.last_return(),
        "contract_replaceable": contract is not None
        and application.is_returned
        and application.material_replaceable(LABOUR_CONTRACT_CODE),
        # The unit's opinion (办理意见) given when it last forwarded the application.
        "unit_opinion": next(
            (e for e in reversed(events) if e.transition == "forward" and e.comment), None
        ),
        "opinion_required": application.state
        in (ApplicationState.WITH_UNIT, ApplicationState.RETURNED_TO_UNIT)
        and services.opinion_required(application, today),
        "record": _submitted_record(application, events),
        "clock": clock_for(application, today=today),
    }


def _submitted_record(application: PermitApplication, events: list) -> dict | None:
    """The snapshot of the latest submission laid out like the forms; differences from the
    submission before it are marked, and so is anything edited since (after a return)."""
    records = [e.data["record"] for e in events if e.transition == "submit" and "record" in e.data]
    if not records:
        return None
    submitted = [e for e in events if e.transition == "submit" and "record" in e.data][-1]
    current = applicant_record(application.applicant) if application.is_returned else None
    return {
        "at": submitted.at,
        "resubmission": len(records) > 1,
        "sections": record_sections(
            records[-1], previous=records[-2] if len(records) > 1 else None, current=current
        ),
    }
