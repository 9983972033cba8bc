"""Choices of the changes to a permit: basic information (PR6) and dependants (PR7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.constants import Process
from reviews.constants import Stage

KIND_CHOICES = [(Process.PR6, Process.PR6.label), (Process.PR7, Process.PR7.label)]


class ChangeState(models.TextChoices):
    """Holder → unit (its opinion, 办理意见) → zone, as a new permit (PR3)."""

    DRAFT = Stage.DRAFT, _("Being prepared")
    WITH_UNIT = Stage.WITH_UNIT, _("With the unit for checking")
    RETURNED_TO_HOLDER = "returned_to_holder", _("Returned to the holder")
    WITH_ZONE = Stage.WITH_ZONE, _("Waiting for the zone")
    RETURNED_TO_UNIT = Stage.RETURNED_TO_UNIT, _("Returned to the unit")
    APPROVED = Stage.APPROVED, _("Approved: the permit's record changed")
    REJECTED = Stage.REJECTED, _("Rejected")


OPEN_CHANGE_STATES = (
    ChangeState.DRAFT,
    ChangeState.WITH_UNIT,
    ChangeState.RETURNED_TO_HOLDER,
    ChangeState.WITH_ZONE,
    ChangeState.RETURNED_TO_UNIT,
)
RETURNED_CHANGE_STATES = (ChangeState.RETURNED_TO_HOLDER, ChangeState.RETURNED_TO_UNIT)
AWAITING_UNIT_STATES = (ChangeState.WITH_UNIT, ChangeState.RETURNED_TO_UNIT)
# While the holder may edit the proposal and its proofs.
EDITABLE_CHANGE_STATES = (ChangeState.DRAFT, ChangeState.RETURNED_TO_HOLDER)


class BasicGroup(models.TextChoices):
    """The parts of the basic information a PR6 change may touch (handbook （六）)."""

    ADDRESS = "address", _("Residence address")
    REGISTER = "register", _("Household register")
    MARITAL_STATUS = "marital_status", _("Marital status")
    DEGREE = "degree", _("Diploma and degree")
    TITLE = "title", _("Professional title")


# Material codes of the catalogue (attachments.reference) that only changes ask for.
CHSI_CHECK_CODE = "PR6-chsi"
