from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "rules"
    verbose_name = _("Eligibility rules")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the calendar-coverage check)
