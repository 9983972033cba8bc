from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """What a notice is about. Each kind has its texts in
    ``notices/templates/notices/kinds/<kind>/`` (subject.txt, body.txt), translated in this
    app's catalogue, and a scan that finds what is due (``notices.scans``)."""

    # docs/notices.md has the scan of each. The labels of the kinds the holders and units
    # read are plain words.
    REVIEW_OVERDUE = "review_overdue", _("Review past its promised date (T1)")
    CONTRACT_ENDING = "contract_ending", _("Labour contract ending within a month (T5)")
    TAX_CERTIFICATE_STALE = "tax_certificate_stale", _("Tax certificate older than 3 months (T6)")
    QUOTA_EXPIRING = "quota_expiring", _("New-permit quota expiring within 30 days (U9)")
    RENEWAL_WINDOW_OPEN = "renewal_window_open", _("Renewal can be submitted")
    RENEWAL_REMINDER = "renewal_reminder", _("Last day to submit the renewal approaching")
    PERMIT_LAPSED = "permit_lapsed", _("Permit lapsed")
    LEAVER_NOT_RELEASED = "leaver_not_released", _("Former employee not released in time")


class Channel(models.TextChoices):
    """Ways a notice reaches its recipient besides the inbox (which is the notice row
    itself). SMS would be one more member and one more class in ``notices.channels``."""

    EMAIL = "email", _("E-mail")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


DEFAULT_NOTICE_LANGUAGE = "zh-hans"
# A delivery that failed this many times is marked failed and left for an administrator.
MAX_DELIVERY_ATTEMPTS = 5
