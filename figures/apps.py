from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """The zone's statistics for reviewers and administrators: cases per month, processing
    time against the promise (T1), overdue share, return reasons, units, expiring permits."""

    name = "figures"
    verbose_name = _("Statistics")
