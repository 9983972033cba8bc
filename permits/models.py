from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from applicants.models import documents_of
from portal.constants import Process, Role
from reviews.models import Case, Workflow
from reviews.transitions import (
    is_reviewer,
    is_unit_staff,
    submit_to_unit,
    unit_forward,
    unit_return,
    zone_decisions,
)

from .constants import (
    LABOUR_CONTRACT_CODE,
    LIVE_ASSOCIATION_STATES,
    OPEN_APPLICATION_STATES,
    OPEN_PERMIT_CASE_STATES,
    RETURNED_APPLICATION_STATES,
    ApplicationState,
    AssociationState,
    PeriodKind,
    PermitCaseState,
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

    def employee_list(self) -> "AssociationQuerySet":
        """The unit's employee list with what each row shows, in a fixed number of queries:
        the holder, their contracts (newest judged) and their permits."""
        return (
            self.select_related("applicant")
            .defer(*documents_of("applicant"))
            .prefetch_related(
                models.Prefetch(
                    "contracts", queryset=LabourContract.objects.order_by("-created_at")
                ),
                models.Prefetch(
                    "applicant__permits",
                    queryset=Permit.objects.select_related("unit").prefetch_related(
                        models.Prefetch(
                            "cases", queryset=PermitCase.objects.open(), to_attr="open_cases"
                        )
                    ),
                ),
            )
        )


def _is_applicant(instance, user) -> bool:
    return user.pk == instance.applicant.user_id


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
    left_on = models.DateField(
        _("contract end date"),
        null=True,
        blank=True,
        help_text=_("Entered by the former unit when it releases the holder."),
    )
    dissociated_at = models.DateTimeField(_("released at"), null=True, blank=True)

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
        """The newest contract: the one judged (M7, T5). Uses a prefetch when there is one."""
        if "contracts" in getattr(self, "_prefetched_objects_cache", {}):
            contracts = sorted(self.contracts.all(), key=lambda c: c.created_at, reverse=True)
            return contracts[0] if contracts else None
        return self.contracts.order_by("-created_at").first()

    def attachments_visible_to(self, user) -> bool:
        """The resignation certificate (离职证明) the former unit uploads when it releases
        the holder: seen by that unit's staff and by the holder."""
        if user.role == Role.UNIT_STAFF:
            return user.unit_id == self.unit_id
        return user.pk == self.applicant.user_id

    def attachments_editable_by(self, user) -> bool:
        return False  # uploaded with the release, in one step (association_release)

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
        permission=is_unit_staff,
    )
    def accept(self, *, decided_by) -> None:
        self.decided_at = timezone.now()
        self.decided_by = decided_by

    @transition(
        field=state,
        source=AssociationState.REQUESTED,
        target=AssociationState.REJECTED,
        permission=is_unit_staff,
    )
    def reject(self, *, decided_by, reason: str) -> None:
        self.decided_at = timezone.now()
        self.decided_by = decided_by
        self.reason = reason

    @transition(
        field=state,
        source=AssociationState.ACCEPTED,
        target=AssociationState.DISSOCIATED,
        permission=is_unit_staff,
    )
    def dissociate(self, *, left_on: date) -> None:
        """PR5: the former unit releases the holder (within 5 days of departure, T4)."""
        self.left_on = left_on
        self.dissociated_at = timezone.now()


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
        return (
            self.select_related("applicant", "unit")
            .defer(*documents_of("applicant"))
            .order_by(models.F("received_at").asc(nulls_last=True), "pk")
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
        indexes = [
            # The reviewers' queue (``queue()``): oldest receipt first, a page at a time, and
            # its count by state; at 100,000 applications each was a scan of the table.
            models.Index(fields=["received_at", "id"], name="application_queue_order"),
            models.Index(fields=["state"], name="application_state"),
        ]

    def __str__(self) -> str:
        return f"{self.PROCESS.label} · {self.applicant.name}"

    def material_replaceable(self, code: str) -> bool:
        """Submitted means frozen: a material changes before the first submission, or on an
        application returned for that very material (its code among the return's reasons)."""
        if self.state == ApplicationState.DRAFT:
            return True
        event = self.last_return()
        if event is None:
            return False
        return any(m.material_code == code for m in event.returned_materials.all())

    # Applicant → unit → zone: the transitions every such process shares (reviews.transitions).
    submit = submit_to_unit(
        returned=ApplicationState.RETURNED_TO_APPLICANT, permission=_is_applicant
    )
    return_to_applicant = unit_return(
        name="return_to_applicant", to=ApplicationState.RETURNED_TO_APPLICANT
    )
    forward = unit_forward()
    return_to_unit, approve, reject = zone_decisions()


class PermitQuerySet(models.QuerySet):
    def valid(self) -> "PermitQuerySet":
        return self.filter(status=PermitStatus.VALID)

    def lapse_due(self, today: date) -> "PermitQuerySet":
        """Rule T3: still valid, but past the last valid day (the expiry column)."""
        return self.valid().filter(expires_on__lt=today)

    def renewal_window_open(self, today: date) -> "PermitQuerySet":
        """Rule T2: valid permits whose renewal window has opened and not closed: through the
        last submission day, or through expiry while that day cannot be computed (as
        ``Permit.in_renewal_window``)."""
        return self.valid().filter(
            Q(renewal_last_day__gte=today)
            | Q(renewal_last_day__isnull=True, expires_on__gte=today),
            renewal_opens_on__lte=today,
        )

    def renewal_last_day_between(self, first: date, last: date) -> "PermitQuerySet":
        """Rule T2: valid permits whose last renewal submission day falls in [first, last]."""
        return self.valid().filter(renewal_last_day__gte=first, renewal_last_day__lte=last)

    def without_submitted_renewal(self) -> "PermitQuerySet":
        """No renewal (PR4) waiting for the zone: a submitted renewal needs no reminder."""
        submitted = PermitCase.objects.filter(
            permit=models.OuterRef("pk"), kind=Process.PR4, state=PermitCaseState.WITH_ZONE
        )
        return self.exclude(models.Exists(submitted))

    def held_on(self, today: date) -> "PermitQuerySet":
        """Valid and not yet expired: what a holder holds today (T3: past expiry it lapses)."""
        return self.valid().filter(expires_on__gte=today)

    def for_unit(self, unit) -> "PermitQuerySet":
        return self.filter(unit=unit)


def _is_system(instance, user) -> bool:
    """Transitions nobody performs by hand: the lapse scan runs them without an actor."""
    return False


class Permit(Workflow):
    """The work residence permit (工作居住证). Number format: JKGJ-<year>-<6-digit serial>,
    the serial counting the permits issued in the zone that year (docs/permits.md).
    Its status changes only through ``reviews.services.case_transition``: lapse (T3) is one
    audit row; a renewal (PR4) and an employer change (PR5) keep it valid and are audited
    as transitions from valid to valid, each adding a period to its history."""

    PROCESS = Process.PR4
    STATE_FIELD = "status"

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
    status = FSMField(
        _("status"),
        max_length=12,
        choices=PermitStatus.choices,
        default=PermitStatus.VALID,
        protected=True,
    )
    # Rule T2, computed by the engine from expires_on whenever it changes and again when the
    # working-day calendar changes (permits.services.permit_renewal_dates_recompute).
    renewal_opens_on = models.DateField(_("renewal window opens"), null=True, blank=True)
    renewal_last_day = models.DateField(
        _("last renewal submission day"),
        null=True,
        blank=True,
        help_text=_("Empty while the working-day calendar of that year is not available."),
    )
    renewal_calendar_missing = models.PositiveSmallIntegerField(
        _("calendar year missing"), null=True, blank=True
    )

    objects = PermitQuerySet.as_manager()

    class Meta:
        verbose_name = _("work residence permit")
        verbose_name_plural = _("work residence permits")
        ordering = ["-issued_on", "-pk"]
        # The deadline scans read valid permits by these dates (T2 window and reminders, T3
        # lapse; docs/notices.md): the status first keeps each range to the valid ones.
        indexes = [
            models.Index(fields=["status", "expires_on"], name="permit_status_expires"),
            models.Index(fields=["status", "renewal_opens_on"], name="permit_status_opens"),
            models.Index(fields=["status", "renewal_last_day"], name="permit_status_last_day"),
        ]
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

    def approved_changes(self) -> list:
        """The approved changes (PR6, PR7) of this permit, read now (changes.PermitChange,
        through its reverse relation): the history a page shows."""
        return list(self.changes.approved())

    def days_left(self, today: date) -> int:
        return (self.expires_on - today).days

    @property
    def is_valid(self) -> bool:
        return self.status == PermitStatus.VALID

    def is_held_on(self, today: date) -> bool:
        """What ``PermitQuerySet.held_on`` selects, for a permit already read."""
        return self.is_valid and self.expires_on >= today

    def in_renewal_window(self, today: date) -> bool:
        """T2: from the window's opening through the last submission day (or through
        expiry while the last day cannot be computed)."""
        if not self.is_valid or self.renewal_opens_on is None or today < self.renewal_opens_on:
            return False
        return today <= (self.renewal_last_day or self.expires_on)

    def past_renewal_last_day(self, today: date) -> bool:
        return self.is_valid and self.renewal_last_day is not None and today > self.renewal_last_day

    @transition(field=status, source=PermitStatus.VALID, target=PermitStatus.LAPSED,
                permission=_is_system)  # fmt: skip
    def lapse(self) -> None:
        """Rule T3: at the end of the last valid day, for good."""

    @transition(field=status, source=PermitStatus.VALID, target=PermitStatus.VALID,
                permission=is_reviewer)  # fmt: skip
    def extend(self, *, expires_on: date) -> None:
        """PR4 approved: the same permit, the same number, a new expiry (T7)."""
        self.expires_on = expires_on

    @transition(field=status, source=PermitStatus.VALID, target=PermitStatus.VALID,
                permission=is_reviewer)  # fmt: skip
    def repoint(self, *, unit) -> None:
        """PR5 approved: the permit now belongs to the new employer."""
        self.unit = unit


class PermitPeriod(models.Model):
    """The history of a permit: its issue, each renewal and each change of employer, with
    the unit and the validity from then on. Never changed."""

    permit = models.ForeignKey(Permit, on_delete=models.PROTECT, related_name="periods")
    kind = models.CharField(_("event"), max_length=20, choices=PeriodKind.choices)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("valid until"))
    case = models.ForeignKey(
        "PermitCase", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("permit period")
        verbose_name_plural = _("permit periods")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.permit} {self.starts_on}–{self.ends_on}"


