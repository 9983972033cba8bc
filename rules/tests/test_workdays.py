"""Working days: chinesecalendar plus administrator overrides, across Spring Festival and
National Day 2026 with their make-up Saturdays (and a make-up Sunday, 2026-09-20)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.engine.workdays import CalendarNotCovered, WorkingDayCalendar

CAL = WorkingDayCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before Spring Festival
        (date(2026, 2, 14), True),  # make-up Saturday
        (date(2026, 2, 16), False),  # Spring Festival Monday
        (date(2026, 2, 23), False),  # last day off
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # make-up Saturday
        (date(2026, 3, 7), False),  # ordinary Saturday
        (date(2026, 9, 20), True),  # make-up Sunday for National Day
        (date(2026, 10, 1), False),
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # make-up Saturday
    ],
)
def test_is_working_day_2026(day, working):
    assert CAL.is_working_day(day) is working


def test_add_working_days_across_spring_festival():
    # 12 Feb (Thu) + 1 = 13 Feb (Fri), + 2 = 14 Feb (make-up Sat), + 3 = 24 Feb (after the break)
    assert CAL.add_working_days(date(2026, 2, 12), 1) == date(2026, 2, 13)
    assert CAL.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 14)
    assert CAL.add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    # 24, 25, 26, 27 Feb and the make-up Saturday 28 Feb
    assert CAL.add_working_days(date(2026, 2, 23), 5) == date(2026, 2, 28)


def test_add_twenty_working_days_across_national_day():
    # From 2026-09-18 (Fri): 20 Sep (make-up Sun), 21–24 (25–27 Mid-autumn off), 28–30,
    # (1–7 Oct off) 8–9, 10 (make-up Sat), 12–16, 19–22: the 20th is 22 Oct.
    assert CAL.add_working_days(date(2026, 9, 18), 20) == date(2026, 10, 22)


def test_working_days_between_across_national_day():
    assert CAL.working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert CAL.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3
    assert CAL.working_days_between(date(2026, 10, 10), date(2026, 9, 30)) == -3
    assert CAL.working_days_between(date(2026, 10, 1), date(2026, 10, 1)) == 0


def test_latest_date_twenty_working_days_before_expiry():
    # Renewal cut-off for a permit expiring on Saturday 2026-10-31 (T2).
    assert CAL.working_day_before(date(2026, 10, 31), 20) == date(2026, 9, 29)
    # Counting back over Spring Festival: 2026-03-02 (Mon) - 5 = 2026-02-24 (Tue)
    assert CAL.working_day_before(date(2026, 3, 2), 5) == date(2026, 2, 24)


def test_2027_is_a_clear_error_not_a_weekday_guess():
    with pytest.raises(CalendarNotCovered) as err:
        CAL.is_working_day(date(2027, 1, 4))
    assert err.value.year == 2027
    assert "2027" in err.value.message_zh
    with pytest.raises(CalendarNotCovered):
        CAL.add_working_days(date(2026, 12, 10), 20)


def test_overrides_take_precedence_and_an_imported_year_is_covered():
    overrides = {
        date(2026, 3, 7): True,  # an ordinary Saturday made a working day
        date(2026, 3, 9): False,  # a Monday made a day off
        date(2027, 1, 1): False,  # 2027's notice imported by an administrator
    }
    cal = WorkingDayCalendar(overrides, covered_years=[2027])
    assert cal.is_working_day(date(2026, 3, 7)) is True
    assert cal.is_working_day(date(2026, 3, 9)) is False
    assert cal.is_working_day(date(2027, 1, 1)) is False
    assert cal.is_working_day(date(2027, 1, 4)) is True  # covered year: weekday rule
    assert cal.is_working_day(date(2027, 1, 9)) is False
    assert cal.uncovered_years([2026, 2027, 2028]) == [2028]


def test_a_single_override_does_not_cover_its_year():
    # Half a year's notice is not a calendar: without an import the year stays a clear error,
    # even on the overridden date itself.
    cal = WorkingDayCalendar({date(2027, 1, 1): False})
    assert cal.uncovered_years([2027]) == [2027]
    with pytest.raises(CalendarNotCovered):
        cal.is_working_day(date(2027, 1, 1))


days_2026 = st.dates(date(2026, 1, 1), date(2026, 10, 31))


@settings(deadline=None)
@given(days_2026, st.integers(0, 40))
def test_between_inverts_add(start, n):
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    if n:
        assert CAL.is_working_day(end)


@settings(deadline=None)
@given(days_2026.filter(lambda d: d >= date(2026, 3, 1)), st.integers(1, 30))
def test_working_day_before_is_a_working_day_n_back(end, n):
    day = CAL.working_day_before(end, n)
    assert CAL.is_working_day(day)
    assert CAL.working_days_between(day, end) == n - (0 if CAL.is_working_day(end) else 1)


@pytest.mark.django_db
def test_uncovered_next_year_is_a_warning_from_november_until_its_notice_is_imported(
    monkeypatch,
):
    from django.utils import timezone

    from rules.checks import calendar_coverage
    from rules.models import WorkingDayOverride
    from rules.services import calendar_import
    from rules.tables import load_calendar, uncovered_years

    assert uncovered_years(date(2026, 10, 31)) == []  # next year's notice is not due yet
    assert uncovered_years(date(2026, 11, 1)) == [2027]
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 11, 27))
    assert calendar_coverage(None) == []  # only when a database is named
    warnings = calendar_coverage(None, databases=["default"])
    assert [w.id for w in warnings] == ["rules.W001"]
    assert "2027" in warnings[0].msg
    WorkingDayOverride.objects.create(date=date(2027, 1, 1), is_working_day=False, note="元旦")
    assert [w.id for w in calendar_coverage(None, databases=["default"])] == ["rules.W001"]
    calendar_import(year=2027, text="2027-01-01 holiday 元旦", source="test fixture")
    assert calendar_coverage(None, databases=["default"]) == []
    assert load_calendar().is_working_day(date(2027, 1, 1)) is False
