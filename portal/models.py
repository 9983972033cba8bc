from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Role


class User(AbstractUser):
    """Everyone who signs in. The role decides which portal they use."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.APPLICANT)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        help_text=_("The unit a unit-staff account works for."),
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The deadline scans look up every active reviewer among a million applicants.
        indexes = [models.Index(fields=["role", "is_active"], name="user_role_active")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role=Role.UNIT_STAFF, unit__isnull=False)
                | (~models.Q(role=Role.UNIT_STAFF) & models.Q(unit__isnull=True)),
                name="user_unit_only_for_unit_staff",
            )
        ]

    def clean(self) -> None:
        super().clean()
        if self.role == Role.UNIT_STAFF and self.unit_id is None:
            raise ValidationError({"unit": _("A unit-staff account needs its unit.")})
        if self.role != Role.UNIT_STAFF and self.unit_id is not None:
            raise ValidationError({"unit": _("Only unit-staff accounts belong to a unit.")})

    @property
    def display_name(self) -> str:
        """Chinese order: family name first, no space."""
        return f"{self.last_name}{self.first_name}".strip() or self.username

    @property
    def is_unit_staff(self) -> bool:
        return self.role == Role.UNIT_STAFF

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def is_reviewer(self) -> bool:
        return self.role == Role.REVIEWER

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR


class Heartbeat(models.Model):
    """One row per beat-scheduled tick that a worker ran: proof that worker and beat run."""

    ran_at = models.DateTimeField(_("ran at"), db_index=True)
    hostname = models.CharField(_("worker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")
        ordering = ["-ran_at"]
        get_latest_by = "ran_at"

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M:%S} {self.hostname}"
