from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "rules"
    verbose_name = _("Eligibility rules")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import checks  # noqa: F401  (registers the calendar-coverage check)
        from .models import CalendarYear, WageTable, WorkingDayOverride
        from .tables import forget_reference_tables

        for model in (WageTable, WorkingDayOverride, CalendarYear):
            post_save.connect(forget_reference_tables, sender=model, dispatch_uid=f"forget-{model}")
            post_delete.connect(
                forget_reference_tables, sender=model, dispatch_uid=f"forget-{model}-del"
            )
