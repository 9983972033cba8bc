from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from portal.constants import Process, Role
from reviews.models import AuditEvent, Case, Workflow

from .constants import (
    LABOUR_CONTRACT_CODE,
    LIVE_ASSOCIATION_STATES,
    OPEN_APPLICATION_STATES,
    RETURNED_APPLICATION_STATES,
    ApplicationState,
    AssociationState,
    PermitStatus,
)


class AssociationQuerySet(models.QuerySet):
    def live(self) -> "AssociationQuerySet":
        return self.filter(state__in=LIVE_ASSOCIATION_STATES)

    def for_unit(self, unit) -> "AssociationQuerySet":
        return self.filter(unit=unit)

    def pending(self) -> "AssociationQuerySet":
        return self.filter(state=AssociationState.REQUESTED)

    def accepted(self) -> "AssociationQuerySet":
        return self.filter(state=AssociationState.ACCEPTED)


def _is_applicant(instance, user) -> bool:
    return user.pk == instance.applicant.user_id


def _is_unit_staff(instance, user) -> bool:
    return user.role == Role.UNIT_STAFF and user.unit_id == instance.unit_id


def _is_reviewer(instance, user) -> bool:
    return user.role == Role.REVIEWER


class Association(Workflow):
    """An applicant's link to a unit (关联): requested with the unit's code, accepted by the
    unit with the labour contract. One live association per applicant; history is kept.
    Its state changes only through ``reviews.services`` (created by ``case_create``, then
    ``case_transition``), so each step is one audit row filed under PR3."""

    PROCESS = Process.PR3

    applicant = models.ForeignKey(
        "applicants.Applicant",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="associations",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="associations"
    )
    state = FSMField(
        _("status"),
        default=AssociationState.REQUESTED,
        choices=AssociationState.choices,
        protected=True,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(state__in=["requested", "accepted"]),
                name="one_live_association_per_applicant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.unit} ({self.get_state_display()})"

    @property
    def current_contract(self) -> "LabourContract | None":
        return self.contracts.order_by("-created_at").first()

    @transition(
        field=state,
        source=AssociationState.REQUESTED,
        target=AssociationState.WITHDRAWN,
        permission=_is_applicant,
    )
    def withdraw(self) -> None:
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=AssociationState.REQUESTED,
        target=AssociationState.ACCEPTED,
        permission=_is_unit_staff,
    )
    def accept(self, *, decided_by) -> None:
        self.decided_at = timezone.now()
        self.decided_by = decided_by

    @transition(
        field=state,
        source=AssociationState.REQUESTED,
        target=AssociationState.REJECTED,
        permission=_is_unit_staff,
    )
    def reject(self, *, decided_by, reason: str) -> None:
        self.decided_at = timezone.now()
        self.decided_by = decided_by
        self.reason = reason

    @transition(
        field=state,
        source=AssociationState.ACCEPTED,
        target=AssociationState.DISSOCIATED,
        permission=_is_unit_staff,
    )
    def dissociate(self) -> None:
        """PR5: the former unit ends the association (within 5 days of departure, T4); the
        audit row records when. The portal offers no dissociation service yet."""


class LabourContract(models.Model):
    """The labour contract the unit enters on accepting an association (M7, T5). Its scan is
    an attachment owned by this row (material M7); a renewal adds a new row."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    party_a = models.CharField(_("party A"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        db_index=True,  # the T5 scan finds contracts ending within a month by it (notices)
        help_text=_("Empty for an open-ended contract."),
    )
    work_location = models.CharField(
        _("work location"),
        max_length=200,
        blank=True,
        help_text=_("May be empty; if filled it must contain 北京 (rule M7)."),
    )
    position = models.CharField(_("position"), max_length=100)
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("labour contract")
        verbose_name_plural = _("labour contracts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.party_a} {self.start_date}–{self.end_date or '…'}"

    def attachments_visible_to(self, user) -> bool:
        association = self.association
        if user.role == Role.UNIT_STAFF:
            return user.unit_id == association.unit_id
        return user.pk == association.applicant.user_id

    def attachments_editable_by(self, user) -> bool:
        """The unit's staff, while nothing submitted depends on the scan: before the
        application is submitted, or on an application returned for this material. While
        it is with the unit or the zone, what was submitted stays as it was."""
        if not (
            user.role == Role.UNIT_STAFF
            and user.unit_id == self.association.unit_id
            and self.association.state == AssociationState.ACCEPTED
        ):
            return False
        application = (
            PermitApplication.objects.filter(association_id=self.association_id).open().first()
        )
        return application is None or application.material_replaceable(LABOUR_CONTRACT_CODE)


class PermitPolicy(models.Model):
    """Administrator settings of the permit itself. Rule T7: validity, 3 years by default."""

    validity_years = models.PositiveSmallIntegerField(
        _("validity in years"),
        default=3,
        help_text=_("Rule T7: the handbook states no validity; 3 years matches PR4's 3 years."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("permit policy")
        verbose_name_plural = _("permit policy")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "PermitPolicy":
        return cls.objects.order_by("pk").first() or cls()


class PermitApplicationQuerySet(models.QuerySet):
    def for_applicant(self, applicant) -> "PermitApplicationQuerySet":
        return self.filter(applicant=applicant)

    def for_unit(self, unit) -> "PermitApplicationQuerySet":
        return self.filter(unit=unit)

    def open(self) -> "PermitApplicationQuerySet":
        return self.filter(state__in=OPEN_APPLICATION_STATES)

    def submitted(self) -> "PermitApplicationQuerySet":
        """Applications that left the applicant's draft at least once."""
        return self.exclude(state=ApplicationState.DRAFT)

    def awaiting_unit(self) -> "PermitApplicationQuerySet":
        return self.filter(
            state__in=[ApplicationState.WITH_UNIT, ApplicationState.RETURNED_TO_UNIT]
        )

    def awaiting_zone(self) -> "PermitApplicationQuerySet":
        return self.filter(state=ApplicationState.WITH_ZONE)

    def queue(self) -> "PermitApplicationQuerySet":
        return self.select_related("applicant", "unit").order_by(
            models.F("received_at").asc(nulls_last=True), "pk"
        )


