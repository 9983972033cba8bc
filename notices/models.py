"""Notices: one row per thing a person is told, unique by what, which object, which
deadline, which step and whom; the inbox shows them, and each other channel (e-mail) records
its delivery of each notice in a row of its own (docs/notices.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import DEFAULT_NOTICE_LANGUAGE, Channel, DeliveryStatus, NoticeKind


class NoticeQuerySet(models.QuerySet):
    def for_recipient(self, user) -> "NoticeQuerySet":
        return self.filter(recipient=user)

    def unread(self) -> "NoticeQuerySet":
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NoticeKind.choices)
    subject = models.CharField(
        _("about"),
        max_length=80,
        help_text=_('The object the notice is about, as "app.model:id".'),
    )
    deadline = models.DateField(
        _("deadline"), help_text=_("The date the notice is about (promised date, end, expiry).")
    )
    step = models.CharField(
        _("step"),
        max_length=20,
        blank=True,
        help_text=_("Which reminder of several for the same deadline, e.g. 20 working days."),
    )
    url = models.CharField(_("link"), max_length=200, blank=True)
    params = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Exactly once: a scan that runs twice, two beats at once or a worker that died
            # mid-scan all insert the same key, and the second insert is skipped.
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject", "deadline", "step"],
                name="notice_unique_key",
            )
        ]
        indexes = [
            # The header's unread count and the inbox.
            models.Index(fields=["recipient", "read_at"], name="notice_recipient_read"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} {self.deadline} {self.step} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DeliveryQuerySet(models.QuerySet):
    def due(self, now) -> "DeliveryQuerySet":
        """Pending, and not claimed by a worker whose lease is still running."""
        return self.filter(status=DeliveryStatus.PENDING).filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
        )


class Delivery(models.Model):
    """One notice sent through one channel. Created with the notice, in its transaction;
    sent by ``notices.services.deliveries_send``; sent again only while not recorded as sent."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_until = models.DateTimeField(
        _("claimed until"),
        null=True,
        blank=True,
        help_text=_("A worker is sending it; after this time another may try again."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), max_length=2000, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "channel"], name="delivery_once_per_channel")
        ]
        indexes = [models.Index(fields=["status", "claimed_until"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.channel} {self.notice_id}: {self.status}"


class Preference(models.Model):
    """The language a person's notices and e-mails are written in. Without a row: Chinese
    (the portal's default); kept here rather than on the user so that the notices app owns
    everything about notices."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    language = models.CharField(
        _("language of notices and e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=DEFAULT_NOTICE_LANGUAGE,
    )

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
