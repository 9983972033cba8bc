"""runportal restarts a child that dies, with back-off; /healthz names what is degraded
meanwhile; Ctrl-C stops everything (issue 10: SIGKILL on the worker took the portal down)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from portal.health import supervisor_status_file
from portal.management.commands.runportal import backoff
from portal.models import Heartbeat

from .test_worker_and_beat import _database_url

ROOT = Path(__file__).resolve().parents[2]


def test_backoff_doubles_up_to_a_minute():
    assert [backoff(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert backoff(2, first=3) == 6


def test_healthz_names_a_child_being_restarted(client, settings, tmp_path, db):
    settings.VAR_DIR = tmp_path
    status = supervisor_status_file()
    status.parent.mkdir(parents=True)
    children = {
        "web": {"state": "running", "pid": 1, "restarts": 0},
        "worker": {"state": "restarting", "pid": 2, "restarts": 3},
    }
    status.write_text(json.dumps({"pid": os.getpid(), "children": children}))
    body = client.get("/healthz").json()
    assert "processes" in body["failing"]
    assert body["checks"]["processes"]["detail"] == "worker: restarting (restarts 3)"


def test_a_status_file_left_by_a_dead_supervisor_is_ignored(client, settings, tmp_path, db):
    settings.VAR_DIR = tmp_path
    status = supervisor_status_file()
    status.parent.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    status.write_text(json.dumps({"pid": dead.pid, "children": {"web": {"state": "x"}}}))
    assert "processes" not in client.get("/healthz").json()["checks"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthz(port: int) -> dict:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return json.loads(exc.read())


def _wait(condition, seconds: float, what: str, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"{what} within {seconds} s\n{log.read_text()[-4000:]}")


def _status(var: Path) -> dict | None:
    try:
        return json.loads((var / "run" / "supervisor.json").read_text())
    except (OSError, ValueError):
        return None


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_comes_back_and_the_heartbeat_resumes(tmp_path):
    var, port = tmp_path / "var", _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "HEARTBEAT_INTERVAL": "1",
        "VAR_DIR": str(var),
    }
    log = tmp_path / "runportal.log"
    portal = subprocess.Popen(
        [sys.executable, "manage.py", "runportal", "--port", str(port), "--web-workers", "1",
         "--restart-delay", "3"],
        cwd=ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait(lambda: Heartbeat.objects.exists(), 90, "no heartbeat", log)
        first = _status(var)["children"]
        os.kill(first["worker"]["pid"], signal.SIGKILL)
        killed_at = time.time()

        degraded = _wait(
            lambda: "processes" in (h := _healthz(port))["failing"] and h, 15, "no degraded", log
        )
        assert "worker: restarting" in degraded["checks"]["processes"]["detail"]

        def worker_back():
            status = _status(var)
            worker = status and status["children"]["worker"]
            return (
                worker and worker["state"] == "running" and worker["pid"] != first["worker"]["pid"]
            )

        _wait(worker_back, 30, "the worker did not come back", log)
        _wait(
            lambda: Heartbeat.objects.filter(ran_at__gt=_aware(killed_at + 3)).exists(),
            60,
            "the heartbeat did not resume",
            log,
        )
        assert "worker exited with code -9; restart 1 in 3 s" in log.read_text()
        assert _healthz(port)["checks"]["processes"]["ok"] is True
        assert portal.poll() is None, "the other children and the supervisor kept running"
    finally:
        portal.send_signal(signal.SIGINT)
        try:
            portal.wait(timeout=30)
        except subprocess.TimeoutExpired:
            portal.kill()
    assert not (var / "run" / "supervisor.json").exists()
    for child in _children_of(first):
        with pytest.raises(ProcessLookupError):
            os.kill(child, 0)


def _children_of(status: dict) -> list[int]:
    return [child["pid"] for name, child in status.items() if name != "worker"]


def _aware(timestamp: float):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(timestamp, tz=UTC)
