"""The checks behind /healthz: each returns (ok, detail) and never raises."""

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from rules.tables import uncovered_years

from .celery import app as celery_app
from .models import Heartbeat
from .services import heartbeat_is_fresh


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, type(exc).__name__
    return True, connection.vendor


def check_broker() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            # One attempt, no back-off: a health probe must answer quickly.
            conn.ensure_connection(
                max_retries=1,
                interval_start=0,
                interval_step=0,
                timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT,
            )
            transport = conn.transport_cls
    except Exception as exc:
        return False, type(exc).__name__
    return True, str(transport)


def check_storage() -> tuple[bool, str]:
    try:
        name = default_storage.save("healthz/probe.txt", ContentFile(b"ok"))
        default_storage.delete(name)
    except Exception as exc:
        return False, type(exc).__name__
    return True, type(default_storage).__name__


def check_heartbeat() -> tuple[bool, str]:
    try:
        last = Heartbeat.objects.order_by("-ran_at").first()
    except Exception as exc:
        return False, type(exc).__name__
    if last is None:
        return False, "never"
    return heartbeat_is_fresh(last), last.ran_at.isoformat()


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
    "heartbeat": check_heartbeat,
}


def supervisor_status_file() -> Path:
    """Where ``runportal`` says how its children are (only while it runs)."""
    return Path(settings.VAR_DIR) / "run" / "supervisor.json"


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False  # 0 and -1 would address a process group, not one process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def check_processes() -> tuple[bool, str] | None:
    """Under ``runportal``: whether web, worker and beat all run, and if not, which one is
    being restarted. None when no live supervisor wrote the file (production's containers
    are watched by their orchestrator)."""
    try:
        status = json.loads(supervisor_status_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(status, dict) or not _alive(int(status.get("pid") or 0)):
        return None
    children = status.get("children", {})
    degraded = [
        f"{name}: {child.get('state')} (restarts {child.get('restarts', 0)})"
        for name, child in sorted(children.items())
        if child.get("state") != "running"
    ]
    if degraded:
        return False, "; ".join(degraded)
    return True, ", ".join(f"{name} running" for name in sorted(children))


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        ok, detail = check()
        results[name] = {"ok": ok, "detail": detail}
    processes = check_processes()
    if processes is not None:
        results["processes"] = {"ok": processes[0], "detail": processes[1]}
    return results


def calendar_warnings() -> dict[str, dict]:
    """Warnings that do not make the site unhealthy (/healthz stays 200): the working-day
    calendar misses this year, or from 1 November next year (rules.tables.uncovered_years);
    promised dates in such a year stay empty until an administrator imports its notice."""
    try:
        years = uncovered_years(timezone.localdate())
    except Exception:  # the database check reports a database that does not answer
        return {}
    if not years:
        return {}
    listed = ", ".join(map(str, years))
    return {
        "calendar": {
            "uncovered_years": years,
            "detail": f"working-day calendar missing for {listed}: import the holiday notice",
        }
    }
