"""Calendar-month and year arithmetic (no working days here: see workdays.py)."""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache


@lru_cache(maxsize=8192)
def add_months(day: date, months: int) -> date:
    """Same day of the month ``months`` later (or earlier); a day that the target month lacks
    becomes its last day (2026-01-31 + 1 month = 2026-02-28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """Same date ``years`` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def age_on(birth: date, on: date) -> int:
    """Full years of age (周岁) on ``on``. Someone born on 29 February turns a year older on
    1 March in a common year (the birthday has not yet come on 28 February)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years
