"""A real Celery worker and beat, as subprocesses, advance the heartbeat."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from portal.models import Heartbeat

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_heartbeat_advances_under_a_real_worker_and_beat(tmp_path, settings):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "HEARTBEAT_INTERVAL": "1",
        # An own broker folder (or the configured Redis) so that no other portal's
        # worker on this machine takes these tasks.
        "VAR_DIR": str(tmp_path),
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
        seen: list = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(seen) < 2:
            latest = Heartbeat.objects.order_by("-ran_at").first()
            if latest and (not seen or latest.ran_at > seen[-1]):
                seen.append(latest.ran_at)
            time.sleep(0.5)
        logs = (tmp_path / "worker.log").read_text() + (tmp_path / "beat.log").read_text()
        assert len(seen) >= 2, f"the heartbeat did not advance twice within 60 s:\n{logs[-3000:]}"
        assert seen[1] > seen[0]
    finally:
        for proc in (beat, worker):
            proc.terminate()
        for proc in (beat, worker):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
