"""Rule T3 from a shell: lapse every valid permit past its last valid day, as the beat task
does; safe to run at any time (a permit lapses once)."""

from django.core.management.base import BaseCommand

from permits.life import permits_lapse


class Command(BaseCommand):
    help = "Lapse the permits past their expiry date (T3); idempotent."

    def handle(self, *args, **options) -> None:
        lapsed = permits_lapse()
        self.stdout.write(f"失效 {lapsed} 张证件 / {lapsed} permits lapsed")
