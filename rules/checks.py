"""A system check for calendar years the working-day calendar does not cover (this year, and
from 1 November next year): `manage.py check --database default` (rules.W001). It reads the
database, so it does not run with every command; administrators see the same warning on the
admin pages of the wage table and the working-day overrides, on /manage/ and in /healthz."""

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
            hint="Import that year's State Council holiday notice in the admin (rules › "
            "working-day overrides › import a year), or `manage.py import_holidays`.",
            id="rules.W001",
        )
        for year in years
    ]
