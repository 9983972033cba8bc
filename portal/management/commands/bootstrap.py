"""Bring a database up to date and fill it with reference and demo data. Idempotent.

Production runs only the first and third step (`migrate`, `load_reference`): see
docker-compose.yml.
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.demo import seed_all


class Command(BaseCommand):
    help = "Migrate, collect static files, load reference data and demo data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_reference", verbosity=0)
        seed_all()
        self.stdout.write(self.style.SUCCESS("数据库已就绪 Database ready."))
