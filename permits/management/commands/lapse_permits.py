"""Rule T3 from a shell: lapse every valid permit past its last valid day and tell its holder
and unit, as the beat task does; safe to run at any time (a permit lapses once). The notices
are sent by the next delivery round (or ``scan_deadlines t3_permit_lapse``)."""

from django.core.management.base import BaseCommand

from permits.scans import permits_lapse


class Command(BaseCommand):
    help = "Lapse the permits past their expiry date (T3); idempotent."

    def handle(self, *args, **options) -> None:
        lapsed = permits_lapse()
        self.stdout.write(f"失效 {lapsed} 张证件 / {lapsed} permits lapsed")
