"""Bring a database up to date and fill it with reference and demo data. Idempotent."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.demo import seed_all


class Command(BaseCommand):
    help = "Migrate, collect static files, seed reference data and demo accounts (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        seed_all()
        self.stdout.write(self.style.SUCCESS("数据库已就绪 Database ready."))
