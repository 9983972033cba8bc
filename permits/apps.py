from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = _("Permits")

    def ready(self) -> None:
        from applicants.home import register_home_panel
        from rules.signals import calendar_changed

        from .pages import applicant_permit_context
        from .tasks import enqueue_renewal_dates_recompute

        calendar_changed.connect(
            enqueue_renewal_dates_recompute, dispatch_uid="permits.renewal_dates"
        )
        register_home_panel("permit_panel", applicant_permit_context)
