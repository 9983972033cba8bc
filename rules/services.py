"""Writes to the wage table and the working-day calendar (each with its history), and the one
evaluation path that the command, the JSON API and the self-check page share, so that their
verdicts are identical."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .constants import CalendarChangeAction, CalendarChangeVia, WageChangeAction
from .engine import (
    KINDS,
    CalendarNotCovered,
    FieldError,
    InputError,
    Verdict,
    WageYearMissing,
    evaluate,
    parse,
)
from .engine.deadlines import DEFAULT_VALIDITY_YEARS
from .engine.holiday_notice import parse_notice
from .models import (
    CalendarImport,
    CalendarYear,
    WageTable,
    WageTableChange,
    WorkingDayChange,
    WorkingDayOverride,
)
from .signals import calendar_changed
from .tables import load_calendar, load_wage_table

# Rule T7 (reading): permits are valid for 3 years unless the settings say otherwise.
PERMIT_VALIDITY_YEARS_SETTING = "PERMIT_VALIDITY_YEARS"


@transaction.atomic
def wage_table_save(*, row: WageTable, user: Any = None, note: str = "") -> WageTableChange | None:
    """Save a row and record what changed (rule W1). Returns the history row, or None when
    nothing changed."""
    old = None
    if row.pk is not None:
        # Lock the stored row so that two administrators editing at once each record the
        # value they actually replaced.
        old = WageTable.objects.select_for_update().filter(pk=row.pk).first()
    row.full_clean()
    if old is not None and (old.wage_year, old.monthly_average, old.provisional, old.note) == (
        row.wage_year,
        row.monthly_average,
        row.provisional,
        row.note,
    ):
        return None
    row.save()
    return WageTableChange.objects.create(
        row=row,
        action=WageChangeAction.CHANGED if old else WageChangeAction.CREATED,
        changed_at=timezone.now(),
        changed_by=user if getattr(user, "pk", None) else None,
        old_wage_year=old.wage_year if old else None,
        new_wage_year=row.wage_year,
        old_monthly_average=old.monthly_average if old else None,
        new_monthly_average=row.monthly_average,
        old_provisional=old.provisional if old else None,
        new_provisional=row.provisional,
        note=note or row.note,
    )


DayValue = tuple[bool, str]  # (is_working_day, note) of one override


@dataclass(frozen=True, slots=True)
class DayDiff:
    """One date of an import's preview: the override before and after (None: no override)."""

    day: date
    old: DayValue | None
    new: DayValue | None

    @property
    def action(self) -> CalendarChangeAction | None:
        if self.old == self.new:
            return None
        if self.old is None:
            return CalendarChangeAction.ADDED
        if self.new is None:
            return CalendarChangeAction.REMOVED
        return CalendarChangeAction.CHANGED


@dataclass(frozen=True, slots=True)
class CalendarPreview:
    """What importing a notice for ``year`` would do: every date it names or that has an
    override today, and whether the year is covered before the import."""

    year: int
    days: list[DayDiff]
    was_covered: bool

    def count(self, action: CalendarChangeAction) -> int:
        return sum(1 for d in self.days if d.action == action)

    @property
    def added(self) -> int:
        return self.count(CalendarChangeAction.ADDED)

    @property
    def changed(self) -> int:
        return self.count(CalendarChangeAction.CHANGED)

    @property
    def removed(self) -> int:
        return self.count(CalendarChangeAction.REMOVED)

    @property
    def in_notice(self) -> int:
        return sum(1 for d in self.days if d.new is not None)


def _year_overrides(year: int) -> dict[date, DayValue]:
    rows = WorkingDayOverride.objects.filter(date__year=year)
    return {
        day: (working, note)
        for day, working, note in rows.values_list("date", "is_working_day", "note")
    }


def calendar_import_preview(*, year: int, text: str) -> CalendarPreview:
    """The differences an import of ``text`` for ``year`` would make; raises NoticeInvalid
    (with every bad line) when the text does not parse. Nothing is saved."""
    notice = {d.day: (d.is_working_day, d.note) for d in parse_notice(text, year=year)}
    current = _year_overrides(year)
    days = [DayDiff(day, current.get(day), notice.get(day)) for day in sorted({*current, *notice})]
    return CalendarPreview(year, days, CalendarYear.objects.filter(year=year).exists())


