"""The deadline scans over permits' columns (docs/notices.md): T1 for PR3 applications and
PR4/PR5 cases with the zone, and the permit's life: T2 the renewal window opens and the
reminders before its last submission day, T3 the lapse at expiry, T4 a leaver not released
within 5 days, T5 a labour contract within a month of its end.

Each reads an indexed date column (``Permit``: status with ``renewal_opens_on``,
``renewal_last_day``, ``expires_on``; ``LabourContract.end_date``), in batches
(``notices.scans.scan_run``), and tells each recipient once per key (what, which permit or
contract, which deadline, which step).
"""

from collections.abc import Sequence
from datetime import date, timedelta

from django.db import models
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from applicants.models import Applicant
from notices.constants import NoticeKind
from notices.links import link_for_each
from notices.recipients import unit_staff_ids
from notices.scans import Row, Scan, register, scan_run
from notices.services import NoticeDraft, subject_for
from portal.constants import Process
from reviews.scans import overdue_reviews_scan, party_of
from rules.engine.deadlines import (
    RENEWAL_CUTOFF_WORKING_DAYS,
    contract_must_end_after,
    dissociation_due,
    dissociation_overdue_if_left_before,
)
from rules.engine.workdays import CalendarNotCovered
from rules.tables import load_calendar

from .constants import AssociationState
from .life import permits_lapse_batch
from .models import Association, LabourContract, Permit, PermitApplication, PermitCase

register(
    overdue_reviews_scan(
        PermitApplication,
        name="t1_permit_applications_overdue",
        reviewer_url_name="reviews:permit_application",
        party=party_of("applicant__name", "unit__name"),
    )
)
register(
    overdue_reviews_scan(
        PermitCase,
        name="t1_permit_cases_overdue",
        reviewer_url_name="reviews:permit_case",
        fields=("kind",),
        party=party_of("applicant__name", "unit__name"),
    )
)


# What the notices of a batch read of each row: its own columns, and its holder's and unit's
# names as columns of the same row, read as named rows (``values_list(named=True)``): a
# batch builds no model instance (a permit's would also run django-fsm's state tracking),
# loads no holder's facts and no unit's profile.
CONTRACT_FIELDS = ("pk", "association_id", "end_date")
CONTRACT_RELATED = {
    "unit_id": F("association__unit_id"),
    "holder_user_id": F("association__applicant__user_id"),
    "holder_name": F("association__applicant__name"),
    "unit_name": F("association__unit__name"),
}
PERMIT_FIELDS = ("pk", "number", "expires_on", "renewal_last_day", "holder_id", "unit_id")
PERMIT_RELATED = {
    "holder_user_id": F("holder__user_id"),
    "holder_name": F("holder__name"),
    "unit_name": F("unit__name"),
}


def _rows(queryset: models.QuerySet, fields: Sequence[str], related: dict) -> models.QuerySet:
    """``queryset`` as named rows of its ``fields`` and the ``related`` columns."""
    return queryset.annotate(**related).values_list(*fields, *related, named=True)


def _permit_rows(permits: models.QuerySet) -> models.QuerySet:
    return _rows(permits, PERMIT_FIELDS, PERMIT_RELATED)


# --- T5 ---------------------------------------------------------------------------------
def _current_contracts(**end_date) -> models.QuerySet:
    """The current contract (the newest row) of each accepted association whose end date
    passes ``end_date`` (a lookup on ``end_date``), as rows of what the notices read (T4,
    T5)."""
    newer = LabourContract.objects.filter(
        association=OuterRef("association"), created_at__gt=OuterRef("created_at")
    )
    return _rows(
        LabourContract.objects.filter(
            association__state=AssociationState.ACCEPTED, **end_date
        ).exclude(Exists(newer)),
        CONTRACT_FIELDS,
        CONTRACT_RELATED,
    )


def _ending_contracts(today: date) -> models.QuerySet:
    """The current contracts ending on or before the day T5 requires a contract to end
    after."""
    return _current_contracts(end_date__lte=contract_must_end_after(today))


def _contract_notices(contracts: Sequence[Row], today: date) -> list[NoticeDraft]:
    staff = unit_staff_ids(c.unit_id for c in contracts)
    unit_url, holder_url = reverse("permits:employees"), reverse("permits:associate")
    drafts = []
    for contract in contracts:
        recipients = [(pk, unit_url) for pk in staff.get(contract.unit_id, [])]
        recipients.append((contract.holder_user_id, holder_url))
        subject = subject_for(LabourContract, contract.pk)
        params = {"holder": contract.holder_name, "unit": contract.unit_name}
        drafts += [
            NoticeDraft(
                recipient_id=pk,
                kind=NoticeKind.CONTRACT_ENDING,
                subject=subject,
                deadline=contract.end_date,
                step="1m",
                url=url,
                params=params,
            )
            for pk, url in recipients
        ]
    return drafts


