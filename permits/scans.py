"""The deadline scans over permits' columns (docs/notices.md): T1 for PR3 applications with
the zone, and the permit's life: T2 the renewal window opens and the reminders before its
last submission day, T3 the lapse at expiry, T4 a leaver not released within 5 days, T5 a
labour contract within a month of its end.

Each reads an indexed date column (``Permit``: status with ``renewal_opens_on``,
``renewal_last_day``, ``expires_on``; ``LabourContract.end_date``), in batches
(``notices.scans.scan_run``), and tells each recipient once per key (what, which permit or
contract, which deadline, which step).
"""

from collections.abc import Sequence
from datetime import date, timedelta

from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from notices.constants import NoticeKind
from notices.recipients import unit_staff_ids
from notices.scans import Scan, register, scan_run
from notices.services import NoticeDraft, subject_of
from portal.constants import Process
from reviews.scans import overdue_reviews_scan
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
        describe=lambda application: f"{application.applicant.name}（{application.unit.name}）",
        related=("applicant", "unit"),
    )
)


# What the notices of a batch read of each row and its related rows: loading only these
# keeps a batch light (a holder's row carries the facts' JSON, a unit's its whole profile).
# The state fields are loaded because the workflows keep them from the start (django-fsm).
CONTRACT_FIELDS = (
    "association",
    "end_date",
    "created_at",
    "association__state",
    "association__unit__name",
    "association__applicant__name",
    "association__applicant__user",
)
PERMIT_FIELDS = (
    "number",
    "status",
    "expires_on",
    "renewal_opens_on",
    "renewal_last_day",
    "holder__name",
    "holder__user",
    "unit__name",
)


# --- T5 ---------------------------------------------------------------------------------
def _current_contracts(**end_date) -> models.QuerySet:
    """The current contract (the newest row) of each accepted association whose end date
    passes ``end_date`` (a lookup on ``end_date``), with what the notices read (T4, T5)."""
    newer = LabourContract.objects.filter(
        association=OuterRef("association"), created_at__gt=OuterRef("created_at")
    )
    return (
        LabourContract.objects.filter(association__state=AssociationState.ACCEPTED, **end_date)
        .exclude(Exists(newer))
        .select_related("association__applicant", "association__unit")
        .only(*CONTRACT_FIELDS)
    )


def _ending_contracts(today: date) -> models.QuerySet:
    """The current contracts ending on or before the day T5 requires a contract to end
    after."""
    return _current_contracts(end_date__lte=contract_must_end_after(today))


