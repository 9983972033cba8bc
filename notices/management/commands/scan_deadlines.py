"""Run the deadline scans now, as beat does (each by name, or all), then send what is
pending; safe to run at any time and as often as wanted."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from notices.scans import registry, scan_run
from notices.services import deliveries_send


class Command(BaseCommand):
    help = "Run the deadline scans (all, or those named) and send the notices they create."

    def add_arguments(self, parser) -> None:
        parser.add_argument("names", nargs="*", help="scan names (default: all); see --list")
        parser.add_argument(
            "--list", dest="list_only", action="store_true", help="list the scans and stop"
        )
        parser.add_argument("--today", type=date.fromisoformat, help="as on this day (ISO)")
        parser.add_argument("--no-send", action="store_true", help="create notices only")

    def handle(self, *args, names, list_only, today, no_send, **options) -> None:
        scans = registry()
        if list_only:
            for scan in scans.values():
                self.stdout.write(f"{scan.name}\t{scan.rule}\t{scan.description}")
            return
        unknown = set(names) - set(scans)
        if unknown:
            raise CommandError(f"unknown scan(s): {', '.join(sorted(unknown))} (see --list)")
        for name in names or scans:
            result = scan_run(scans[name], today=today)
            self.stdout.write(
                f"{result.name}: 到期 {result.found} 项，新通知 {result.created} 条 / "
                f"{result.found} due, {result.created} new notices"
            )
        if not no_send:
            self.stdout.write(f"sent/tried: {deliveries_send()}")