class PermitApplication(Case):
    """PR3 new application: the applicant prepares and submits; the unit checks every item and
    forwards it or returns it; the zone approves (issuing the permit), returns or rejects."""

    PROCESS = Process.PR3
    OPEN_STATES = OPEN_APPLICATION_STATES
    RETURNED_STATES = RETURNED_APPLICATION_STATES

    applicant = models.ForeignKey(
        "applicants.Applicant",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="applications"
    )
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    state = FSMField(
        _("status"),
        default=ApplicationState.DRAFT,
        choices=ApplicationState.choices,
        protected=True,
    )
    submitted_at = models.DateTimeField(_("submitted to the unit"), null=True, blank=True)

    objects = PermitApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("permit application")
        verbose_name_plural = _("permit applications")
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(
                    state__in=[
                        "draft",
                        "with_unit",
                        "returned_to_applicant",
                        "with_zone",
                        "returned_to_unit",
                    ]
                ),
                name="one_open_application_per_applicant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.PROCESS.label} · {self.applicant.name}"

    def last_return(self) -> AuditEvent | None:
        """The return this application is in, with its reasons; None unless it is returned."""
        if not self.is_returned:
            return None
        return (
            AuditEvent.objects.for_case(self)
            .filter(transition__startswith="return")
            .prefetch_related("returned_materials")
            .last()
        )

    def material_replaceable(self, code: str) -> bool:
        """Submitted means frozen: a material changes before the first submission, or on an
        application returned for that very material (its code among the return's reasons)."""
        if self.state == ApplicationState.DRAFT:
            return True
        event = self.last_return()
        if event is None:
            return False
        return any(m.material_code == code for m in event.returned_materials.all())

    @transition(
        field=state,
        source=[ApplicationState.DRAFT, ApplicationState.RETURNED_TO_APPLICANT],
        target=ApplicationState.WITH_UNIT,
        permission=_is_applicant,
    )
    def submit(self) -> None:
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=[ApplicationState.WITH_UNIT, ApplicationState.RETURNED_TO_UNIT],
        target=ApplicationState.RETURNED_TO_APPLICANT,
        permission=_is_unit_staff,
    )
    def return_to_applicant(self) -> None:
        pass

    @transition(
        field=state,
        source=[ApplicationState.WITH_UNIT, ApplicationState.RETURNED_TO_UNIT],
        target=ApplicationState.WITH_ZONE,
        permission=_is_unit_staff,
    )
    def forward(self, *, received_at, due_on) -> None:
        self.received_at = received_at
        self.due_on = due_on

    @transition(
        field=state,
        source=ApplicationState.WITH_ZONE,
        target=ApplicationState.RETURNED_TO_UNIT,
        permission=_is_reviewer,
    )
    def return_to_unit(self) -> None:
        pass

    @transition(
        field=state,
        source=ApplicationState.WITH_ZONE,
        target=ApplicationState.APPROVED,
        permission=_is_reviewer,
    )
    def approve(self) -> None:
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=ApplicationState.WITH_ZONE,
        target=ApplicationState.REJECTED,
        permission=_is_reviewer,
    )
    def reject(self) -> None:
        self.decided_at = timezone.now()


class PermitQuerySet(models.QuerySet):
    def valid(self) -> "PermitQuerySet":
        return self.filter(status=PermitStatus.VALID)

    def held_on(self, today: date) -> "PermitQuerySet":
        """Valid and not yet expired: what a holder holds today (T3: past expiry it lapses)."""
        return self.valid().filter(expires_on__gte=today)

    def for_unit(self, unit) -> "PermitQuerySet":
        return self.filter(unit=unit)


class Permit(models.Model):
    """The work residence permit (工作居住证). Number format: JKGJ-<year>-<6-digit serial>,
    the serial counting the permits issued in the zone that year (docs/permits.md)."""

    number = models.CharField(_("permit number"), max_length=20, unique=True)
    holder = models.ForeignKey(
        "applicants.Applicant",
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="permits",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="permits"
    )
    application = models.OneToOneField(
        PermitApplication, on_delete=models.PROTECT, related_name="permit"
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(
        _("status"), max_length=12, choices=PermitStatus.choices, default=PermitStatus.VALID
    )

    objects = PermitQuerySet.as_manager()

    class Meta:
        verbose_name = _("work residence permit")
        verbose_name_plural = _("work residence permits")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            # One valid permit per person: a second approval cannot issue another one, even
            # when two reviewers act at the same moment. Lapsed and cancelled ones stay.
            models.UniqueConstraint(
                fields=["holder"],
                condition=Q(status="valid"),
                name="one_valid_permit_per_holder",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def days_left(self, today: date) -> int:
        return (self.expires_on - today).days


class PermitNumberSequence(models.Model):
    """The last serial issued per year; locked while a number is taken."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("permit number sequence")
        verbose_name_plural = _("permit number sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
