from datetime import date

import pytest

from rules.engine import WageTable, WorkingDayCalendar, evaluate, parse
from rules.engine.wages import RULES_MD_ROWS


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Each test starts with no self-check evaluations counted against its client."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def wages() -> WageTable:
    return WageTable(list(RULES_MD_ROWS))


@pytest.fixture(scope="session")
def calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar()


@pytest.fixture
def judge(wages, calendar):
    """judge(kind, payload) -> Verdict, through the same parser as the CLI and the API."""

    def run(kind: str, payload: dict, today: date = date(2026, 11, 27)):
        return evaluate(kind, parse(kind, payload, today=today), wages=wages, calendar=calendar)

    return run


@pytest.fixture
def seeded_wages(db):
    from rules.reference import load

    load()
