from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.constants import Stage


class AssociationState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the unit")
    ACCEPTED = "accepted", _("Associated")
    REJECTED = "rejected", _("Rejected by the unit")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISSOCIATED = "dissociated", _("Dissociated")


LIVE_ASSOCIATION_STATES = (AssociationState.REQUESTED, AssociationState.ACCEPTED)


class ApplicationState(models.TextChoices):
    """PR3: applicant → unit → zone."""

    DRAFT = Stage.DRAFT, _("Being prepared")
    WITH_UNIT = Stage.WITH_UNIT, _("With the unit for checking")
    RETURNED_TO_APPLICANT = "returned_to_applicant", _("Returned to the applicant")
    WITH_ZONE = Stage.WITH_ZONE, _("Waiting for the zone")
    RETURNED_TO_UNIT = Stage.RETURNED_TO_UNIT, _("Returned to the unit")
    APPROVED = Stage.APPROVED, _("Approved: permit issued")
    REJECTED = Stage.REJECTED, _("Rejected")


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


class PermitCaseState(models.TextChoices):
    """PR4 renewal and PR5 employer change: the unit prepares and submits with its opinion
    (办理意见); the zone approves, returns or rejects. A case still open when the permit
    lapses (T3) is closed with the reason."""

    DRAFT = Stage.DRAFT, _("Being prepared by the unit")
    WITH_ZONE = Stage.WITH_ZONE, _("Waiting for the zone")
    RETURNED_TO_UNIT = Stage.RETURNED_TO_UNIT, _("Returned to the unit")
    APPROVED = Stage.APPROVED, _("Approved")
    REJECTED = Stage.REJECTED, _("Rejected")
    CLOSED = "closed", _("Closed without a decision")


OPEN_PERMIT_CASE_STATES = (
    PermitCaseState.DRAFT,
    PermitCaseState.WITH_ZONE,
    PermitCaseState.RETURNED_TO_UNIT,
)


class PeriodKind(models.TextChoices):
    ISSUED = "issued", _("Issued")
    RENEWED = "renewed", _("Renewed")
    EMPLOYER_CHANGED = "employer_changed", _("Employer changed")


LABOUR_CONTRACT_CODE = "M7"  # attachments.MaterialKind code of the labour contract
PERMIT_NUMBER_PREFIX = "JKGJ"  # 京开工居: zone work residence permit
INTEGRITY_DECLARATION_CODE = "M5"
# PR4 materials (attachments.reference): the 36 months of withholding details, or, when the
# old unit is gone, the tax record and the wage statement instead.
RENEWAL_INCOME_CODE = "PR4-income"
RENEWAL_TAX_RECORD_CODE = "PR4-tax-record"
RENEWAL_WAGES_CODE = "PR4-wages"
RESIGNATION_CODE = "PR5-resignation"  # 离职证明, with the old unit's release
