"""The zone's figures over a period and a choice of processes. Each source of cases is read in
one query (a row per case: process, state, unit, receipt, decision, promised date), so the
number of queries does not grow with the number of cases; the working-day arithmetic of T1
runs in Python over those rows with one calendar.

Definitions (also in docs/documents.md):
- a case counts in the month the zone last received it (``received_at``, local time);
- processing time: working days from that receipt to the decision (T1's own count: the day
  of receipt not counted), for cases decided (approved or rejected);
- the 90th percentile is the nearest-rank one: the smallest time that at least 90 % of the
  decided cases did not exceed;
- a case is overdue when it was decided after its promised date, or still waits for the zone
  after it; the share is over the cases received in the period that had a promised date;
- return reasons are those the zone gave, counted per material and identical reason text;
- permits expiring: valid permits by month of expiry, this month and the next ones.
"""

import math
import statistics as stats
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, QuerySet, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from permits.constants import ApplicationState, PermitStatus
from permits.models import Permit, PermitApplication
from portal.constants import Process, Role
from reviews.constants import DEFAULT_PROMISED_WORKING_DAYS
from reviews.models import PromisedTime, ReturnedMaterial
from rules.engine.dates import add_months
from rules.engine.workdays import CalendarNotCovered, WorkingDayCalendar
from units.constants import UnitCaseState
from units.models import Unit, UnitCase

# The processes that have cases in the portal today.
PROCESSES = (Process.PR1, Process.PR2, Process.PR3)
DECIDED = {
    UnitCaseState.APPROVED,
    UnitCaseState.REJECTED,
    ApplicationState.APPROVED,
    ApplicationState.REJECTED,
}
WAITING_FOR_ZONE = {UnitCaseState.SUBMITTED, ApplicationState.WITH_ZONE}
EXPIRY_MONTHS = 6
TOP_UNITS = 20
TOP_MATERIALS = 10
TOP_REASONS = 3


