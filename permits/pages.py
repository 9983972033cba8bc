"""What a page of a PR3 application shows, whoever looks at it: the applicant, the unit's staff
or the zone's reviewers (their pages live in `zone`, above this app)."""

from datetime import date

from attachments.models import Attachment
from reviews.clock import clock_for
from reviews.models import AuditEvent

from . import services
from .constants import ApplicationState
from .models import PermitApplication


def application_context(application: PermitApplication, *, today: date) -> dict:
    assessment, reasons = services.application_readiness(application, today)
    contract = application.association.current_contract
    events = AuditEvent.objects.for_case(application).timeline()
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
        "last_return": next(
            (e for e in reversed(list(events)) if e.transition.startswith("return")), None
        ),
        "clock": clock_for(application, today=today) if application.is_open else None,
    }
