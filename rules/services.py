"""Writes to the wage table (with their history), and the one evaluation path that the
command, the JSON API and the self-check page share, so that their verdicts are identical."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .constants import WageChangeAction
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
from .models import WageTable, WageTableChange
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
