"""What a page of a PR3 application shows, whoever looks at it: the applicant, the unit's staff
or the zone's reviewers (their pages live in `zone`, above this app)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import prefetch_related_objects

from applicants.access import load_histories
from applicants.checklist import required_material_kinds
from applicants.record import applicant_record, record_sections
from attachments.panel import material_panels
from attachments.status import current_versions
from portal.models import User
from reviews.clock import clock_for
from reviews.models import AuditEvent

from . import life, services
from .constants import LABOUR_CONTRACT_CODE, ApplicationState, AssociationState, PermitCaseState
from .items import application_items, application_kinds, contract_kind
from .models import Association, LabourContract, Permit, PermitApplication, PermitCase


def application_context(
    application: PermitApplication, *, today: date, user: User, here: str = ""
) -> dict:
    """``user`` sees the page at ``here`` (the material panels' return address).

    What the page and its readiness check both read is read once, here: the histories and
    the contracts are prefetched; the catalogue's kinds, the current versions of the
    applicant's and the contract's materials and the person's permits are passed down."""
    applicant = load_histories(application.applicant)
    prefetch_related_objects([application.association], "contracts")
    contract = application.association.current_contract
    kinds = application_kinds(applicant)
    m7 = contract_kind(kinds)
    applicant_versions, *contract_versions = current_versions(
        [applicant, contract] if contract else [applicant]
    )
    permits = list(applicant.permits.all())
    assessment, reasons = services.application_readiness(
        application,
        today,
        checklist=required_material_kinds(applicant, catalogue=kinds),
        current=applicant_versions,
        permits=permits,
    )
    events = list(AuditEvent.objects.for_case(application).timeline())
    contract_replaceable = (
        contract is not None
        and application.is_returned
        and application.material_replaceable(LABOUR_CONTRACT_CODE)
    )
    return {
        # Shown to the unit while the contract may be replaced (application_body.html).
        "contract_panel": material_panels(contract, [m7], user, next_url=here)[0]
        if contract_replaceable
        else None,
        "application": application,
        "applicant": applicant,
        "unit": application.unit,
        "assessment": assessment,
        "reasons": reasons,
        # What the unit and the reviewer may return (the return forms' materials).
        "items": application_items(application, kinds=kinds),
        # The permit this application issued, once approved.
        "issued_permit": next((p for p in permits if p.application_id == application.pk), None),
        "contract": contract,
        "contract_attachment": contract_versions[0].get(m7.pk) if contract and m7 else None,
        "events": events,
        "state_labels": dict(ApplicationState.choices),
        # Only while the application is returned: after resubmission the reasons are history.
        "last_return": application.last_return(),
        "contract_replaceable": contract_replaceable,
        # The unit's opinion (办理意见) given when it last forwarded the application.
        "unit_opinion": next(
            (e for e in reversed(events) if e.transition == "forward" and e.comment), None
        ),
        "opinion_required": application.state
        in (ApplicationState.WITH_UNIT, ApplicationState.RETURNED_TO_UNIT)
        and services.opinion_required(application, today, assessment=assessment),
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


# --- the permit's life ------------------------------------------------------------------
@dataclass
class EmployeeRow:
    """One line of the unit's employee list, from prefetched rows (no query per row)."""

    association: Association
    contract: LabourContract | None
    permit: Permit | None  # the valid permit the person holds (here or, before PR5, elsewhere)
    open_case: PermitCase | None
    departure: life.DepartureClock | None

    @property
    def holds_elsewhere(self) -> bool:
        return self.permit is not None and self.permit.unit_id != self.association.unit_id


def employee_rows(associations, today: date) -> list[EmployeeRow]:
    """Rows of ``Association.objects.employee_list()``: the newest contract (judged), the
    valid permit, any open case on it, and T4's days for one whose contract has ended."""
    rows = []
    for association in associations:
        contract = association.current_contract
        permit = next((p for p in association.applicant.permits.all() if p.is_valid), None)
        open_case = permit.open_cases[0] if getattr(permit, "open_cases", None) else None
        departure = (
            life.departure_clock(contract, today)
            if association.state == AssociationState.ACCEPTED
            else None
        )
        rows.append(EmployeeRow(association, contract, permit, open_case, departure))
    return rows


def permit_life_context(permit: Permit, *, today: date) -> dict:
    """What the holder and the unit see of a permit's life: validity, the renewal window
    and last day (T2, or the missing calendar), the open case, the periods."""
    return {
        "permit": permit,
        "days_left": permit.days_left(today),
        "in_window": permit.in_renewal_window(today),
        "before_window": permit.renewal_opens_on is not None and today < permit.renewal_opens_on,
        "past_last_day": permit.past_renewal_last_day(today),
        "periods": list(permit.periods.select_related("unit")),
        "open_case": permit.cases.open().first(),
        "events": list(AuditEvent.objects.for_case(permit).timeline()),
    }


UNREAD = object()


def applicant_permit_context(
    applicant, today: date, *, association=UNREAD, application=UNREAD
) -> dict:
    """The applicant home's permit panel: the association, the application and the permit,
    with the next thing to do. ``association`` (the live one) and ``application`` (the
    latest) are read here unless the page read them already."""
    # The permit the person holds today; else the latest one (lapsed or cancelled: they may
    # apply anew, T3).
    if association is UNREAD:
        association = Association.objects.filter(applicant=applicant).live()
        association = association.select_related("unit").first()
    if application is UNREAD:
        application = PermitApplication.objects.for_applicant(applicant).order_by("-created_at")
        application = application.first()
    # A person's few permits in one read, newest first.
    permits = list(Permit.objects.filter(holder=applicant).select_related("unit"))
    permit = next((p for p in permits if p.is_held_on(today)), None)
    ended = None if permit else next(iter(permits), None)
    life = permit_life_context(permit, today=today) if permit else {}
    return {
        **life,
        "ended": ended,
        "association": association,
        "application": application,
        "permit": permit,
        "permit_history": permit.approved_changes() if permit else [],
        "days_left": permit.days_left(today) if permit else None,
    }


def permit_case_context(case: PermitCase, *, today: date, user: User, here: str = "") -> dict:
    """``user`` sees the page at ``here`` (the material panels' return address)."""
    readiness = life.case_readiness(case, today) if case.editable else None
    events = list(AuditEvent.objects.for_case(case).timeline())
    contract = case.association.current_contract
    codes = life.case_material_codes(case)
    return {
        "contract_panel": material_panels(contract, [LABOUR_CONTRACT_CODE], user, next_url=here)[0]
        if contract
        else None,
        "declaration_panel": material_panels(case.applicant, ["M5"], user, next_url=here)[0],
        "case_panels": material_panels(case, codes, user, next_url=here),
        "case": case,
        "permit": case.permit,
        "applicant": case.applicant,
        "readiness": readiness,
        "contract": contract,
        "material_codes": codes,
        "events": events,
        "state_labels": dict(PermitCaseState.choices),
        "unit_opinion": next(
            (e for e in reversed(events) if e.transition == "submit" and e.comment), None
        ),
        "last_return": next((e for e in reversed(events) if e.transition == "return_to_unit"), None)
        if case.is_returned
        else None,
        "clock": clock_for(case, today=today),
        "submitted_withholding": next(
            (e.data.get("withholding") for e in reversed(events) if e.transition == "submit"),
            None,
        ),
    }
