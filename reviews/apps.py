from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from rules.signals import calendar_changed

        from .tasks import enqueue_due_date_recompute

        calendar_changed.connect(enqueue_due_date_recompute, dispatch_uid="reviews.recompute")
