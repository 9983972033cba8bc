from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PERSON = "person", _("Applicant (new permit)")
    UNIT = "unit", _("Unit")
    RENEWAL = "renewal", _("Renewal")


class WageChangeAction(models.TextChoices):
    CREATED = "created", _("Row created")
    CHANGED = "changed", _("Row changed")


class CalendarChangeAction(models.TextChoices):
    ADDED = "added", _("Override added")
    CHANGED = "changed", _("Override changed")
    REMOVED = "removed", _("Override removed")


class CalendarChangeVia(models.TextChoices):
    IMPORT = "import", _("Import of a holiday notice")
    EDIT = "edit", _("Edit of one date")
