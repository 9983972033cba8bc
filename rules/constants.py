from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PERSON = "person", _("Applicant (new permit)")
    UNIT = "unit", _("Unit")
    RENEWAL = "renewal", _("Renewal")


class WageChangeAction(models.TextChoices):
    CREATED = "created", _("Row created")
    CHANGED = "changed", _("Row changed")
