"""Run the whole portal on this machine: web (gunicorn), Celery worker and Celery beat.

Used by `make run` after `bootstrap`. Stops every child when interrupted or when one
of them dies, so that nothing is left running half-way.
"""

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import DEMO_ACCOUNTS_FILE, read_demo_accounts


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


class Command(BaseCommand):
    help = "Start web, worker and beat together; Ctrl-C stops all three."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2)

    def handle(self, *args: Any, host: str, port: int, web_workers: int, **options: Any) -> None:
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
        children: dict[str, subprocess.Popen] = {}
        for name, cmd in commands.items():
            log = open(log_dir / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the child
            children[name] = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR
            )

        def stop(*_: Any) -> None:
            for child in children.values():
                if child.poll() is None:
                    child.terminate()
            deadline = time.monotonic() + 10
            for child in children.values():
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()

        signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
        url = f"http://{host}:{port}/"
        try:
            self._wait_until_up(url, children)
            self._announce(url, log_dir)
            while True:
                for name, child in children.items():
                    if child.poll() is not None:
                        log_file = log_dir / f"{name}.log"
                        raise CommandError(
                            f"{name} 已退出（代码 {child.returncode}），详见 {log_file}"
                        )
                time.sleep(1)
        except KeyboardInterrupt:
            self.stdout.write("\n正在停止… Stopping…")
        finally:
            stop()

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
