from django.db import models
from django.utils.translation import gettext_lazy as _


class Process(models.TextChoices):
    """The seven processes of the handbook (rules PR1–PR7)."""

    PR1 = "PR1", _("Business permission")
    PR2 = "PR2", _("Competent-department change")
    PR3 = "PR3", _("New permit")
    PR4 = "PR4", _("Renewal")
    PR5 = "PR5", _("Employer change")
    PR6 = "PR6", _("Basic-info change")
    PR7 = "PR7", _("Dependants change")


# Rule T1: new permits and renewals 20 working days, changes 10. PR1 and PR2 are not named by
# the handbook; we promise 10 working days, as for the other changes (docs/workflow.md).
DEFAULT_PROMISED_WORKING_DAYS = {
    Process.PR1: 10,
    Process.PR2: 10,
    Process.PR3: 20,
    Process.PR4: 20,
    Process.PR5: 10,
    Process.PR6: 10,
    Process.PR7: 10,
}
