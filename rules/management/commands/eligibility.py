"""python manage.py eligibility {person,unit,renewal} [FILE]

Reads the facts as JSON from FILE (or standard input) and prints the verdict as JSON — the
same body as POST /api/eligibility/<kind>/. Exit status: 0 eligible (possibly pending a
reviewer's judgement), 1 not eligible, 2 bad input or no usable database (one line on stderr).
"""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connection

from rules.engine import KINDS
from rules.engine.parse import FieldError
from rules.models import WageTable, WorkingDayOverride
from rules.services import Evaluation, evaluate_payload, verdict_json

# Exit status 1 means "not eligible": a missing database must not look like a verdict.
NO_DATABASE_EXIT = 2
NOT_SET_UP = (
    "数据库尚未建立，请运行 make run 或 python manage.py migrate。"
    " The database is not set up: run `make run` or `python manage.py migrate`."
)


def database_problem() -> str | None:
    """One bilingual line if the tables the engine reads (wage table, calendar overrides)
    cannot be read, else None."""
    try:
        tables = set(connection.introspection.table_names())
    except DatabaseError as exc:
        reason = " ".join(str(exc).split())
        return f"无法打开数据库 Cannot open the database (DATABASE_URL): {reason}"
    if not {WageTable._meta.db_table, WorkingDayOverride._meta.db_table} <= tables:
        return NOT_SET_UP
    return None


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
            problem = database_problem()
            if problem:
                self.stderr.write(problem)
                sys.exit(NO_DATABASE_EXIT)
            evaluation = evaluate_payload(kind, payload)
        self.stdout.write(verdict_json(evaluation))
        sys.exit(evaluation.exit_code)
