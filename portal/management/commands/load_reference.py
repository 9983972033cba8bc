"""python manage.py load_reference: the reference data of every app (material catalogue,
wage table, promised times, permit policy), no demo data. Production runs it after
`migrate` at every start; it creates what is missing and never changes what exists."""

from typing import Any

from django.core.management.base import BaseCommand

from portal.reference_data import load_reference


class Command(BaseCommand):
    help = "Create missing reference data (idempotent; existing rows are never changed)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_reference()
        if not options["verbosity"]:
            return
        summary = ", ".join(f"{label} +{count}" for label, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"参考数据已就绪 Reference data ready ({summary})."))