register(
    Scan(
        name="t5_labour_contract_ending",
        rule="T5",
        description="the current labour contract of an accepted association ends within a month",
        due=_ending_contracts,
        notices=_contract_notices,
    )
)


# --- The permit's life: who is told, and where their link leads -------------------------
def _permit_recipients(permits: Sequence[Row]) -> dict[int, list[tuple[int, str]]]:
    """Each permit's holder and its unit's active staff, with the link for each: to the
    open renewal case when there is one (the holder's or the unit's page of it); else the
    holder to the permit on their home page and the staff to the employee's record, where a
    renewal is started (the employee list when the holder is no longer associated).
    Three queries per batch."""
    staff = unit_staff_ids(p.unit_id for p in permits)
    rows = Association.objects.filter(
        state=AssociationState.ACCEPTED, applicant_id__any={p.holder_id for p in permits}
    ).values_list("applicant_id", "unit_id", "pk")
    employees = {(applicant, unit): pk for applicant, unit, pk in rows}
    renewals = dict(
        PermitCase.objects.open()
        .filter(permit_id__any=[p.pk for p in permits], kind=Process.PR4)
        .values_list("permit_id", "pk")
    )
    home, employee_list = reverse("applicants:home"), reverse("permits:employees")
    holder_case = link_for_each("permits:my_permit_case")
    unit_case = link_for_each("permits:unit_permit_case")
    employee_record = link_for_each("permits:employee")
    told: dict[int, list[tuple[int, str]]] = {}
    for permit in permits:
        case = renewals.get(permit.pk)
        employee = employees.get((permit.holder_id, permit.unit_id))
        if case is not None:
            holder_url, unit_url = holder_case(case), unit_case(case)
        else:
            holder_url = f"{home}#permit-life-{permit.pk}"
            unit_url = employee_record(employee) if employee is not None else employee_list
        told[permit.pk] = [(permit.holder_user_id, holder_url)]
        told[permit.pk] += [(pk, unit_url) for pk in staff.get(permit.unit_id, [])]
    return told


def _permit_params(permit: Row) -> dict:
    return {
        "holder": permit.holder_name,
        "unit": permit.unit_name,
        "number": permit.number,
        "expires_on": permit.expires_on.isoformat(),
        "last_day": permit.renewal_last_day.isoformat() if permit.renewal_last_day else "",
    }


def _permit_notices(steps: Sequence[tuple[Row, date, str, dict]], kind: str) -> list[NoticeDraft]:
    """One notice per (permit, deadline, step, extra words) for its holder and unit staff."""
    told = _permit_recipients([permit for permit, *_ in steps])
    drafts = []
    for permit, deadline, step, extra in steps:
        subject, params = subject_for(Permit, permit.pk), {**_permit_params(permit), **extra}
        drafts += [
            NoticeDraft(
                recipient_id=pk,
                kind=kind,
                subject=subject,
                deadline=deadline,
                step=step,
                url=url,
                params=params,
            )
            for pk, url in told[permit.pk]
        ]
    return drafts


# --- T2: the renewal window opens ----------------------------------------------------------
def _window_open(today: date) -> models.QuerySet:
    return _permit_rows(Permit.objects.renewal_window_open(today).without_submitted_renewal())


def _window_notices(permits: Sequence[Row], today: date) -> list[NoticeDraft]:
    # The deadline is the expiry: the same window whatever the calendar does to its last
    # day; a renewed permit has a new expiry, so its next window is told again.
    return _permit_notices(
        [(p, p.expires_on, "open", {}) for p in permits], NoticeKind.RENEWAL_WINDOW_OPEN
    )


register(
    Scan(
        name="t2_renewal_window_open",
        rule="T2",
        description="a valid permit's renewal window has opened (two months before expiry)",
        due=_window_open,
        notices=_window_notices,
    )
)


# --- T2: reminders before the last submission day -----------------------------------------
REMINDER_STEPS = (20, 10, 5, 1)  # working days before the last submission day (T2)
# Calendar days that surely hold the first reminder's working days, to bound the query when
# the calendar does not cover the days ahead (each row is then judged exactly, or skipped).
REMINDER_SEARCH_DAYS = 2 * max(REMINDER_STEPS) + 30


