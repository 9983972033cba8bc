"""The database side of the engine: load the wage table and the calendar overrides, and
tell administrators which years the working-day calendar does not cover."""

from datetime import date

from .engine.wages import WageTable
from .engine.workdays import WorkingDayCalendar
from .models import WageTable as WageTableRow
from .models import WorkingDayOverride


def load_wage_table() -> WageTable:
    return WageTable([row.as_row() for row in WageTableRow.objects.all()])


def load_calendar() -> WorkingDayCalendar:
    overrides = dict(WorkingDayOverride.objects.values_list("date", "is_working_day"))
    return WorkingDayCalendar(overrides)


def uncovered_years(today: date, calendar: WorkingDayCalendar | None = None) -> list[int]:
    """This year and next, where neither chinesecalendar nor the overrides cover them."""
    calendar = calendar or load_calendar()
    return calendar.uncovered_years([today.year, today.year + 1])
