"""The checks of /healthz from the command line (container health checks use it)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from portal.health import CHECKS


class Command(BaseCommand):
    help = "Run the health checks; exit 1 if any fails."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--only", default=",".join(CHECKS), help=f"comma-separated, of: {', '.join(CHECKS)}"
        )

    def handle(self, *args: Any, only: str, **options: Any) -> None:
        names = [n.strip() for n in only.split(",") if n.strip()]
        unknown = [n for n in names if n not in CHECKS]
        if unknown:
            raise CommandError(f"未知的检查项 unknown check: {', '.join(unknown)}")
        results = {}
        for name in names:
            ok, detail = CHECKS[name]()
            results[name] = {"ok": ok, "detail": detail}
        self.stdout.write(json.dumps(results, ensure_ascii=False))
        failing = [n for n, r in results.items() if not r["ok"]]
        if failing:
            raise CommandError(f"不健康 unhealthy: {', '.join(failing)}")