def _reminders_due(today: date) -> models.QuerySet:
    try:
        horizon = load_calendar().add_working_days(today, max(REMINDER_STEPS))
    except CalendarNotCovered:
        horizon = today + timedelta(days=REMINDER_SEARCH_DAYS)
    return _permit_rows(
        Permit.objects.renewal_last_day_between(today, horizon).without_submitted_renewal()
    )


def _reminder_notices(permits: Sequence[Row], today: date) -> list[NoticeDraft]:
    """A step is due once the working days left (after today, through the last day) are at
    most its number: a scan that missed days still sends each step once. Never a guess: a
    permit whose days left the calendar cannot count is skipped until it can."""
    calendar = load_calendar()
    steps = []
    for permit in permits:
        try:
            left = calendar.working_days_between(today, permit.renewal_last_day)
        except CalendarNotCovered:
            continue
        steps += [
            (permit, permit.renewal_last_day, f"{n}wd", {"left": left})
            for n in REMINDER_STEPS
            if left <= n
        ]
    return _permit_notices(steps, NoticeKind.RENEWAL_REMINDER)


register(
    Scan(
        name="t2_renewal_reminders",
        rule="T2",
        description=(
            f"{', '.join(map(str, REMINDER_STEPS))} working days before a valid permit's last "
            f"renewal submission day ({RENEWAL_CUTOFF_WORKING_DAYS} working days before expiry)"
        ),
        due=_reminders_due,
        notices=_reminder_notices,
    )
)


# --- T3: lapse at expiry ------------------------------------------------------------------
def _lapse_due(today: date) -> models.QuerySet:
    return _permit_rows(Permit.objects.lapse_due(today))


def permits_lapse_and_tell(permits: Sequence[Row], today: date) -> list[NoticeDraft]:
    """Rule T3 in the scan's batch: lapse the permits (``life.permits_lapse_batch`` locks
    them and writes an audit row each), then tell the holder and the unit of each one lapsed
    now. Run in
    the transaction that creates the notices (``scan_run``'s batch, or the caller's), so the
    lapse and its notices commit together or not at all: a worker killed between them
    leaves the permit valid and due, and the next run lapses and tells it once."""
    done = permits_lapse_batch(permit_ids=[p.pk for p in permits], today=today)
    lapsed = [p for p in permits if p.pk in done]
    return _permit_notices([(p, p.expires_on, "", {}) for p in lapsed], NoticeKind.PERMIT_LAPSED)


def holder_permits_lapse_and_tell(holder: Applicant, today: date) -> list[NoticeDraft]:
    """T3 for one holder's permits past expiry, as the scan would lapse and tell them (an
    approval does not wait for the scan); in the caller's transaction."""
    return permits_lapse_and_tell(list(_lapse_due(today).filter(holder=holder)), today)


LAPSE_SCAN = register(
    Scan(
        name="t3_permit_lapse",
        rule="T3",
        description="a valid permit past its expiry date lapses; the holder and unit are told",
        due=_lapse_due,
        notices=permits_lapse_and_tell,
    )
)


def permits_lapse(*, today: date | None = None) -> int:
    """The T3 scan on its own (its Celery beat entry, ``manage.py lapse_permits``, the demo):
    lapses and tells; idempotent. Returns how many permits were found past expiry."""
    return scan_run(LAPSE_SCAN, today=today or timezone.localdate()).found


# --- T4: a leaver not released within 5 days -----------------------------------------------
def _leavers_not_released(today: date) -> models.QuerySet:
    """Reading (T4, as the employee list): before the release, the departure the portal
    knows is the end date of the newest contract of an accepted association."""
    return _current_contracts(end_date__lt=dissociation_overdue_if_left_before(today))


def _leaver_notices(contracts: Sequence[Row], today: date) -> list[NoticeDraft]:
    staff = unit_staff_ids(c.unit_id for c in contracts)
    employee_record = link_for_each("permits:employee")
    drafts = []
    for contract in contracts:
        subject = subject_for(Association, contract.association_id)
        url = employee_record(contract.association_id)
        params = {
            "holder": contract.holder_name,
            "unit": contract.unit_name,
            "left_on": contract.end_date.isoformat(),
        }
        drafts += [
            NoticeDraft(
                recipient_id=pk,
                kind=NoticeKind.LEAVER_NOT_RELEASED,
                subject=subject,
                deadline=dissociation_due(contract.end_date),
                url=url,
                params=params,
            )
            for pk in staff.get(contract.unit_id, [])
        ]
    return drafts


register(
    Scan(
        name="t4_leaver_not_released",
        rule="T4",
        description="an accepted employee's contract ended over 5 days ago and the former "
        "unit has not released them",
        due=_leavers_not_released,
        notices=_leaver_notices,
    )
)
