"""The registry of deadline scans and the one way to run them.

A scan finds what is due from indexed date columns (``due(today)``, a queryset) and says who
is told about each row (``notices(rows, today)``). ``scan_run`` walks the due rows in
batches by primary key, each batch in its own transaction, creating the notices that do not
exist yet (``services.notices_create``): a scan can run twice, in two workers at once, or be
killed mid-way and start again, and each notice is still created once.

Scans live in the app that owns the columns they read, in its ``scans.py``, which calls
``register``; they are found as Django finds ``admin.py`` modules, so this app imports no app
above it. Today: ``reviews``/``units``/``permits`` (T1 overdue reviews), ``permits`` (T2 renewal
window and reminders, T3 lapse, T4 leaver not released, T5), ``units`` (T6, the quota).
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from .services import NoticeDraft, notices_create

SCANS_MODULE = "scans"

# A due row: a model instance, or a named row (``values_list(…, named=True)``, whose first
# field is ``pk``) where a batch needs no instance.
Row = models.Model | tuple


@dataclass(frozen=True)
class Scan:
    """``notices`` runs in the batch's transaction, with the notices' insert: a scan that acts
    on its rows (T3 lapses the permits) commits the act and its notices together."""

    name: str
    rule: str
    description: str
    due: Callable[[date], models.QuerySet]
    notices: Callable[[Sequence[Row], date], list[NoticeDraft]]


@dataclass(frozen=True)
class ScanResult:
    name: str
    found: int
    created: int
    batches: int


_REGISTRY: dict[str, Scan] = {}
_discovered = False


def register(scan: Scan) -> Scan:
    if scan.name in _REGISTRY and _REGISTRY[scan.name] is not scan:
        raise ValueError(f"two scans are named {scan.name}")
    _REGISTRY[scan.name] = scan
    return scan


def registry() -> dict[str, Scan]:
    """Every registered scan by name, after importing each app's ``scans`` module once."""
    global _discovered
    if not _discovered:
        for config in apps.get_app_configs():
            if config.name != __package__ and module_has_submodule(config.module, SCANS_MODULE):
                import_module(f"{config.name}.{SCANS_MODULE}")
        _discovered = True
    return dict(sorted(_REGISTRY.items()))


def scan_run(
    scan: Scan,
    *,
    today: date | None = None,
    batch_size: int | None = None,
    pause: float | None = None,
) -> ScanResult:
    """Run one scan: every due row once, in batches of ``batch_size`` rows by primary key;
    after a batch that created notices, sleep ``pause`` seconds (0 by default) so that a long
    scan leaves the database to the web between batches."""
    today = today or timezone.localdate()
    batch_size = batch_size or settings.NOTICES_SCAN_BATCH_SIZE
    pause = settings.NOTICES_SCAN_PAUSE if pause is None else pause
    # In primary-key order, but not by the primary key's index: ``pk + 0`` leaves the
    # planner the due rows' own date index (then a sort of the few due rows). Walking the
    # primary key instead looks cheap with a LIMIT, yet the last read of a scan (and every
    # read of a scan with nothing due) then walks the whole table.
    due = scan.due(today).order_by(models.F("pk") + 0)
    last_pk = 0
    found = created = batches = 0
    while rows := list(due.filter(pk__gt=last_pk)[:batch_size]):
        last_pk = rows[-1].pk
        batches += 1
        found += len(rows)
        # One transaction per batch: what a scan's ``notices`` does to the rows (the T3 scan
        # lapses them) commits with the notices about it, or neither does.
        with transaction.atomic():
            made = notices_create(drafts=scan.notices(rows, today))
        created += made
        if made and pause:
            time.sleep(pause)
        if len(rows) < batch_size:
            # The last batch: no read for an empty one (which, ordered by primary key, can
            # walk the rest of a large table). A row due meanwhile is found on the next run.
            break
    return ScanResult(scan.name, found, created, batches)
