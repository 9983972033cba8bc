"""Rule T3 under a real Celery worker and beat (subprocesses): the beat schedule runs the
lapse scan again and again; an expired permit lapses once, with one audit row."""

import os
import subprocess
import sys
import time
from datetime import date

import pytest

from permits.constants import PermitStatus
from permits.models import Permit
from portal.tests.test_worker_and_beat import ROOT, _database_url
from reviews.models import AuditEvent

from .life_helpers import expire_on, issued_permit


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_t3_beat_and_worker_lapse_an_expired_permit_once(tmp_path, with_zone, reviewer):
    permit = expire_on(issued_permit(with_zone, reviewer), date(2026, 1, 31))
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "LAPSE_SCAN_INTERVAL": "1",
        "HEARTBEAT_INTERVAL": "30",
        "VAR_DIR": str(tmp_path),  # an own broker folder: no other worker takes these tasks
    }
    python = sys.executable
    worker = subprocess.Popen(
        [python, "-m", "celery", "-A", "portal", "worker", "--concurrency", "1",
         "--without-mingle", "--without-gossip", "--loglevel", "INFO"],
        cwd=ROOT, env=env, stdout=open(tmp_path / "worker.log", "wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    beat = subprocess.Popen(
        [python, "-m", "celery", "-A", "portal", "beat", "--pidfile=", "--loglevel", "INFO"],
        cwd=ROOT, env=env, stdout=open(tmp_path / "beat.log", "wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if Permit.objects.get(pk=permit.pk).status == PermitStatus.LAPSED:
                break
            time.sleep(0.5)
        # Let the scan run several more times over the same permit.
        runs_before = (tmp_path / "worker.log").read_text().count("lapse_expired_permits")
        time.sleep(4)
        log = (tmp_path / "worker.log").read_text()
        logs = log + (tmp_path / "beat.log").read_text()
        assert Permit.objects.get(pk=permit.pk).status == PermitStatus.LAPSED, logs[-3000:]
        assert log.count("lapse_expired_permits") > runs_before, logs[-3000:]
        lapses = AuditEvent.objects.for_case(permit).filter(transition="lapse")
        assert lapses.count() == 1
    finally:
        for proc in (beat, worker):
            proc.terminate()
        for proc in (beat, worker):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
