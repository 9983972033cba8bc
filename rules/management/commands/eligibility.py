"""python manage.py eligibility {person,unit,renewal} [FILE]

Reads the facts as JSON from FILE (or standard input) and prints the verdict as JSON — the
same body as POST /api/eligibility/<kind>/. Exit status: 0 eligible (possibly pending a
reviewer's judgement), 1 not eligible, 2 bad input.
"""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rules.engine import KINDS
from rules.engine.parse import FieldError
from rules.services import Evaluation, evaluate_payload, verdict_json


class Command(BaseCommand):
    help = "Evaluate eligibility from JSON (file or stdin) and print a JSON verdict."
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", nargs="?", default="-", help="JSON file; - or none: stdin")

    def handle(self, *args: Any, kind: str, file: str, **options: Any) -> None:
        try:
            if file == "-":
                text = sys.stdin.read()
            else:
                with open(file, encoding="utf-8") as fh:
                    text = fh.read()
            payload = json.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            error = FieldError("", "json", f"无法读取 JSON：{exc}", f"cannot read JSON: {exc}")
            evaluation = Evaluation(kind, None, [error])
        else:
            evaluation = evaluate_payload(kind, payload)
        self.stdout.write(verdict_json(evaluation))
        sys.exit(evaluation.exit_code)
