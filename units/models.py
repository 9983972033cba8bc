from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from portal.constants import Process, Role
from portal.i18n import in_language
from reviews.models import Case, ImmutableError
from reviews.transitions import is_unit_staff, zone_decisions
from rules.engine.identity import IdentityError, normalise_credit_code

from .constants import (
    AGENCY_KIND_CHOICES,
    ENTITY_TYPE_CHOICES,
    KEY_SUPPORT_CHOICES,
    UnitCaseState,
)


def validate_credit_code(value: str) -> None:
    try:
        normalise_credit_code(value)
    except IdentityError as exc:
        raise ValidationError(in_language(exc.zh, exc.en), code="invalid") from exc


class UnitQuerySet(models.QuerySet):
    def with_permission(self) -> "UnitQuerySet":
        return self.filter(permission__isnull=False)


class Unit(models.Model):
    """An employer (单位) and its profile, as the unit completes it for PR1."""

    name = models.CharField(_("unit name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, as on the business licence (GB 32100)."),
    )
    entity_type = models.CharField(
        _("entity type"), max_length=40, choices=ENTITY_TYPE_CHOICES, blank=True
    )
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    established_on = models.DateField(_("establishment date"), null=True, blank=True)
    registered_in_zone = models.BooleanField(_("registered in the zone"), default=True)
    registered_capital = models.DecimalField(
        _("registered capital (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    head_office_registered_capital = models.DecimalField(
        _("head office's registered capital (yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a non-legal-person branch only (rule U3)."),
    )
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    strategic_emerging_industry = models.BooleanField(
        _("strategic emerging or future industry"),
        default=False,
        help_text=_("AI, integrated circuits, pharma & health and the like (rule U5)."),
    )
    profit_making = models.BooleanField(
        _("profit-making"),
        default=False,
        help_text=_("For a non-enterprise unit that is profit-making (rule U5)."),
    )
    business_scope = models.TextField(_("business scope"), max_length=2000, blank=True)
    previous_year_zone_tax = models.DecimalField(
        _("tax paid in the zone last year (yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    zone_tax_months = models.PositiveSmallIntegerField(
        _("months of tax paid in the zone"), null=True, blank=True
    )
    agency_kind = models.CharField(
        _("HR-service or labour-dispatch agency"),
        max_length=30,
        choices=AGENCY_KIND_CHOICES,
        default="none",
        help_text=_("Such agencies apply only for their own staff and are on filing (rule U7)."),
    )
    key_support = models.CharField(
        _("key-support field"), max_length=40, choices=KEY_SUPPORT_CHOICES, default="none"
    )
    operator_name = models.CharField(_("operator's name"), max_length=50, blank=True)
    operator_id_number = models.CharField(_("operator's ID number"), max_length=18, blank=True)
    operator_phone = models.CharField(_("operator's phone"), max_length=20, blank=True)
    competent_department = models.CharField(_("competent department"), max_length=100, blank=True)
    legal_representative = models.CharField(
        _("legal representative"),
        max_length=50,
        blank=True,
        help_text=_("Printed on the integrity declaration (annex 2) beside the signature."),
    )
    association_code = models.CharField(
        _("association code"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Employees enter it to ask to associate; the unit can replace it at any time."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_business_permission(self) -> bool:
        return hasattr(self, "permission")

    @property
    def is_key_support(self) -> bool:
        return self.key_support != "none"

    # Attachment access protocol (attachments app).
    def attachments_visible_to(self, user) -> bool:
        return user.role == Role.UNIT_STAFF and user.unit_id == self.pk

    def attachments_editable_by(self, user) -> bool:
        return user.role == Role.UNIT_STAFF and user.unit_id == self.pk and not self.under_review

    @property
    def under_review(self) -> bool:
        """A PR1/PR2 case waits for the zone: the profile and attachments it was submitted
        with must not change until it is decided or returned."""
        return self.cases.filter(state=UnitCaseState.SUBMITTED).exists()


class UnitPermission(models.Model):
    """Business permission (开通权限): granted when the zone approves a PR1 case."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="permission"
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    case = models.OneToOneField("UnitCase", on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        verbose_name = _("business permission")
        verbose_name_plural = _("business permissions")

    def __str__(self) -> str:
        return f"{self.unit} ({self.granted_at:%Y-%m-%d})"


class Quota(models.Model):
    """Rule U9: the unit's new-permit quota, set by administrators; issuing a permit uses one."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="quota"
    )
    granted = models.PositiveIntegerField(_("places granted"))
    used = models.PositiveIntegerField(_("places used"), default=0)
    # db_index: the quota scan finds quotas expiring within 30 days by it (notices).
    expires_on = models.DateField(_("expires on"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("new-permit quota")
        verbose_name_plural = _("new-permit quotas")
        constraints = [
            models.CheckConstraint(
                condition=Q(used__lte=models.F("granted")), name="quota_used_lte_granted"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.remaining}/{self.granted} → {self.expires_on}"

    @property
    def remaining(self) -> int:
        return self.granted - self.used

    def is_valid_on(self, day: date) -> bool:
        return self.remaining > 0 and self.expires_on >= day

    def history(self) -> "models.QuerySet[QuotaChange]":
        """Its changes, newest first, with who made them."""
        return self.changes.select_related("changed_by")


class QuotaChange(models.Model):
    """Rule U9: one row per change of a unit's quota, made in the admin or the reviewer
    portal: who, when, the places granted and the expiry before and after. Never changed."""

    quota = models.ForeignKey(
        Quota, verbose_name=_("quota"), on_delete=models.PROTECT, related_name="changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_by_role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    changed_at = models.DateTimeField(_("at"), default=timezone.now)
    granted_before = models.PositiveIntegerField(
        _("places granted before"),
        null=True,
        blank=True,
        help_text=_("Empty when the quota was first set."),
    )
    granted_after = models.PositiveIntegerField(_("places granted after"))
    expires_on_before = models.DateField(
        _("expiry before"),
        null=True,
        blank=True,
        help_text=_("Empty when the quota was first set."),
    )
    expires_on_after = models.DateField(_("expiry after"))
    used = models.PositiveIntegerField(
        _("places used then"),
        null=True,
        blank=True,
        help_text=_("Places already used when the change was made."),
    )
    comment = models.TextField(_("reason for the change"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("quota change")
        verbose_name_plural = _("quota changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.quota_id}: {self.granted_before}→{self.granted_after}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableError("quota changes are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("quota changes are never deleted")


class UnitCaseQuerySet(models.QuerySet):
    def for_unit(self, unit: Unit) -> "UnitCaseQuerySet":
        return self.filter(unit=unit)

    def open(self) -> "UnitCaseQuerySet":
        return self.filter(state__in=UnitCase.OPEN_STATES)

    def awaiting_zone(self) -> "UnitCaseQuerySet":
        return self.filter(state=UnitCaseState.SUBMITTED)

    def queue(self) -> "UnitCaseQuerySet":
        """The reviewer's queue order: oldest receipt first."""
        return self.select_related("unit").order_by(
            models.F("received_at").asc(nulls_last=True), "pk"
        )


class UnitCase(Case):
    """A unit's PR1 (business permission) or PR2 (competent-department change) case."""

    OPEN_STATES = (UnitCaseState.DRAFT, UnitCaseState.SUBMITTED, UnitCaseState.RETURNED)
    RETURNED_STATES = (UnitCaseState.RETURNED,)

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cases"
    )
    kind = models.CharField(
        _("process"),
        max_length=3,
        choices=[(Process.PR1, Process.PR1.label), (Process.PR2, Process.PR2.label)],
    )
    state = FSMField(
        _("status"),
        default=UnitCaseState.DRAFT,
        choices=UnitCaseState.choices,
        protected=True,
    )

    objects = UnitCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit case")
        verbose_name_plural = _("unit cases")
        constraints = [
            # One open case per unit and process.
            models.UniqueConstraint(
                fields=["unit", "kind"],
                condition=Q(state__in=["draft", "submitted", "returned"]),
                name="one_open_unit_case_per_process",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit}"

    @property
    def PROCESS(self) -> Process:
        return Process(self.kind)

    @transition(
        field=state,
        source=[UnitCaseState.DRAFT, UnitCaseState.RETURNED],
        target=UnitCaseState.SUBMITTED,
        permission=is_unit_staff,
    )
    def submit(self, *, received_at, due_on) -> None:
        self.received_by_zone(received_at=received_at, due_on=due_on)

    return_to_unit, approve, reject = zone_decisions(
        held=UnitCaseState.SUBMITTED, returned=UnitCaseState.RETURNED
    )
