"""A system check for calendar years the working-day calendar does not cover:
`manage.py check --database default` (rules.W001). It reads the override table, so it is a
database check and does not run with every command; administrators see the same warning on
the admin pages of the wage table and the working-day overrides."""

from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError
from django.utils import timezone

from .tables import uncovered_years


@register(Tags.database)
def calendar_coverage(app_configs, databases=None, **kwargs):
    if not databases:  # as Django's own database checks: only when a database is named
        return []
    try:
        years = uncovered_years(timezone.localdate())
    except DatabaseError:  # tables not migrated yet
        return []
    return [
        CheckWarning(
            f"{year} 年工作日历未覆盖 / the working-day calendar does not cover {year}",
            hint="Enter that year's State Council holiday notice as working-day overrides in "
            "the admin (rules › working-day overrides).",
            id="rules.W001",
        )
        for year in years
    ]
