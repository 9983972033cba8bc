from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Units")

    def ready(self) -> None:
        # The self-check's prefill (rules.prefill): this app knows the facts, the engine's
        # app does not import it. Importing models must wait until the registry is ready.
        from . import prefill

        prefill.register()
