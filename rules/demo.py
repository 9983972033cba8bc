"""Reference data for `manage.py bootstrap`: the wage table of RULES.md. Idempotent: a row
that exists is left as the administrators keep it."""

from django.db import transaction

from .engine.wages import RULES_MD_ROWS
from .models import WageTable
from .services import wage_table_save


@transaction.atomic
def seed() -> None:
    for r in RULES_MD_ROWS:
        if WageTable.objects.filter(application_year=r.application_year).exists():
            continue
        row = WageTable(
            application_year=r.application_year,
            wage_year=r.wage_year,
            monthly_average=int(r.monthly_average),
            provisional=r.provisional,
            note="暂参照上一年度数据" if r.provisional else "",
        )
        wage_table_save(row=row, note="RULES.md")
