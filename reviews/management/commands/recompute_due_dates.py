"""Recompute the promised date (T1) of every case the zone holds, as the task does after a
calendar change; safe to run at any time."""

from django.core.management.base import BaseCommand

from reviews.recompute import case_due_dates_recompute


class Command(BaseCommand):
    help = "Recompute the promised dates (T1) of the cases the zone holds."

    def handle(self, *args, **options) -> None:
        result = case_due_dates_recompute()
        self.stdout.write(
            f"重新计算 {result.examined} 件，承诺日期变动 {result.moved} 件 / "
            f"{result.examined} cases examined, {result.moved} promised dates moved"
        )
