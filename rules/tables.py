"""The database side of the engine: load the wage table and the calendar (overrides and the
years whose holiday notice was imported), and tell administrators which years the
working-day calendar does not cover.

Both tables are read by most pages and change a few times a year, so they are kept in
Django's cache (shared by the portal's processes: a file cache in the embedded default,
Redis in production — ``CACHE_URL``) and forgotten whenever a row of them is saved or
deleted, at once and again when the transaction commits (``forget_reference_tables``,
connected in ``RulesConfig.ready``). An hour's expiry bounds what a change made outside the
ORM (a data migration) could leave behind."""

from datetime import date

from django.core.cache import cache
from django.db import transaction

from .engine.wages import WageTable
from .engine.workdays import WorkingDayCalendar
from .models import CalendarYear, WorkingDayOverride
from .models import WageTable as WageTableRow

# The State Council publishes next year's holiday notice in November or December: from
# 1 November on, a missing next year is worth a warning (a case received in early December
# is already due in January).
NEXT_YEAR_WARNING_FROM = (11, 1)


WAGE_TABLE_KEY = "rules:wage-table:v1"
CALENDAR_KEY = "rules:calendar:v1"
CACHE_SECONDS = 3600


def load_wage_table() -> WageTable:
    rows = cache.get(WAGE_TABLE_KEY)
    if rows is None:
        rows = [row.as_row() for row in WageTableRow.objects.all()]
        _remember(WAGE_TABLE_KEY, rows)
    return WageTable(rows)


def load_calendar() -> WorkingDayCalendar:
    stored = cache.get(CALENDAR_KEY)
    if stored is None:
        overrides = dict(WorkingDayOverride.objects.values_list("date", "is_working_day"))
        stored = (overrides, CalendarYear.objects.covered_years())
        _remember(CALENDAR_KEY, stored)
    overrides, years = stored
    return WorkingDayCalendar(overrides, years)


def _remember(key: str, value) -> None:
    """Keep what was read, unless this connection's open transaction has changed the tables
    (other processes must not see rows that may yet be rolled back)."""
    if not _changed_in_this_transaction():
        cache.set(key, value, CACHE_SECONDS)


def _changed_in_this_transaction() -> bool:
    """Whether the open transaction has changed the tables: it then waits to forget them
    after its commit (Django drops that wait when the transaction rolls back)."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        entry[1] is forget_after_commit for entry in connection.run_on_commit
    )


def _forget() -> None:
    cache.delete_many([WAGE_TABLE_KEY, CALENDAR_KEY])


def forget_reference_tables(**kwargs) -> None:
    """Receiver of the tables' ``post_save`` and ``post_delete``: forget them now and once
    more after the commit, so no process keeps a table read between the two."""
    _forget()
    if not _changed_in_this_transaction():
        transaction.on_commit(forget_after_commit)  # once per transaction


def forget_after_commit() -> None:
    _forget()


def uncovered_years(today: date, calendar: WorkingDayCalendar | None = None) -> list[int]:
    """The years administrators must be warned about: this year when it is not covered, and
    from 1 November also next year."""
    calendar = calendar or load_calendar()
    years = [today.year]
    if (today.month, today.day) >= NEXT_YEAR_WARNING_FROM:
        years.append(today.year + 1)
    return calendar.uncovered_years(years)
