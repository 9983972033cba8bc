from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.i18n import enum_choices
from reviews.constants import Stage
from rules.engine.types import AgencyKind, EntityType, KeySupport

ENTITY_TYPE_CHOICES = enum_choices(EntityType)  # rule U1
AGENCY_KIND_CHOICES = enum_choices(AgencyKind)  # rule U7
KEY_SUPPORT_CHOICES = enum_choices(KeySupport)  # rule U8

# Rule PR2: the only competent department a unit of the zone changes to.
ZONE_DEPARTMENT = "北京经济技术开发区工委组织人事部"

# Rule U10 (a)–(e): the unit attachments PR1 and PR2 need (codes of attachments.MaterialKind).
UNIT_MATERIAL_CODES = ("U10a", "U10b", "U10c", "U10d", "U10e")
TAX_CERTIFICATE_CODE = "U10c"  # rule T6: dated within 3 months


class UnitCaseState(models.TextChoices):
    DRAFT = Stage.DRAFT, _("Draft")
    SUBMITTED = "submitted", _("Waiting for the zone")
    RETURNED = "returned", _("Returned to the unit")
    APPROVED = Stage.APPROVED, _("Approved")
    REJECTED = Stage.REJECTED, _("Rejected")


# Unit staff and reviewers are told when a quota with places left expires within this many
# days (issue 13; rule U9 needs an unexpired quota for every new application).
QUOTA_EXPIRY_NOTICE_DAYS = 30
