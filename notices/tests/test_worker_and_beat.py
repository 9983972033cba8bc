"""The deadline scans under a real worker and two beats (subprocesses), on the filesystem
broker and, when CELERY_BROKER_URL names one, on Redis: every due item is found, and with the
worker SIGKILLed mid-scan five times and restarted, notices sent = notices due, 0 duplicates
(in the database and in the e-mails written)."""

import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from attachments.reference import load as load_material_kinds
from notices.constants import DeliveryStatus
from notices.constants import NoticeKind as K
from notices.models import Delivery, Notice
from permits.constants import AssociationState
from rules.engine.dates import add_months
from units.constants import UnitCaseState

from . import builders

ROOT = Path(__file__).resolve().parents[2]
KILLS = 5
STEPS = ("20wd", "10wd", "5wd", "1wd")
BROKERS = ["filesystem://"]
if os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"):
    BROKERS.append(os.environ["CELERY_BROKER_URL"])


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def subject(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


Due = set[tuple[int, str, str, str]]  # (recipient, kind, object, step)


def seed() -> Due:
    """Due and not-due rows for every scan; returns the notices due."""
    load_material_kinds()
    today = timezone.localdate()
    reviewers = [builders.reviewer(), builders.reviewer()]
    due: Due = set()
    for _ in range(15):  # T1: two reviewers each
        case = builders.unit_case(builders.unit_with_staff(), due_on=today - timedelta(days=1))
        due |= {(r.pk, K.REVIEW_OVERDUE, subject(case), "") for r in reviewers}
    builders.unit_case(builders.unit_with_staff(), due_on=today)
    for _ in range(15):  # T5: the unit's staff and the holder
        unit = builders.unit_with_staff()
        link = builders.association(unit)
        contract = builders.contract(link, end_date=today + timedelta(days=10))
        for pk in (unit.staff_users[0].pk, link.applicant.user_id):
            due.add((pk, K.CONTRACT_ENDING, subject(contract), "1m"))
    builders.contract(
        builders.association(builders.unit_with_staff()), end_date=add_months(today, 2)
    )
    builders.contract(
        builders.association(builders.unit_with_staff(), state=AssociationState.DISSOCIATED),
        end_date=today,
    )
    for _ in range(5):  # U9: the unit's staff and both reviewers
        unit = builders.unit_with_staff()
        quota = builders.quota(unit, expires_on=today + timedelta(days=20))
        for pk in [unit.staff_users[0].pk, *(r.pk for r in reviewers)]:
            due.add((pk, K.QUOTA_EXPIRING, subject(quota), "30d"))
    builders.quota(builders.unit_with_staff(), expires_on=today + timedelta(days=90))
    for _ in range(5):  # T6: the unit's staff
        unit = builders.unit_with_staff()
        builders.unit_case(unit, kind="PR2", state=UnitCaseState.DRAFT, due_on=None)
        certificate = builders.tax_certificate(unit, document_date=today - timedelta(days=150))
        due.add((unit.staff_users[0].pk, K.TAX_CERTIFICATE_STALE, subject(certificate), ""))
    fresh = builders.unit_with_staff()
    builders.unit_case(fresh, kind="PR2", state=UnitCaseState.DRAFT, due_on=None)
    builders.tax_certificate(fresh, document_date=today - timedelta(days=10))
    for _ in range(5):  # T2: the window opened, its last day 60 days on: no reminder yet
        unit = builders.unit_with_staff()
        permit = builders.permit(
            unit,
            expires_on=today + timedelta(days=90),
            opens_on=today - timedelta(days=1),
            last_day=today + timedelta(days=60),
        )
        for pk in (unit.staff_users[0].pk, permit.holder.user_id):
            due.add((pk, K.RENEWAL_WINDOW_OPEN, subject(permit), "open"))
    for _ in range(3):  # T2: today is the last day: the window and every reminder step
        unit = builders.unit_with_staff()
        permit = builders.permit(
            unit,
            expires_on=today + timedelta(days=30),
            opens_on=today - timedelta(days=30),
            last_day=today,
        )
        for pk in (unit.staff_users[0].pk, permit.holder.user_id):
            due.add((pk, K.RENEWAL_WINDOW_OPEN, subject(permit), "open"))
            due |= {(pk, K.RENEWAL_REMINDER, subject(permit), s) for s in STEPS}
    builders.permit(  # T2: the window opens tomorrow
        builders.unit_with_staff(),
        expires_on=today + timedelta(days=90),
        opens_on=today + timedelta(days=1),
        last_day=today + timedelta(days=60),
    )
    for _ in range(5):  # T3: lapsed by the scan, holder and unit told
        unit = builders.unit_with_staff()
        permit = builders.permit(unit, expires_on=today - timedelta(days=1))
        for pk in (unit.staff_users[0].pk, permit.holder.user_id):
            due.add((pk, K.PERMIT_LAPSED, subject(permit), ""))
    builders.permit(builders.unit_with_staff(), expires_on=today)  # its last valid day
    for _ in range(5):  # T4: the former unit's staff (and T5 for the ended contract)
        unit = builders.unit_with_staff()
        link = builders.association(unit)
        contract = builders.contract(link, end_date=today - timedelta(days=6))
        due.add((unit.staff_users[0].pk, K.LEAVER_NOT_RELEASED, subject(link), ""))
        for pk in (unit.staff_users[0].pk, link.applicant.user_id):
            due.add((pk, K.CONTRACT_ENDING, subject(contract), "1m"))
    unit = builders.unit_with_staff()  # T4: the fifth day after the departure is not late
    link = builders.association(unit)
    contract = builders.contract(link, end_date=today - timedelta(days=5))
    for pk in (unit.staff_users[0].pk, link.applicant.user_id):
        due.add((pk, K.CONTRACT_ENDING, subject(contract), "1m"))
    return due


class Services:
    def __init__(self, tmp_path: Path, broker: str) -> None:
        self.tmp_path = tmp_path
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "VAR_DIR": str(tmp_path),  # an own broker folder: no other worker takes our tasks
            "CELERY_BROKER_URL": broker,
            "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
            "NOTICES_SCAN_INTERVAL": "3",
            "NOTICES_SCAN_BATCH_SIZE": "2",
            # Long enough between batches to land each SIGKILL inside a scan.
            "NOTICES_SCAN_PAUSE": "0.3",
            "NOTICES_DELIVERY_LEASE": "2",
        }
        self.worker: subprocess.Popen | None = None
        self.beats: list[subprocess.Popen] = []
        self.starts = 0

    def _start(self, args: list[str], log: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", *args],
            cwd=ROOT,
            env=self.env,
            stdout=open(self.tmp_path / log, "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches the pool too
        )

    def start_worker(self) -> None:
        self.starts += 1
        self.worker = self._start(
            ["worker", "--concurrency", "1", "--without-mingle", "--without-gossip",
             "--loglevel", "INFO", "-n", f"scans{self.starts}@%h"],
            "worker.log",
        )  # fmt: skip

    def kill_worker(self) -> None:
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=15)

    def start_beats(self, n: int = 2) -> None:
        # Two beats at once, each sending every scan: the notices' key keeps them single.
        self.beats = [
            self._start(
                ["beat", "--pidfile=", "--loglevel", "INFO",
                 "--schedule", str(self.tmp_path / f"beat{i}")],
                f"beat{i}.log",
            )
            for i in range(n)
        ]  # fmt: skip

    def stop(self) -> None:
        for proc in [*self.beats, self.worker]:
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in [*self.beats, self.worker]:
            if proc is None:
                continue
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace")[-2000:] for p in self.tmp_path.glob("*.log"))


