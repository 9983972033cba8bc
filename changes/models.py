"""A change to a permit: its basic information (PR6) or its dependants (PR7). The holder
proposes, the unit checks and gives its opinion, the zone decides; the holder's record (the
permit's record) changes only when the zone approves (changes.services.change_approve)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from portal.constants import Process, Role
from reviews.models import Case
from reviews.transitions import submit_to_unit, unit_forward, unit_return, zone_decisions

from .constants import (
    AWAITING_UNIT_STATES,
    EDITABLE_CHANGE_STATES,
    KIND_CHOICES,
    OPEN_CHANGE_STATES,
    RETURNED_CHANGE_STATES,
    ChangeState,
)


class PermitChangeQuerySet(models.QuerySet):
    def for_holder(self, holder) -> "PermitChangeQuerySet":
        return self.filter(holder=holder)

    def for_unit(self, unit) -> "PermitChangeQuerySet":
        return self.filter(unit=unit)

    def open(self) -> "PermitChangeQuerySet":
        return self.filter(state__in=OPEN_CHANGE_STATES)

    def submitted(self) -> "PermitChangeQuerySet":
        """Changes that left the holder's draft at least once."""
        return self.exclude(state=ChangeState.DRAFT)

    def awaiting_unit(self) -> "PermitChangeQuerySet":
        return self.filter(state__in=AWAITING_UNIT_STATES)

    def awaiting_zone(self) -> "PermitChangeQuerySet":
        """The changes the zone holds, whose T1 clock runs (reviews.recompute, scans)."""
        return self.filter(state=ChangeState.WITH_ZONE)

    def approved(self) -> "PermitChangeQuerySet":
        """The permit's history: every approved change, oldest first."""
        return self.filter(state=ChangeState.APPROVED).order_by("decided_at", "pk")

    def queue(self) -> "PermitChangeQuerySet":
        return self.select_related("holder", "unit", "permit").order_by(
            models.F("received_at").asc(nulls_last=True), "pk"
        )


def _is_holder(instance, user) -> bool:
    return user.pk == instance.holder.user_id


class PermitChange(Case):
    """PR6 (basic information) or PR7 (dependants) of one permit.

    ``proposal`` is what the holder is preparing; at each submission ``before`` (the record as
    it then stood) and ``submitted`` (the proposal as sent) are kept, here and in the submit
    audit row, and the unit and the zone judge ``submitted``. Approval writes ``submitted``
    into the holder's record."""

    OPEN_STATES = OPEN_CHANGE_STATES
    RETURNED_STATES = RETURNED_CHANGE_STATES

    kind = models.CharField(_("process"), max_length=3, choices=KIND_CHOICES)
    permit = models.ForeignKey(
        "permits.Permit",
        verbose_name=_("work residence permit"),
        on_delete=models.PROTECT,
        related_name="changes",
    )
    holder = models.ForeignKey(
        "applicants.Applicant",
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="permit_changes",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="permit_changes",
    )
    state = FSMField(
        _("status"), default=ChangeState.DRAFT, choices=ChangeState.choices, protected=True
    )
    proposal = models.JSONField(_("proposed values"), default=dict, blank=True)
    before = models.JSONField(
        _("record before"),
        default=dict,
        blank=True,
        help_text=_("The holder's record as it stood at the last submission."),
    )
    submitted = models.JSONField(
        _("values submitted"),
        default=dict,
        blank=True,
        help_text=_("The proposal as last submitted: what the unit and the zone judge."),
    )
    submitted_at = models.DateTimeField(_("submitted to the unit"), null=True, blank=True)

    objects = PermitChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("permit change")
        verbose_name_plural = _("permit changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "kind"],
                condition=Q(
                    state__in=[
                        "draft",
                        "with_unit",
                        "returned_to_holder",
                        "with_zone",
                        "returned_to_unit",
                    ]
                ),
                name="one_open_change_per_holder_and_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.holder.name}"

    @property
    def PROCESS(self) -> Process:
        return Process(self.kind)

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_CHANGE_STATES

    # Attachment owner protocol: the proofs belong to the change, not to the holder's record.
    def attachments_visible_to(self, user) -> bool:
        if user.pk == self.holder.user_id:
            return True
        return user.role == Role.UNIT_STAFF and user.unit_id == self.unit_id

    def attachments_editable_by(self, user) -> bool:
        """The holder, while preparing the change or after it came back to them; what was
        submitted stays as it was while the unit or the zone has it."""
        return user.pk == self.holder.user_id and self.is_editable

    # Holder → unit → zone: the transitions every such process shares (reviews.transitions).
    submit = submit_to_unit(returned=ChangeState.RETURNED_TO_HOLDER, permission=_is_holder)
    return_to_holder = unit_return(name="return_to_holder", to=ChangeState.RETURNED_TO_HOLDER)
    forward = unit_forward()
    return_to_unit, approve, reject = zone_decisions()

    def record_submission(self, *, before: dict, submitted: dict) -> None:
        """Kept at each submission: the record as it then stood and the proposal as sent."""
        self.before = before
        self.submitted = submitted
