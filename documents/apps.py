from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Documents the portal prints from its own data: the handbook's declarations (prefilled
    or blank), a receipt per submission, and the Excel exports of units and reviewers."""

    name = "documents"
    verbose_name = _("Documents")
