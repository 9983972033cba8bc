from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """What a notice is about. Each kind has its texts in
    ``notices/templates/notices/kinds/<kind>/`` (subject.txt, body.txt), translated in this
    app's catalogue, and a scan that finds what is due (``notices.scans``)."""

    # Built (docs/notices.md).
    REVIEW_OVERDUE = "review_overdue", _("Review past its promised date (T1)")
    CONTRACT_ENDING = "contract_ending", _("Labour contract ending within a month (T5)")
    TAX_CERTIFICATE_STALE = "tax_certificate_stale", _("Tax certificate older than 3 months (T6)")
    QUOTA_EXPIRING = "quota_expiring", _("New-permit quota expiring within 30 days (U9)")
    # Hooks for the permit's life (PR4, T2–T4): their scans are added to permits/scans.py
    # when the columns they read exist. The texts need to be written then.
    # RENEWAL_WINDOW_OPEN = "renewal_window_open"      T2: holder and unit
    # RENEWAL_REMINDER = "renewal_reminder"            T2: 20/10/5/1 working days; step "20wd" …
    # PERMIT_LAPSED = "permit_lapsed"                  T3: holder and unit
    # LEAVER_NOT_RELEASED = "leaver_not_released"      T4: the former unit


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
