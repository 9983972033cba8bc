"""The Excel exports: a unit's permit holders (numbers, expiry, the renewal window of rule T2,
the labour contract's end) and a reviewer's queue as filtered on the page. Rows are read
with ``values_list(...).iterator()`` and written as they come: memory stays flat at any size."""

from collections.abc import Iterator
from datetime import date

from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from permits.constants import ApplicationState, PermitStatus
from permits.models import LabourContract, Permit, PermitApplication
from portal.constants import Process
from portal.spreadsheets import Column
from reviews.clock import case_clock
from rules.engine.dates import add_months
from rules.engine.deadlines import RENEWAL_WINDOW_MONTHS, renewal_window
from rules.engine.workdays import CalendarNotCovered, WorkingDayCalendar
from units.constants import UnitCaseState
from units.models import Unit

from .receipts import case_number

CHUNK = 2000
DATE = 10  # yyyy-mm-dd
ID_NUMBER = 18
PERMIT_NUMBER = 16


def text_width(queryset: QuerySet, field: str) -> int:
    """The display width of the longest value of ``field``; Chinese characters count two."""
    longest = queryset.aggregate(longest=Max(Length(field)))["longest"] or 0
    return 2 * longest


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


# --- a unit's permit holders --------------------------------------------------------------
def holders(unit: Unit) -> QuerySet:
    latest_contract = LabourContract.objects.filter(
        association=OuterRef("application__association")
    ).order_by("-created_at", "-pk")
    return (
        Permit.objects.for_unit(unit)
        .exclude(status=PermitStatus.CANCELLED)
        .annotate(contract_ends=Subquery(latest_contract.values("end_date")[:1]))
        .order_by("expires_on", "number")
    )


def holder_columns(queryset: QuerySet) -> list[Column]:
    return [
        Column(_("Name"), text_width(queryset, "holder__name")),
        Column(_("Resident ID number"), ID_NUMBER),
        Column(_("Permit number"), PERMIT_NUMBER),
        Column(_("Issued on"), DATE),
        Column(_("Expires on"), DATE),
        Column(_("Renewal window opens (T2)"), DATE),
        Column(_("Last day to apply for renewal (T2)"), DATE),
        Column(_("Labour contract ends"), DATE),
        Column(_("Status"), 8),
    ]


def _renewal(expires_on: date, calendar: WorkingDayCalendar) -> tuple[date, date | None]:
    try:
        return renewal_window(expires_on, calendar)
    except CalendarNotCovered:
        # The holidays of that year are not published yet: the last day is not known.
        return add_months(expires_on, -RENEWAL_WINDOW_MONTHS), None


def holder_rows(queryset: QuerySet, calendar: WorkingDayCalendar) -> Iterator[list]:
    statuses = dict(PermitStatus.choices)
    rows = queryset.values_list(
        "holder__name",
        "holder__id_number",
        "number",
        "issued_on",
        "expires_on",
        "contract_ends",
        "status",
    )
    for name, id_number, number, issued, expires, contract_ends, status in rows.iterator(CHUNK):
        opens, closes = _renewal(expires, calendar)
        yield [
            name,
            id_number,
            number,
            issued,
            expires,
            opens,
            closes,
            contract_ends,
            str(statuses.get(status, status)),
        ]


# --- a reviewer's queues --------------------------------------------------------------------
def _clock_cells(received_at, due_on, today: date, calendar: WorkingDayCalendar) -> list:
    if received_at is None:
        return [None, None]
    clock = case_clock(
        received_on=timezone.localdate(received_at), due_on=due_on, today=today, calendar=calendar
    )
    return [clock.remaining, _yes_no(clock.overdue)]


def unit_queue_columns(queryset: QuerySet) -> list[Column]:
    return [
        Column(_("Case number"), 10),
        Column(_("Unit"), text_width(queryset, "unit__name")),
        Column(_("Unified social credit code"), 18),
        Column(_("Process"), 12),
        Column(_("Status"), 10),
        Column(_("Received"), 16),
        Column(_("Promised by (T1)"), DATE),
        Column(_("Working days left"), 4),
        Column(_("Overdue"), 4),
        Column(_("Key-support unit"), 4),
        Column(_("Strategic industry"), 4),
    ]


def unit_queue_rows(
    queryset: QuerySet, *, today: date, calendar: WorkingDayCalendar
) -> Iterator[list]:
    states = dict(UnitCaseState.choices)
    processes = dict(Process.choices)
    rows = queryset.values_list(
        "pk",
        "kind",
        "unit__name",
        "unit__credit_code",
        "state",
        "received_at",
        "due_on",
        "unit__key_support",
        "unit__strategic_emerging_industry",
    )
    for pk, kind, unit, code, state, received_at, due_on, key, strategic in rows.iterator(CHUNK):
        open_with_zone = state == UnitCaseState.SUBMITTED
        yield [
            case_number(kind, pk),
            unit,
            code,
            str(processes[kind]),
            str(states.get(state, state)),
            received_at,
            due_on,
            *(
                _clock_cells(received_at, due_on, today, calendar)
                if open_with_zone
                else [None, None]
            ),
            _yes_no(key != "none"),
            _yes_no(strategic),
        ]


def permit_queue_columns(queryset: QuerySet) -> list[Column]:
    return [
        Column(_("Case number"), 10),
        Column(_("Applicant"), text_width(queryset, "applicant__name")),
        Column(_("Resident ID number"), ID_NUMBER),
        Column(_("Unit"), text_width(queryset, "unit__name")),
        Column(_("Status"), 12),
        Column(_("Received"), 16),
        Column(_("Promised by (T1)"), DATE),
        Column(_("Working days left"), 4),
        Column(_("Overdue"), 4),
    ]


def permit_queue_rows(
    queryset: QuerySet, *, today: date, calendar: WorkingDayCalendar
) -> Iterator[list]:
    states = dict(ApplicationState.choices)
    rows = queryset.values_list(
        "pk",
        "applicant__name",
        "applicant__id_number",
        "unit__name",
        "state",
        "received_at",
        "due_on",
    )
    for pk, name, id_number, unit, state, received_at, due_on in rows.iterator(CHUNK):
        open_with_zone = state == ApplicationState.WITH_ZONE
        yield [
            case_number(PermitApplication.PROCESS, pk),
            name,
            id_number,
            unit,
            str(states.get(state, state)),
            received_at,
            due_on,
            *(
                _clock_cells(received_at, due_on, today, calendar)
                if open_with_zone
                else [None, None]
            ),
        ]
