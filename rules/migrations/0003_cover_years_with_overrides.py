"""Before imports existed, any override in a year made the year count as covered. Keep that
coverage for the years chinesecalendar does not know: one import row per such year, holding
its overrides as they stood, marked as migrated."""

from django.db import migrations

from rules.engine.holiday_notice import format_notice
from rules.engine.workdays import CC_FIRST_YEAR, CC_LAST_YEAR


def cover(apps, schema_editor):
    Override = apps.get_model("rules", "WorkingDayOverride")
    CalendarYear = apps.get_model("rules", "CalendarYear")
    CalendarImport = apps.get_model("rules", "CalendarImport")
    by_year = {}
    for day, working, note in Override.objects.values_list("date", "is_working_day", "note"):
        if CC_FIRST_YEAR <= day.year <= CC_LAST_YEAR:
            continue
        by_year.setdefault(day.year, {})[day] = (working, note)
    for year, days in sorted(by_year.items()):
        CalendarImport.objects.create(
            year=CalendarYear.objects.create(year=year),
            source="migrated: overrides entered one by one before imports existed",
            text=format_notice(days),
            days=len(days),
        )


class Migration(migrations.Migration):
    dependencies = [("rules", "0002_calendar_imports")]

    operations = [migrations.RunPython(cover, migrations.RunPython.noop)]