def _wait_for(condition, seconds: float, services: Services, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} within {seconds} s:\n{services.logs()[-6000:]}")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("broker", BROKERS, ids=lambda b: b.split(":")[0])
def test_scans_tell_every_due_item_exactly_once_through_worker_kills(tmp_path, broker):
    due = seed()
    expected = len(due)
    services = Services(tmp_path, broker)
    kills = 0
    try:
        services.start_beats()
        services.start_worker()
        last = Notice.objects.count()
        deadline = time.monotonic() + 120
        while kills < KILLS and time.monotonic() < deadline:
            now = Notice.objects.count()
            if last < now < expected:
                # Notices appeared since the last look and some are still missing: the worker
                # is inside a scan, between two batches' commits or writing one.
                services.kill_worker()
                kills += 1
                services.start_worker()
                now = Notice.objects.count()
            elif now >= expected:
                break
            last = now
            time.sleep(0.02)
        assert kills == KILLS, (
            f"only {kills} kills landed mid-scan ({Notice.objects.count()} of {expected} "
            f"notices):\n{services.logs()[-6000:]}"
        )

        def all_sent() -> bool:
            return (
                Notice.objects.count() >= expected
                and Delivery.objects.count() >= expected
                and not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists()
            )

        _wait_for(all_sent, 120, services, "notices created and e-mailed")
        time.sleep(4)  # one more round of every scan and delivery: it must add nothing
    finally:
        services.stop()

    found = set(Notice.objects.values_list("recipient_id", "kind", "subject", "step"))
    assert found == due
    assert Notice.objects.count() == expected
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == expected
    mails = "".join(p.read_text() for p in (tmp_path / "mail").glob("*.log"))
    mailed = re.findall(r"^X-Notice-Id: (\d+)$", mails, flags=re.MULTILINE)
    assert len(mailed) == expected, f"{len(mailed)} e-mails for {expected} notices"
    assert len(set(mailed)) == expected, "an e-mail was sent twice"
