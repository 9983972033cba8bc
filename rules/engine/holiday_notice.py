"""The text format in which administrators enter a year's State Council holiday notice
(国务院办公厅关于部分节假日安排的通知): one date or range per line, what it is, and a note.

    # 2027 — lines starting with # are comments; blank lines are ignored
    2027-01-01 holiday 元旦
    2027-02-06..2027-02-13 holiday 春节
    2027-02-14 workday 春节调休

The kind is ``holiday`` (also ``off``, ``休``, ``假``) or ``workday`` (also ``work``, ``班``,
``上班``); fields are separated by spaces, tabs or commas, so a spreadsheet's CSV export works.
A range ``A..B`` (or ``A~B``, ``A—B``) includes both ends. Every date must lie in the year
being imported, and a date may appear only once. Parsing is all-or-nothing: any bad line is
reported with its number and nothing is imported (docs/eligibility.md, "Working days").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

HOLIDAY_WORDS = frozenset({"holiday", "off", "休", "假", "放假", "休息"})
WORKDAY_WORDS = frozenset({"workday", "work", "班", "上班", "调休上班"})
MAX_RANGE_DAYS = 31
MAX_NOTE_LENGTH = 200

_DAY = r"\d{4}-\d{1,2}-\d{1,2}"
_DASH = r"\s*(?:\.\.|~|～|—|–)\s*"
_SEPARATORS = re.compile(r"[\s,，]+")
_RANGE = re.compile(rf"^({_DAY}){_DASH}({_DAY})$")
_LINE = re.compile(rf"^({_DAY}(?:{_DASH}{_DAY})?)[\s,，]+(.*)$")


@dataclass(frozen=True, slots=True)
class NoticeDay:
    """One date of a notice: a day off (``is_working_day`` False) or a make-up workday."""

    day: date
    is_working_day: bool
    note: str
    line: int


@dataclass(frozen=True, slots=True)
class NoticeError:
    line: int
    message_zh: str
    message_en: str


class NoticeInvalid(Exception):
    def __init__(self, errors: list[NoticeError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"line {e.line}: {e.message_en}" for e in errors))


def _date(text: str) -> date | None:
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError:
        return None


def _split(line: str) -> tuple[str, str, str]:
    """(dates, kind, note) of a non-empty line; a range may have spaces around its ``..``."""
    match = _LINE.match(line)
    if not match:
        return line, "", ""
    parts = _SEPARATORS.split(match.group(2).strip(), maxsplit=1)
    return match.group(1), parts[0], parts[1] if len(parts) > 1 else ""


def parse_notice(text: str, *, year: int) -> list[NoticeDay]:
    """Every date the text names for ``year``, sorted; NoticeInvalid lists every bad line."""
    days: dict[date, NoticeDay] = {}
    errors: list[NoticeError] = []

    def fail(number: int, zh: str, en: str) -> None:
        errors.append(NoticeError(number, zh, en))

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        dates, kind, note = _split(line)
        note = note.strip().strip(",，").strip()
        range_match = _RANGE.match(dates)
        first = _date(range_match.group(1) if range_match else dates)
        last = _date(range_match.group(2)) if range_match else first
        if first is None or last is None:
            fail(
                number,
                "日期无法识别（格式：2027-01-01 或 2027-02-06..2027-02-13）",
                "the date is not recognised (format: 2027-01-01 or 2027-02-06..2027-02-13)",
            )
            continue
        if last < first:
            fail(number, "区间的结束日期早于开始日期", "the range ends before it starts")
            continue
        if (last - first).days >= MAX_RANGE_DAYS:
            fail(
                number,
                f"区间超过 {MAX_RANGE_DAYS} 天",
                f"a range covers at most {MAX_RANGE_DAYS} days",
            )
            continue
        if first.year != year or last.year != year:
            fail(number, f"日期不在 {year} 年内", f"the date is not in {year}")
            continue
        word = kind.strip().lower()
        if word in HOLIDAY_WORDS:
            working = False
        elif word in WORKDAY_WORDS:
            working = True
        else:
            fail(
                number,
                "类型应为 holiday（休）或 workday（班）",
                "the kind must be holiday (休) or workday (班)",
            )
            continue
        if len(note) > MAX_NOTE_LENGTH:
            fail(
                number,
                f"备注超过 {MAX_NOTE_LENGTH} 字",
                f"the note is over {MAX_NOTE_LENGTH} characters",
            )
            continue
        day = first
        while day <= last:
            earlier = days.get(day)
            if earlier is not None:
                fail(
                    number,
                    f"{day} 已在第 {earlier.line} 行出现",
                    f"{day} already appears on line {earlier.line}",
                )
            else:
                days[day] = NoticeDay(day, working, note, number)
            day += timedelta(days=1)
    if errors:
        raise NoticeInvalid(errors)
    if not days:
        raise NoticeInvalid([NoticeError(0, "没有任何日期", "no dates were given")])
    return sorted(days.values(), key=lambda d: d.day)


def format_notice(days: dict[date, tuple[bool, str]]) -> str:
    """The text of a year's overrides in the same format, ranges joined: what the import page
    shows to start from, and what `parse_notice` reads back unchanged."""
    lines: list[str] = []
    run: list[tuple[date, bool, str]] = []

    def flush() -> None:
        if not run:
            return
        first, working, note = run[0]
        last = run[-1][0]
        span = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
        lines.append(f"{span} {'workday' if working else 'holiday'} {note}".rstrip())
        run.clear()

    for day in sorted(days):
        working, note = days[day]
        if run and (day - run[-1][0]).days == 1 and (working, note) == run[-1][1:]:
            run.append((day, working, note))
            continue
        flush()
        run.append((day, working, note))
    flush()
    return "\n".join(lines)
