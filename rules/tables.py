"""The database side of the engine: load the wage table and the calendar (overrides and the
years whose holiday notice was imported), and tell administrators which years the
working-day calendar does not cover."""

from datetime import date

from .engine.wages import WageTable
from .engine.workdays import WorkingDayCalendar
from .models import CalendarYear, WorkingDayOverride
from .models import WageTable as WageTableRow

# The State Council publishes next year's holiday notice in November or December: from
# 1 November on, a missing next year is worth a warning (a case received in early December
# is already due in January).
NEXT_YEAR_WARNING_FROM = (11, 1)


def load_wage_table() -> WageTable:
    return WageTable([row.as_row() for row in WageTableRow.objects.all()])


def load_calendar() -> WorkingDayCalendar:
    overrides = dict(WorkingDayOverride.objects.values_list("date", "is_working_day"))
    return WorkingDayCalendar(overrides, CalendarYear.objects.covered_years())


def uncovered_years(today: date, calendar: WorkingDayCalendar | None = None) -> list[int]:
    """The years administrators must be warned about: this year when it is not covered, and
    from 1 November also next year."""
    calendar = calendar or load_calendar()
    years = [today.year]
    if (today.month, today.day) >= NEXT_YEAR_WARNING_FROM:
        years.append(today.year + 1)
    return calendar.uncovered_years(years)