@transaction.atomic
def calendar_import(*, year: int, text: str, source: str, user: Any = None) -> CalendarImport:
    """Make the overrides of ``year`` exactly the dates of the notice ``text`` (dates not in
    it lose their override), mark the year covered, and record who imported what and every
    date that changed. Raises NoticeInvalid. Importing the same text again changes nothing
    but is recorded as an import."""
    CalendarYear.objects.get_or_create(year=year)
    # Lock the year: two administrators importing one year at once are served one after the
    # other, and the second one's differences are taken against what the first one saved.
    CalendarYear.objects.select_for_update().get(year=year)
    preview = calendar_import_preview(year=year, text=text)
    now = timezone.now()
    user = user if getattr(user, "pk", None) else None
    record = CalendarImport.objects.create(
        year_id=year,
        source=source,
        text=text,
        imported_at=now,
        imported_by=user,
        days=preview.in_notice,
        added=preview.added,
        changed=preview.changed,
        removed=preview.removed,
    )
    changes = [d for d in preview.days if d.action is not None]
    for diff in changes:
        if diff.new is None:
            WorkingDayOverride.objects.filter(date=diff.day).delete()
        else:
            WorkingDayOverride.objects.update_or_create(
                date=diff.day, defaults={"is_working_day": diff.new[0], "note": diff.new[1]}
            )
    WorkingDayChange.objects.bulk_create(
        WorkingDayChange(
            date=diff.day,
            action=diff.action,
            via=CalendarChangeVia.IMPORT,
            calendar_import=record,
            changed_at=now,
            changed_by=user,
            old_is_working_day=diff.old[0] if diff.old else None,
            new_is_working_day=diff.new[0] if diff.new else None,
            old_note=diff.old[1] if diff.old else "",
            new_note=diff.new[1] if diff.new else "",
        )
        for diff in changes
    )
    if changes or not preview.was_covered:
        calendar_changed.send(sender=CalendarImport, years=[year])
    return record


@transaction.atomic
def working_day_override_save(
    *, override: WorkingDayOverride, user: Any = None
) -> WorkingDayChange | None:
    """Save one override (an administrator's edit of one date) and record the change; None
    when nothing changed. Its date cannot change: remove the override and add another."""
    old = None
    if override.pk is not None:
        # Lock the stored row so that two administrators editing it at once each record the
        # value they actually replaced.
        old = WorkingDayOverride.objects.select_for_update().filter(pk=override.pk).first()
    override.full_clean()
    if old is not None and old.date != override.date:
        raise ValueError("an override's date cannot change")
    before = (old.is_working_day, old.note) if old else None
    after = (override.is_working_day, override.note)
    if before == after:
        return None
    override.save()
    change = WorkingDayChange.objects.create(
        date=override.date,
        action=CalendarChangeAction.CHANGED if old else CalendarChangeAction.ADDED,
        via=CalendarChangeVia.EDIT,
        changed_by=user if getattr(user, "pk", None) else None,
        old_is_working_day=before[0] if before else None,
        new_is_working_day=after[0],
        old_note=before[1] if before else "",
        new_note=after[1],
    )
    calendar_changed.send(sender=WorkingDayOverride, years=[override.date.year])
    return change


@transaction.atomic
def working_day_override_delete(*, override: WorkingDayOverride, user: Any = None) -> None:
    """Remove one override and record it; the date follows chinesecalendar (or, in an
    imported year, the weekday rule) again."""
    old = WorkingDayOverride.objects.select_for_update().filter(pk=override.pk).first()
    if old is None:  # removed meanwhile by someone else
        return
    old.delete()
    WorkingDayChange.objects.create(
        date=old.date,
        action=CalendarChangeAction.REMOVED,
        via=CalendarChangeVia.EDIT,
        changed_by=user if getattr(user, "pk", None) else None,
        old_is_working_day=old.is_working_day,
        new_is_working_day=None,
        old_note=old.note,
    )
    calendar_changed.send(sender=WorkingDayOverride, years=[old.date.year])


@dataclass(slots=True)
class Evaluation:
    kind: str
    verdict: Verdict | None
    errors: list[FieldError]

    @property
    def exit_code(self) -> int:
        """0 eligible (or needs review only), 1 not eligible, 2 bad input."""
        if self.verdict is None:
            return 2
        return 0 if self.verdict.eligible else 1

    def to_dict(self) -> dict[str, Any]:
        if self.verdict is None:
            return InputError(self.errors).to_dict()
        return self.verdict.to_dict()


def _date_field(kind: str) -> str:
    return {"person": "submission_date", "unit": "application_date"}.get(kind, "submission_date")


def evaluate_payload(kind: str, payload: Any, *, today: date | None = None) -> Evaluation:
    """Parse, evaluate, and never raise for bad input: the CLI, the API and the self-check
    page all come through here."""
    today = today or timezone.localdate()
    if kind not in KINDS:
        error = FieldError(
            "kind",
            "choice",
            f"未知的类型（可选：{'、'.join(KINDS)}）",
            f"unknown kind; one of: {', '.join(KINDS)}",
        )
        return Evaluation(kind, None, [error])
    try:
        facts = parse(kind, payload, today=today)
        verdict = evaluate(
            kind,
            facts,
            wages=load_wage_table(),
            calendar=load_calendar(),
            validity_years=getattr(settings, PERMIT_VALIDITY_YEARS_SETTING, DEFAULT_VALIDITY_YEARS),
        )
    except InputError as exc:
        return Evaluation(kind, None, exc.errors)
    except WageYearMissing as exc:
        error = FieldError(_date_field(kind), "wage_year_missing", exc.message_zh, exc.message_en)
        return Evaluation(kind, None, [error])
    except CalendarNotCovered as exc:
        path = "permit_expires_on" if kind == "renewal" else _date_field(kind)
        error = FieldError(path, "calendar_not_covered", exc.message_zh, exc.message_en)
        return Evaluation(kind, None, [error])
    return Evaluation(kind, verdict, [])


def verdict_json(evaluation: Evaluation) -> str:
    """The one serialisation of a verdict (or of the input errors), for the CLI and the API."""
    return json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2)
