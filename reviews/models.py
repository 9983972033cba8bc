"""The workflow machinery every process reuses: the immutable audit trail of a case, the
reasons given for returned materials, the promised time per process (rule T1), and the
abstract case whose state only services change."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin

from portal.constants import Process, Role

from .constants import DEFAULT_PROMISED_WORKING_DAYS


class ImmutableError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def for_case(self, case: models.Model) -> "AuditEventQuerySet":
        return self.filter(
            case_type=ContentType.objects.get_for_model(case), case_id=case.pk
        ).order_by("at", "pk")

    def timeline(self) -> "AuditEventQuerySet":
        return self.select_related("actor").prefetch_related("returned_materials")


class AuditEvent(models.Model):
    """One row per state change of any case: who, when, from, to, comment. Never changed."""

    case_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    case_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("case_type", "case_id")
    process = models.CharField(_("process"), max_length=3, choices=Process.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    transition = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=30)
    to_state = models.CharField(_("to"), max_length=30)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case_type", "case_id", "at"])]

    def __str__(self) -> str:
        return f"{self.process} #{self.case_id} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableError("audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("audit events are never deleted")


class ReturnedMaterial(models.Model):
    """The reason a reviewer gave for one material when returning a case."""

    event = models.ForeignKey(
        AuditEvent, on_delete=models.PROTECT, related_name="returned_materials"
    )
    material_code = models.CharField(_("material"), max_length=40)
    material_name = models.CharField(_("material name"), max_length=200)
    reason = models.TextField(_("reason"), max_length=2000)

    class Meta:
        verbose_name = _("returned material")
        verbose_name_plural = _("returned materials")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.material_name}: {self.reason}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableError("returned-material reasons are never changed")
        super().save(*args, **kwargs)


class PromisedTimeQuerySet(models.QuerySet):
    def working_days_for(self, process: str) -> int:
        row = self.filter(process=process).first()
        return row.working_days if row else DEFAULT_PROMISED_WORKING_DAYS[Process(process)]


class PromisedTime(models.Model):
    """Rule T1: the promised completion time of a process, in Chinese working days."""

    process = models.CharField(_("process"), max_length=3, choices=Process.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("working days"))

    objects = PromisedTimeQuerySet.as_manager()

    class Meta:
        verbose_name = _("promised time")
        verbose_name_plural = _("promised times")
        ordering = ["process"]

    def __str__(self) -> str:
        return f"{self.get_process_display()}: {self.working_days}"


class Workflow(ConcurrentTransitionMixin, models.Model):
    """Abstract base of everything whose state only ``reviews.services.case_transition``
    changes: subclasses add a protected FSMField named ``state`` and its transitions, and say
    under which process their audit rows are filed. Cases add the zone's clock; an
    association (permits) has no clock but is audited the same way."""

    PROCESS: Process
    # The name of the protected FSMField (a permit keeps its ``status``).
    STATE_FIELD = "state"

    class Meta:
        abstract = True

    @property
    def workflow_state(self) -> str:
        return getattr(self, self.STATE_FIELD)

    def workflow_state_display(self) -> str:
        return getattr(self, f"get_{self.STATE_FIELD}_display")()


class Case(Workflow):
    """Abstract base of every process's case. Concrete cases add an FSMField named ``state``
    (protected) and transitions (the shared ones built by ``reviews.transitions``); services
    in ``reviews.services`` run them and audit them.
    Their querysets provide ``awaiting_zone()`` (the cases the zone holds, whose T1 clock
    runs): ``reviews.recompute`` recomputes those promised dates when the calendar changes."""

    OPEN_STATES: tuple[str, ...] = ()
    # States in which the case is back with the unit or the applicant: the T1 clock pauses.
    RETURNED_STATES: tuple[str, ...] = ()

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    received_at = models.DateTimeField(
        _("received by the zone"),
        null=True,
        blank=True,
        help_text=_("When the zone last received the case; the promised time runs from here."),
    )
    due_on = models.DateField(
        _("promised by"),
        null=True,
        blank=True,
        db_index=True,  # the T1 scan finds overdue cases by it (notices)
        help_text=_("Rule T1: the promised number of working days after the zone's receipt."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def process(self) -> Process:
        return self.PROCESS

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_returned(self) -> bool:
        return self.state in self.RETURNED_STATES

    def received_on(self) -> date | None:
        return timezone.localdate(self.received_at) if self.received_at else None

    def received_by_zone(self, *, received_at, due_on: date | None) -> None:
        """The zone receives the case (again): its T1 clock runs from here to ``due_on``."""
        self.received_at = received_at
        self.due_on = due_on

    def record_submission(self) -> None:
        """What a case keeps of a submission to its unit besides its time; a process with
        more to keep (a change's proposal as sent) overrides this, with keyword arguments."""

    def last_return(self) -> AuditEvent | None:
        """The return this case is in, with its reasons; None unless it is returned."""
        if not self.is_returned:
            return None
        return (
            AuditEvent.objects.for_case(self)
            .filter(transition__startswith="return")
            .prefetch_related("returned_materials")
            .last()
        )
