"""Promised dates after a calendar change (rule T1). When the working-day calendar changes (an
imported holiday notice, an edited override: ``rules.signals.calendar_changed``), the
promised date ``due_on`` of every case the zone holds is computed again, with the same
function as at receipt and the new calendar; a date that moves (also from empty, once a
missing year is imported) gets one audit row. Running it twice changes nothing the second
time.

Only cases with the zone are recomputed (each concrete case's ``awaiting_zone()``): a returned
case's promised date is set again when the zone receives it again.

Renewal (PR4, T2): the permit's last renewal submission day (``Permit.renewal_last_day``)
is recomputed the same way by permits, from its own receiver of ``calendar_changed``
(reviews may not import permits): ``permits.life.permit_renewal_dates_recompute``, with an
audit row when it moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from rules.engine.workdays import WorkingDayCalendar
from rules.tables import load_calendar

from .clock import promised_due_on
from .models import AuditEvent, Case

BATCH_SIZE = 500
TRANSITION = "recompute_due_on"


@dataclass(frozen=True, slots=True)
class RecomputeResult:
    examined: int
    moved: int


def case_models() -> list[type[Case]]:
    """Every concrete case model of the installed apps."""
    return [model for model in apps.get_models() if issubclass(model, Case)]


class _DueDates:
    """T1's due date per (process, day of receipt), computed once per run."""

    def __init__(self, calendar: WorkingDayCalendar) -> None:
        self.calendar = calendar
        self._known: dict[tuple[str, date], date | None] = {}

    def __call__(self, process: str, received_on: date) -> date | None:
        key = (process, received_on)
        if key not in self._known:
            self._known[key] = promised_due_on(
                process=process, received_on=received_on, calendar=self.calendar
            )
        return self._known[key]


def _comment(old: date | None, new: date | None) -> str:
    before_zh, after_zh = (d.isoformat() if d else "未定" for d in (old, new))
    before_en, after_en = (d.isoformat() if d else "none" for d in (old, new))
    return (
        f"工作日历变更，承诺办结日期由 {before_zh} 改为 {after_zh}（T1）。"
        f" The working-day calendar changed: promised date {before_en} → {after_en} (T1)."
    )


@transaction.atomic
def _recompute_batch(model: type[Case], pks: list[int], due_dates: _DueDates) -> int:
    moved = 0
    case_type = ContentType.objects.get_for_model(model)
    # Row locks: a case decided or returned while we compute keeps the state it was given,
    # and one received again (a new received_at and due_on) is not overwritten with ours.
    locked = (
        model.objects.awaiting_zone()
        .select_for_update()
        .filter(pk__in=pks, received_at__isnull=False)
    )
    for case in locked.order_by("pk"):
        new = due_dates(case.process, case.received_on())
        if new == case.due_on:
            continue
        old = case.due_on
        case.due_on = new
        case.save(update_fields=["due_on"])
        AuditEvent.objects.create(
            case_type=case_type,
            case_id=case.pk,
            process=case.process,
            actor=None,
            transition=TRANSITION,
            from_state=case.state,
            to_state=case.state,
            comment=_comment(old, new),
            data={
                "due_on": {
                    "old": old.isoformat() if old else None,
                    "new": new.isoformat() if new else None,
                },
                "reason": "calendar_changed",
            },
        )
        moved += 1
    return moved


def case_due_dates_recompute() -> RecomputeResult:
    """Recompute the promised date of every case the zone holds, in batches of locked rows;
    returns how many were examined and how many moved."""
    due_dates = _DueDates(load_calendar())
    examined = moved = 0
    for model in case_models():
        pks = list(
            model.objects.awaiting_zone()
            .filter(received_at__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        examined += len(pks)
        for start in range(0, len(pks), BATCH_SIZE):
            moved += _recompute_batch(model, pks[start : start + BATCH_SIZE], due_dates)
    return RecomputeResult(examined, moved)
