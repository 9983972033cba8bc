from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", _("Unit staff")
    APPLICANT = "applicant", _("Applicant")
    REVIEWER = "reviewer", _("Zone reviewer")
    ADMINISTRATOR = "administrator", _("Administrator")