class PermitCaseQuerySet(models.QuerySet):
    def open(self) -> "PermitCaseQuerySet":
        return self.filter(state__in=OPEN_PERMIT_CASE_STATES)

    def for_unit(self, unit) -> "PermitCaseQuerySet":
        return self.filter(unit=unit)

    def awaiting_zone(self) -> "PermitCaseQuerySet":
        return self.filter(state=PermitCaseState.WITH_ZONE)

    def queue(self) -> "PermitCaseQuerySet":
        return (
            self.select_related("applicant", "unit", "permit", "from_unit")
            .defer(*documents_of("applicant"))
            .order_by(models.F("received_at").asc(nulls_last=True), "pk")
        )


class PermitCase(Case):
    """A case on an issued permit: PR4 renewal or PR5 employer change (聘用单位变更). The
    unit (for PR5 the new one) prepares it and submits it with its opinion (办理意见); the
    zone approves, returns or rejects. One open case per permit."""

    OPEN_STATES = OPEN_PERMIT_CASE_STATES
    RETURNED_STATES = (PermitCaseState.RETURNED_TO_UNIT,)

    kind = models.CharField(
        _("process"),
        max_length=3,
        choices=[(Process.PR4, Process.PR4.label), (Process.PR5, Process.PR5.label)],
    )
    permit = models.ForeignKey(
        Permit, verbose_name=_("permit"), on_delete=models.PROTECT, related_name="cases"
    )
    applicant = models.ForeignKey(
        "applicants.Applicant",
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="permit_cases",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="permit_cases",
    )
    from_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("former unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    state = FSMField(
        _("status"),
        default=PermitCaseState.DRAFT,
        choices=PermitCaseState.choices,
        protected=True,
    )
    withholding = models.JSONField(
        _("withholding months"),
        default=list,
        blank=True,
        help_text=_(
            "The 36 months of the holder's withholding details as the unit entered or "
            "imported them: month (YYYY-MM), social insurance unit, tax unit."
        ),
    )
    old_unit_gone = models.BooleanField(
        _("former unit deregistered or changed"),
        default=False,
        help_text=_(
            "The withholding details cannot be obtained: the tax record and the wage "
            "statement replace the screenshot."
        ),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = PermitCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("permit case")
        verbose_name_plural = _("permit cases")
        constraints = [
            models.UniqueConstraint(
                fields=["permit"],
                condition=Q(state__in=["draft", "with_zone", "returned_to_unit"]),
                name="one_open_case_per_permit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.applicant.name}"

    @property
    def PROCESS(self) -> Process:
        return Process(self.kind)

    @property
    def is_renewal(self) -> bool:
        return self.kind == Process.PR4

    @property
    def editable(self) -> bool:
        return self.state in (PermitCaseState.DRAFT, PermitCaseState.RETURNED_TO_UNIT)

    def attachments_visible_to(self, user) -> bool:
        if user.role == Role.UNIT_STAFF:
            return user.unit_id == self.unit_id
        return user.pk == self.applicant.user_id

    def attachments_editable_by(self, user) -> bool:
        return is_unit_staff(self, user) and self.editable

    @transition(
        field=state,
        source=[PermitCaseState.DRAFT, PermitCaseState.RETURNED_TO_UNIT],
        target=PermitCaseState.WITH_ZONE,
        permission=is_unit_staff,
    )
    def submit(self, *, received_at, due_on) -> None:
        """The unit sends the case straight to the zone, with its opinion."""
        self.submitted_at = received_at
        self.received_by_zone(received_at=received_at, due_on=due_on)

    return_to_unit, approve, reject = zone_decisions()

    @transition(
        field=state,
        source=list(OPEN_PERMIT_CASE_STATES),
        target=PermitCaseState.CLOSED,
        permission=_is_system,
    )
    def close(self) -> None:
        """The permit lapsed (T3) or the holder left the unit: no decision can follow."""
        self.decided_at = timezone.now()


class PermitNumberSequence(models.Model):
    """The last serial issued per year; locked while a number is taken."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("permit number sequence")
        verbose_name_plural = _("permit number sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
