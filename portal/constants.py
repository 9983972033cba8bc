from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", _("Unit staff")
    APPLICANT = "applicant", _("Applicant")
    REVIEWER = "reviewer", _("Zone reviewer")
    ADMINISTRATOR = "administrator", _("Administrator")


class Process(models.TextChoices):
    """The seven processes of the handbook (rules PR1–PR7)."""

    PR1 = "PR1", _("Business permission")
    PR2 = "PR2", _("Competent-department change")
    PR3 = "PR3", _("New permit")
    PR4 = "PR4", _("Renewal")
    PR5 = "PR5", _("Employer change")
    PR6 = "PR6", _("Basic-info change")
    PR7 = "PR7", _("Dependants change")
