"""Reference data: the wage table of RULES.md (rule W1).

`load()` creates the application years that have no row and leaves every existing row as the
administrators keep it: publishing the real figure of a provisional year is their edit, and
a later start must not undo it. Each row is created through `wage_table_save`, so that the
history shows where it came from.
"""

from django.db import transaction

from .engine.wages import RULES_MD_ROWS
from .models import WageTable
from .services import wage_table_save


@transaction.atomic
def load() -> int:
    """Create the missing years; returns how many were created."""
    existing = set(WageTable.objects.values_list("application_year", flat=True))
    created = 0
    for r in RULES_MD_ROWS:
        if r.application_year in existing:
            continue
        row = WageTable(
            application_year=r.application_year,
            wage_year=r.wage_year,
            monthly_average=int(r.monthly_average),
            provisional=r.provisional,
            note="暂参照上一年度数据" if r.provisional else "",
        )
        wage_table_save(row=row, note="RULES.md")
        created += 1
    return created
