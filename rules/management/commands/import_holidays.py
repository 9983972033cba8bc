"""Import a year's State Council holiday notice from a file in the documented format
(docs/eligibility.md, "Working days"), as the admin's import page does: prints the changes,
and saves them unless --dry-run. Recorded without a user."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rules.engine.holiday_notice import NoticeInvalid
from rules.services import calendar_import, calendar_import_preview


class Command(BaseCommand):
    help = "Import a year's holiday notice (holidays and make-up workdays) from a text file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("file", type=Path, help="UTF-8 text, one date or range per line")
        parser.add_argument("--source", required=True, help="the notice the dates come from")
        parser.add_argument("--dry-run", action="store_true", help="show the changes only")

    def handle(self, *args: Any, year: int, file: Path, source: str, dry_run: bool, **options):
        text = file.read_text("utf-8-sig")
        try:
            preview = calendar_import_preview(year=year, text=text)
        except NoticeInvalid as exc:
            lines = "\n".join(
                f"  第 {e.line} 行 line {e.line}: {e.message_zh} / {e.message_en}"
                for e in exc.errors
            )
            raise CommandError(f"未导入 nothing imported:\n{lines}") from exc
        for diff in preview.days:
            if diff.action:
                self.stdout.write(f"{diff.day} {diff.action}: {diff.old} → {diff.new}")
        self.stdout.write(
            f"{year}: {preview.in_notice} dates, {preview.added} added, {preview.changed} "
            f"changed, {preview.removed} removed"
        )
        if dry_run:
            return
        with transaction.atomic():
            calendar_import(year=year, text=text, source=source)
        self.stdout.write(f"{year} 已导入 imported")
