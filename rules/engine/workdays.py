"""Working days (工作日) of the Chinese statutory calendar.

chinesecalendar supplies holidays and make-up workdays (调休) for the years it covers; an
administrator's override table takes precedence, and a year chinesecalendar does not know yet
(its maintainer adds each year after the State Council notice) is covered once administrators
have imported that year's notice in full (``covered_years``). A date in a year that neither
covers raises CalendarNotCovered, even where a single override exists: we never fall back to
"Monday to Friday", nor compute with half a year.

Conventions (docs/eligibility.md, "Working days"): counting starts on the day after the start
date (民法典 第二百零一条: 开始的当日不计入).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from chinese_calendar.constants import holidays as _CC_HOLIDAYS
from chinese_calendar.constants import workdays as _CC_WORKDAYS

CC_FIRST_YEAR = min(_CC_HOLIDAYS).year
CC_LAST_YEAR = max(_CC_HOLIDAYS).year
_ONE_DAY = timedelta(days=1)


class CalendarNotCovered(Exception):
    """A date whose year neither chinesecalendar nor the override table covers."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year} 年的法定节假日安排尚未录入，无法计算工作日；请管理员在“工作日调整”中导入"
            f"该年安排。 The statutory holiday calendar for {year} is not available: an "
            "administrator must import that year's holiday notice."
        )

    @property
    def message_zh(self) -> str:
        return (
            f"{self.year} 年的法定节假日安排尚未录入，无法计算工作日；请管理员在“工作日调整”中"
            "导入该年安排"
        )

    @property
    def message_en(self) -> str:
        return (
            f"the statutory holiday calendar for {self.year} is not available; an administrator "
            "must import that year's holiday notice"
        )


class WorkingDayCalendar:
    """Working-day arithmetic over chinesecalendar plus overrides {date: is_working_day}.

    ``covered_years`` are the years whose State Council notice administrators have imported in
    full (holidays and make-up workdays, rules.CalendarImport); in such a year the dates the
    overrides do not name follow the weekday rule.
    """

    __slots__ = ("_after", "_before", "_covered", "_overrides")

    def __init__(
        self, overrides: Mapping[date, bool] | None = None, covered_years: Iterable[int] = ()
    ) -> None:
        self._overrides = dict(overrides or {})
        self._covered = set(range(CC_FIRST_YEAR, CC_LAST_YEAR + 1))
        self._covered.update(covered_years)
        self._after: dict[tuple[date, int], date] = {}
        self._before: dict[tuple[date, int], date] = {}

    def fingerprint(self) -> str:
        """The overrides and covered years, for the key of a stored verdict (engine.stored)."""
        return repr((sorted(self._overrides.items()), sorted(self._covered)))

    def covers(self, year: int) -> bool:
        return year in self._covered

    def uncovered_years(self, years: list[int]) -> list[int]:
        return [y for y in years if y not in self._covered]

    def is_working_day(self, day: date) -> bool:
        if day.year not in self._covered:
            raise CalendarNotCovered(day.year)
        override = self._overrides.get(day)
        if override is not None:
            return override
        if day in _CC_WORKDAYS:
            return True
        return day.weekday() < 5 and day not in _CC_HOLIDAYS

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (start itself not counted); n=0 gives start."""
        if n < 0:
            return self.working_day_before(start, -n)
        key = (start, n)
        cached = self._after.get(key)
        if cached is not None:
            return cached
        day = start
        left = n
        while left:
            day += _ONE_DAY
            if self.is_working_day(day):
                left -= 1
        self._after[key] = day
        return day

    def working_day_before(self, end: date, n: int) -> date:
        """The latest date that is n working days before ``end``: the n-th working day counted
        back from ``end`` (end itself not counted). Used for "提交截止：到期前 20 个工作日"."""
        if n < 0:
            return self.add_working_days(end, -n)
        key = (end, n)
        cached = self._before.get(key)
        if cached is not None:
            return cached
        day = end
        left = n
        while left:
            day -= _ONE_DAY
            if self.is_working_day(day):
                left -= 1
        self._before[key] = day
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end; negative when end is before start.
        add_working_days(a, n) == b  implies  working_days_between(a, b) == n."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += _ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count
