from django.db import models
from django.utils.translation import gettext_lazy as _


class AssociationState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the unit")
    ACCEPTED = "accepted", _("Associated")
    REJECTED = "rejected", _("Rejected by the unit")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISSOCIATED = "dissociated", _("Dissociated")


LIVE_ASSOCIATION_STATES = (AssociationState.REQUESTED, AssociationState.ACCEPTED)


class ApplicationState(models.TextChoices):
    """PR3: applicant → unit → zone."""

    DRAFT = "draft", _("Being prepared")
    WITH_UNIT = "with_unit", _("With the unit for checking")
    RETURNED_TO_APPLICANT = "returned_to_applicant", _("Returned to the applicant")
    WITH_ZONE = "with_zone", _("Waiting for the zone")
    RETURNED_TO_UNIT = "returned_to_unit", _("Returned to the unit")
    APPROVED = "approved", _("Approved: permit issued")
    REJECTED = "rejected", _("Rejected")


OPEN_APPLICATION_STATES = (
    ApplicationState.DRAFT,
    ApplicationState.WITH_UNIT,
    ApplicationState.RETURNED_TO_APPLICANT,
    ApplicationState.WITH_ZONE,
    ApplicationState.RETURNED_TO_UNIT,
)

RETURNED_APPLICATION_STATES = (
    ApplicationState.RETURNED_TO_APPLICANT,
    ApplicationState.RETURNED_TO_UNIT,
)


class PermitStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    LAPSED = "lapsed", _("Lapsed")  # rule T3: never restored
    CANCELLED = "cancelled", _("Cancelled")


LABOUR_CONTRACT_CODE = "M7"  # attachments.MaterialKind code of the labour contract
PERMIT_NUMBER_PREFIX = "JKGJ"  # 京开工居: zone work residence permit
