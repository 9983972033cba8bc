"""How long a case has waited and when it is due, in Chinese working days (rule T1)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from rules.engine.workdays import CalendarNotCovered, WorkingDayCalendar
from rules.tables import load_calendar

from .models import PromisedTime


@dataclass(frozen=True, slots=True)
class CaseClock:
    due_on: date | None
    age: int | None  # working days since the zone's receipt
    remaining: int | None  # working days left until due; negative when overdue
    calendar_year_missing: int | None = None
    # T1 stops at the decision (办结: ``age`` is then the working days used) and pauses while
    # the case is returned; the resubmission restarts it (docs/workflow.md).
    finished_on: date | None = None
    paused: bool = False

    @property
    def overdue(self) -> bool:
        return self.remaining is not None and self.remaining < 0

    @property
    def overdue_by(self) -> int:
        return -self.remaining if self.overdue else 0

    @property
    def due_soon(self) -> bool:
        return self.remaining is not None and 0 <= self.remaining <= 3


def promised_due_on(
    *, process: str, received_on: date, calendar: WorkingDayCalendar | None = None
) -> date | None:
    """Rule T1's due date for a case the zone receives on ``received_on``; None when the
    working-day calendar does not cover the dates yet (administrators are warned of that).
    At receipt and when the calendar changes (reviews.recompute) alike."""
    days = PromisedTime.objects.working_days_for(process)
    try:
        return (calendar or load_calendar()).add_working_days(received_on, days)
    except CalendarNotCovered:
        return None


def case_clock(
    *, received_on: date, due_on: date | None, today: date, calendar: WorkingDayCalendar
) -> CaseClock:
    try:
        age = calendar.working_days_between(received_on, today)
        remaining = calendar.working_days_between(today, due_on) if due_on else None
    except CalendarNotCovered as exc:
        return CaseClock(due_on, None, None, exc.year)
    return CaseClock(due_on, age, remaining)


def _stopped(clock: CaseClock, *, finished_on: date, due_on: date | None) -> CaseClock:
    late = clock.age is not None and due_on is not None and finished_on > due_on
    return CaseClock(
        due_on,
        clock.age,
        -1 if late else None,
        clock.calendar_year_missing,
        finished_on=finished_on,
    )


def _clock_of(case, *, today: date, calendar: WorkingDayCalendar) -> CaseClock | None:
    if not case.received_at:
        return None
    if case.decided_at:
        finished_on = timezone.localdate(case.decided_at)
        clock = case_clock(
            received_on=case.received_on(), due_on=None, today=finished_on, calendar=calendar
        )
        return _stopped(clock, finished_on=finished_on, due_on=case.due_on)
    if case.is_returned:
        return CaseClock(case.due_on, None, None, paused=True)
    return case_clock(
        received_on=case.received_on(), due_on=case.due_on, today=today, calendar=calendar
    )


def with_clocks(cases, *, today: date) -> list[tuple]:
    """(case, clock) for each case of a list page; cases the zone has not received have no
    clock. The calendar is loaded once for the page."""
    calendar = load_calendar()
    return [(case, _clock_of(case, today=today, calendar=calendar)) for case in cases]


def clock_for(case, *, today: date) -> CaseClock | None:
    return with_clocks([case], today=today)[0][1]
