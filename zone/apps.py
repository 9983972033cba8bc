from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZoneConfig(AppConfig):
    """The zone reviewers' portal: queues and decisions on top of every process."""

    name = "zone"
    verbose_name = _("Zone review")