def _contract_notices(contracts: Sequence[LabourContract], today: date) -> list[NoticeDraft]:
    staff = unit_staff_ids(c.association.unit_id for c in contracts)
    unit_url, holder_url = reverse("permits:employees"), reverse("permits:associate")
    drafts = []
    for contract in contracts:
        association = contract.association
        recipients = [(pk, unit_url) for pk in staff.get(association.unit_id, [])]
        recipients.append((association.applicant.user_id, holder_url))
        drafts += [
            NoticeDraft(
                recipient_id=pk,
                kind=NoticeKind.CONTRACT_ENDING,
                subject=subject_of(contract),
                deadline=contract.end_date,
                step="1m",
                url=url,
                params={"holder": association.applicant.name, "unit": association.unit.name},
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
def _permit_recipients(permits: Sequence[Permit]) -> dict[int, list[tuple[int, str]]]:
    """Each permit's holder and its unit's active staff, with the link for each: to the
    open renewal case when there is one (the holder's or the unit's page of it); else the
    holder to the permit on their home page and the staff to the employee's record, where a
    renewal is started (the employee list when the holder is no longer associated).
    Three queries per batch."""
    staff = unit_staff_ids(p.unit_id for p in permits)
    rows = Association.objects.filter(
        state=AssociationState.ACCEPTED, applicant_id__in={p.holder_id for p in permits}
    ).values_list("applicant_id", "unit_id", "pk")
    employees = {(applicant, unit): pk for applicant, unit, pk in rows}
    renewals = dict(
        PermitCase.objects.open()
        .filter(permit_id__in=[p.pk for p in permits], kind=Process.PR4)
        .values_list("permit_id", "pk")
    )
    home = reverse("applicants:home")
    told: dict[int, list[tuple[int, str]]] = {}
    for permit in permits:
        case = renewals.get(permit.pk)
        employee = employees.get((permit.holder_id, permit.unit_id))
        if case is not None:
            holder_url = reverse("permits:my_permit_case", args=[case])
            unit_url = reverse("permits:unit_permit_case", args=[case])
        else:
            holder_url = f"{home}#permit-life-{permit.pk}"
            unit_url = (
                reverse("permits:employee", args=[employee])
                if employee is not None
                else reverse("permits:employees")
            )
        told[permit.pk] = [(permit.holder.user_id, holder_url)]
        told[permit.pk] += [(pk, unit_url) for pk in staff.get(permit.unit_id, [])]
    return told


def _permit_params(permit: Permit) -> dict:
    return {
        "holder": permit.holder.name,
        "unit": permit.unit.name,
        "number": permit.number,
        "expires_on": permit.expires_on.isoformat(),
        "last_day": permit.renewal_last_day.isoformat() if permit.renewal_last_day else "",
    }


def _permit_notices(
    steps: Sequence[tuple[Permit, date, str, dict]], kind: str
) -> list[NoticeDraft]:
    """One notice per (permit, deadline, step, extra words) for its holder and unit staff."""
    told = _permit_recipients([permit for permit, *_ in steps])
    return [
        NoticeDraft(
            recipient_id=pk,
            kind=kind,
            subject=subject_of(permit),
            deadline=deadline,
            step=step,
            url=url,
            params={**_permit_params(permit), **extra},
        )
        for permit, deadline, step, extra in steps
        for pk, url in told[permit.pk]
    ]


# --- T2: the renewal window opens ----------------------------------------------------------
def _window_open(today: date) -> models.QuerySet:
    return (
        Permit.objects.renewal_window_open(today)
        .without_submitted_renewal()
        .select_related("holder", "unit")
        .only(*PERMIT_FIELDS)
    )


def _window_notices(permits: Sequence[Permit], today: date) -> list[NoticeDraft]:
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
    return (
        Permit.objects.renewal_last_day_between(today, horizon)
        .without_submitted_renewal()
        .select_related("holder", "unit")
        .only(*PERMIT_FIELDS)
    )


def _reminder_notices(permits: Sequence[Permit], today: date) -> list[NoticeDraft]:
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
    return Permit.objects.lapse_due(today).select_related("holder", "unit").only(*PERMIT_FIELDS)


def permits_lapse_and_tell(permits: Sequence[Permit], today: date) -> list[NoticeDraft]:
    """Rule T3 in the scan's batch: lapse the permits (``life.permits_lapse_batch`` locks
    them and writes an audit row each), then tell the holder and the unit of each one lapsed
    now. Run in
    the transaction that creates the notices (``scan_run``'s batch, or the caller's), so the
    lapse and its notices commit together or not at all: a worker killed between them
    leaves the permit valid and due, and the next run lapses and tells it once."""
    done = permits_lapse_batch(permit_ids=[p.pk for p in permits], today=today)
    lapsed = [p for p in permits if p.pk in done]
    return _permit_notices([(p, p.expires_on, "", {}) for p in lapsed], NoticeKind.PERMIT_LAPSED)


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


def _leaver_notices(contracts: Sequence[LabourContract], today: date) -> list[NoticeDraft]:
    staff = unit_staff_ids(c.association.unit_id for c in contracts)
    return [
        NoticeDraft(
            recipient_id=pk,
            kind=NoticeKind.LEAVER_NOT_RELEASED,
            subject=subject_of(contract.association),
            deadline=dissociation_due(contract.end_date),
            url=reverse("permits:employee", args=[contract.association_id]),
            params={
                "holder": contract.association.applicant.name,
                "unit": contract.association.unit.name,
                "left_on": contract.end_date.isoformat(),
            },
        )
        for contract in contracts
        for pk in staff.get(contract.association.unit_id, [])
    ]


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
