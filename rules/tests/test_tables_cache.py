"""The wage table and the working-day calendar are read from the database once and then from
the cache, until a row of either changes (rules.tables)."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from rules.models import CalendarYear, WageTable, WorkingDayOverride
from rules.tables import load_calendar, load_wage_table

SATURDAY = date(2026, 12, 5)  # a weekend day of a covered year


def _queries(load) -> int:
    with CaptureQueriesContext(connection) as ctx:
        load()
    return len(ctx.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_a_second_read_makes_no_query():
    assert _queries(load_calendar) == 2
    assert _queries(load_calendar) == 0
    assert _queries(load_wage_table) == 1
    assert _queries(load_wage_table) == 0


@pytest.mark.django_db(transaction=True)
def test_a_saved_or_deleted_row_is_read_again():
    load_calendar()
    assert not load_calendar().is_working_day(SATURDAY)
    override = WorkingDayOverride.objects.create(date=SATURDAY, is_working_day=True)
    assert load_calendar().is_working_day(SATURDAY)
    override.is_working_day = False
    override.save()
    assert not load_calendar().is_working_day(SATURDAY)
    override.delete()
    assert not load_calendar().covers(2031)
    CalendarYear.objects.create(year=2031)
    assert load_calendar().covers(2031)

    assert 2031 not in load_wage_table().years()
    WageTable.objects.create(
        application_year=2031, wage_year=2030, monthly_average=15000, provisional=True
    )
    assert 2031 in load_wage_table().years()


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_is_never_kept():
    load_calendar()
    with transaction.atomic():
        WorkingDayOverride.objects.create(date=SATURDAY, is_working_day=True)
        assert load_calendar().is_working_day(SATURDAY)  # the writer sees its own row
        transaction.set_rollback(True)
    assert not load_calendar().is_working_day(SATURDAY)
