"""Run the whole portal on this machine: web (gunicorn), Celery worker and Celery beat.

Used by `make run` after `bootstrap`. A child that dies after the start is restarted, after
1, 2, 4 … at most 60 seconds (logged; the wait starts again at 1 s once a child has run for a
minute), and /healthz names it meanwhile (``portal.health.check_processes``). Ctrl-C (or
SIGTERM) stops them all. A child that dies before the portal first answers is a broken
set-up, not bad luck: the command stops and says where its log is.
"""

import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import DEMO_ACCOUNTS_FILE, read_demo_accounts
from portal.health import supervisor_status_file

logger = logging.getLogger("portal.runportal")
BACKOFF_FIRST, BACKOFF_MAX, STABLE_AFTER = 1.0, 60.0, 60.0


def backoff(restarts: int, first: float = BACKOFF_FIRST) -> float:
    """Seconds to wait before restart number ``restarts`` (1, 2, 3 …)."""
    return min(BACKOFF_MAX, first * 2 ** max(0, restarts - 1))


def _signal_group(pid: int, sig: int) -> None:
    """Each child leads its own process group (``start_new_session``): its own children
    (gunicorn's and Celery's workers) get the signal too."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


class Supervisor:
    """Named children, each restarted with back-off when it exits; the state of each is
    written to ``supervisor_status_file()`` for /healthz."""

    def __init__(
        self,
        commands: dict[str, list[str]],
        *,
        log_dir: Path,
        logger,
        first_delay: float = BACKOFF_FIRST,
    ) -> None:
        self.commands = commands
        self.first_delay = first_delay
        self.log_dir = log_dir
        self.log = logger
        self.children: dict[str, subprocess.Popen] = {}
        self.started_at: dict[str, float] = {}
        self.restarts: dict[str, int] = dict.fromkeys(commands, 0)
        self.due: dict[str, float] = {}  # name -> monotonic time of its next start
        self.status_file = supervisor_status_file()

    def start(self, name: str) -> None:
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the child
        self.children[name] = subprocess.Popen(
            self.commands[name],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=settings.BASE_DIR,
            start_new_session=True,  # Ctrl-C reaches the supervisor, which stops each child
        )
        self.started_at[name] = time.monotonic()
        self.due.pop(name, None)

    def start_all(self) -> None:
        for name in self.commands:
            self.start(name)
        self.write_status()

    def tick(self) -> None:
        now = time.monotonic()
        changed = False
        for name, child in list(self.children.items()):
            if name in self.due:
                if now >= self.due[name]:
                    self.start(name)
                    self.log(f"{name} 已重新启动 restarted (pid {self.children[name].pid})")
                    changed = True
                continue
            code = child.poll()
            if code is None:
                continue
            if now - self.started_at[name] >= STABLE_AFTER:
                self.restarts[name] = 0
            self.restarts[name] += 1
            wait = backoff(self.restarts[name], self.first_delay)
            self.due[name] = now + wait
            _signal_group(child.pid, signal.SIGTERM)  # what the dead child left (its pool)
            count = self.restarts[name]
            self.log(
                f"{name} 已退出（代码 {code}），{wait:g} 秒后第 {count} 次重新启动 · "
                f"{name} exited with code {code}; restart {count} in {wait:g} s "
                f"(log: {self.log_dir / (name + '.log')})"
            )
            changed = True
        if changed:
            self.write_status()

    def write_status(self) -> None:
        children = {
            name: {
                "state": "restarting" if name in self.due else "running",
                "pid": child.pid,
                "restarts": self.restarts[name],
            }
            for name, child in self.children.items()
        }
        self.status_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.status_file.with_suffix(".tmp")
        temporary.write_text(json.dumps({"pid": os.getpid(), "children": children}))
        temporary.replace(self.status_file)

    def stop(self) -> None:
        self.status_file.unlink(missing_ok=True)
        self.due.clear()
        for child in self.children.values():
            _signal_group(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(child.pid, signal.SIGKILL)


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


class Command(BaseCommand):
    help = "Start web, worker and beat together, restarting any that dies; Ctrl-C stops all."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument(
            "--restart-delay",
            type=float,
            default=BACKOFF_FIRST,
            help="seconds before the first restart of a child that died; doubled each time",
        )

    def handle(
        self,
        *args: Any,
        host: str,
        port: int,
        web_workers: int,
        restart_delay: float,
        **options: Any,
    ) -> None:
        if _port_in_use(host, port):
            raise CommandError(
                f"端口 {port} 已被占用：门户可能已在运行（http://{host}:{port}/），"
                f"或请用 PORT=其他端口 重新运行。Port {port} is already in use."
            )
        python = sys.executable
        log_dir = settings.VAR_DIR / "log"
        log_dir.mkdir(exist_ok=True)
        commands = {
            "web": [
                python,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(web_workers),
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "5",
            ],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "--without-mingle",
                "--without-gossip",
            ],
            "beat": [
                python,
                "-m",
                "celery",
                "-A",
                "portal",
                "beat",
                "--loglevel",
                "INFO",
                "--pidfile=",
            ],
        }
        supervisor = Supervisor(
            commands, log_dir=log_dir, logger=self._log, first_delay=restart_delay
        )

        def terminate(*_: Any) -> None:
            supervisor.stop()
            sys.exit(0)

        signal.signal(signal.SIGTERM, terminate)
        url = f"http://{host}:{port}/"
        try:
            supervisor.start_all()
            self._wait_until_up(url, supervisor.children)
            self._announce(url, log_dir)
            while True:
                supervisor.tick()
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stdout.write("\n正在停止… Stopping…")
        finally:
            supervisor.stop()

    def _log(self, message: str) -> None:
        logger.warning(message)

    def _wait_until_up(self, url: str, children: dict[str, subprocess.Popen]) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for name, child in children.items():
                if child.poll() is not None:
                    raise CommandError(f"{name} 启动失败，详见 var/log/{name}.log")
            try:
                with urllib.request.urlopen(url + "login/", timeout=2):  # noqa: S310 - our own URL
                    return
            except OSError:
                time.sleep(0.5)
        raise CommandError("门户在 60 秒内未能启动，详见 var/log/web.log")

    def _announce(self, url: str, log_dir: Any) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"门户已启动 The portal is running: {url}"))
        out.write(f"  健康检查 Health: {url}healthz   日志 Logs: {log_dir}/")
        out.write(f"  演示账号 Demo accounts ({DEMO_ACCOUNTS_FILE.name}):")
        for account in read_demo_accounts():
            out.write(
                f"    {account['role_label']:<12} {account['username']:<14} {account['password']}"
            )
        out.write("  按 Ctrl-C 停止 Press Ctrl-C to stop.")