@dataclass(frozen=True)
class Period:
    """Whole months: from the first day of ``first`` to the last day of ``last``."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first.replace(day=1), datetime.min.time()))

    @property
    def end(self) -> datetime:
        following = add_months(self.last.replace(day=1), 1)
        return timezone.make_aware(datetime.combine(following, datetime.min.time()))

    def months(self) -> list[date]:
        month, result = self.first.replace(day=1), []
        while month <= self.last:
            result.append(month)
            month = add_months(month, 1)
        return result


def default_period(today: date) -> Period:
    return Period(add_months(today.replace(day=1), -11), today.replace(day=1))


@dataclass(frozen=True)
class CaseRow:
    process: str
    state: str
    unit_id: int
    received_on: date
    decided_on: date | None
    due_on: date | None


@dataclass(frozen=True)
class Timing:
    process: str
    promised: int
    decided: int
    median: float | None
    p90: int | None
    overdue: int
    with_promise: int

    @property
    def overdue_share(self) -> float | None:
        return self.overdue / self.with_promise if self.with_promise else None


@dataclass(frozen=True)
class MaterialReasons:
    code: str
    name: str
    total: int
    reasons: list[tuple[str, int]]


@dataclass(frozen=True)
class UnitCounts:
    name: str
    unit_cases: int
    applications: int
    approved: int
    valid_permits: int

    @property
    def total(self) -> int:
        return self.unit_cases + self.applications


@dataclass
class Figures:
    period: Period
    processes: tuple[str, ...]
    months: list[date]
    per_month: dict[date, dict[str, int]]
    timings: list[Timing]
    reasons: list[MaterialReasons]
    units: list[UnitCounts]
    expiring: list[tuple[date, int]]
    not_covered: set[int] = field(default_factory=set)

    @property
    def total_cases(self) -> int:
        return sum(sum(row.values()) for row in self.per_month.values())


def nearest_rank(values: Sequence[int], percent: int) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


def _rows(queryset: QuerySet, process, period: Period) -> Iterable[CaseRow]:
    values = (
        queryset.filter(received_at__gte=period.start, received_at__lt=period.end)
        .annotate(p=process)
        .values_list("p", "state", "unit_id", "received_at", "decided_at", "due_on")
    )
    for p, state, unit_id, received_at, decided_at, due_on in values.iterator(2000):
        yield CaseRow(p, state, unit_id, _local_date(received_at), _local_date(decided_at), due_on)


def case_rows(period: Period, processes: Sequence[str]) -> list[CaseRow]:
    rows: list[CaseRow] = []
    unit_kinds = [p for p in processes if p in (Process.PR1, Process.PR2)]
    if unit_kinds:
        rows += _rows(UnitCase.objects.filter(kind__in=unit_kinds), F("kind"), period)
    if Process.PR3 in processes:
        rows += _rows(PermitApplication.objects.all(), Value(Process.PR3.value), period)
    return rows


def promised_days() -> dict[str, int]:
    days = {str(p): d for p, d in DEFAULT_PROMISED_WORKING_DAYS.items()}
    days.update(PromisedTime.objects.values_list("process", "working_days"))
    return days


def _is_overdue(row: CaseRow, today: date) -> bool:
    if row.due_on is None:
        return False
    if row.state in DECIDED and row.decided_on is not None:
        return row.decided_on > row.due_on
    return row.state in WAITING_FOR_ZONE and today > row.due_on


def timings(
    rows: Sequence[CaseRow],
    processes: Sequence[str],
    *,
    today: date,
    calendar: WorkingDayCalendar,
    not_covered: set[int],
) -> list[Timing]:
    promised = promised_days()
    durations: dict[str, list[int]] = defaultdict(list)
    overdue: Counter = Counter()
    with_promise: Counter = Counter()
    decided: Counter = Counter()
    for row in rows:
        if row.due_on is not None:
            with_promise[row.process] += 1
            overdue[row.process] += _is_overdue(row, today)
        if row.state in DECIDED and row.decided_on is not None:
            decided[row.process] += 1
            try:
                durations[row.process].append(
                    calendar.working_days_between(row.received_on, row.decided_on)
                )
            except CalendarNotCovered as exc:
                not_covered.add(exc.year)
    return [
        Timing(
            process=p,
            promised=promised[p],
            decided=decided[p],
            median=stats.median(durations[p]) if durations[p] else None,
            p90=nearest_rank(durations[p], 90),
            overdue=overdue[p],
            with_promise=with_promise[p],
        )
        for p in processes
    ]


def per_month(rows: Sequence[CaseRow], months: Sequence[date]) -> dict[date, dict[str, int]]:
    table = {m: Counter() for m in months}
    for row in rows:
        month = row.received_on.replace(day=1)
        if month in table:
            table[month][row.process] += 1
    return {m: dict(c) for m, c in table.items()}


def return_reasons(period: Period, processes: Sequence[str]) -> list[MaterialReasons]:
    counted = (
        ReturnedMaterial.objects.filter(
            event__at__gte=period.start,
            event__at__lt=period.end,
            event__process__in=processes,
            event__actor_role=Role.REVIEWER,
        )
        .values_list("material_code", "material_name", "reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "material_code", "reason")
    )
    by_material: dict[str, list] = {}
    names: dict[str, str] = {}
    for code, name, reason, n in counted:
        names.setdefault(code, name)
        by_material.setdefault(code, []).append((reason, n))
    result = [
        MaterialReasons(code, names[code], sum(n for _r, n in reasons), reasons[:TOP_REASONS])
        for code, reasons in by_material.items()
    ]
    result.sort(key=lambda m: (-m.total, m.code))
    return result[:TOP_MATERIALS]


def unit_counts(rows: Sequence[CaseRow]) -> list[UnitCounts]:
    unit_cases: Counter = Counter()
    applications: Counter = Counter()
    approved: Counter = Counter()
    for row in rows:
        if row.process == Process.PR3:
            applications[row.unit_id] += 1
            approved[row.unit_id] += row.state == ApplicationState.APPROVED
        else:
            unit_cases[row.unit_id] += 1
    busiest = sorted(
        set(unit_cases) | set(applications),
        key=lambda pk: (-(unit_cases[pk] + applications[pk]), pk),
    )[:TOP_UNITS]
    names = dict(Unit.objects.filter(pk__in=busiest).values_list("pk", "name"))
    permits = dict(
        Permit.objects.filter(unit_id__in=busiest, status=PermitStatus.VALID)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    return [
        UnitCounts(names[pk], unit_cases[pk], applications[pk], approved[pk], permits.get(pk, 0))
        for pk in busiest
    ]


def expiring_permits(today: date, months: int = EXPIRY_MONTHS) -> list[tuple[date, int]]:
    first = today.replace(day=1)
    ahead = [add_months(first, i) for i in range(months)]
    counted = dict(
        Permit.objects.filter(
            status=PermitStatus.VALID,
            expires_on__gte=today,
            expires_on__lt=add_months(first, months),
        )
        .annotate(month=TruncMonth("expires_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return [(m, counted.get(m, 0)) for m in ahead]


def zone_figures(
    *, period: Period, processes: Sequence[str], today: date, calendar: WorkingDayCalendar
) -> Figures:
    processes = tuple(processes) or PROCESSES
    rows = case_rows(period, processes)
    not_covered: set[int] = set()
    months = period.months()
    return Figures(
        period=period,
        processes=processes,
        months=months,
        per_month=per_month(rows, months),
        timings=timings(rows, processes, today=today, calendar=calendar, not_covered=not_covered),
        reasons=return_reasons(period, processes),
        units=unit_counts(rows),
        expiring=expiring_permits(today),
        not_covered=not_covered,
    )
