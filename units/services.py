"""Writes of PR1 / PR2 that touch several models. Each runs in one transaction; every state
change goes through reviews.services.case_transition, which writes the audit row."""

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attachments.models import Attachment
from portal.constants import Process
from portal.models import User
from portal.refusals import Refused
from reviews.clock import promised_due_on
from reviews.services import MaterialReturn, TransitionRefused, case_reject, case_transition

from .constants import UNIT_MATERIAL_CODES, ZONE_DEPARTMENT
from .eligibility import assess_unit
from .models import Quota, QuotaChange, Unit, UnitCase, UnitPermission


class SubmissionBlocked(Refused):
    """The case cannot be submitted: ``reasons`` say what is missing or failing."""


def unit_case_open(*, unit: Unit, kind: Process) -> UnitCase:
    """The unit's open case of this process, started as a draft if there is none."""
    case = UnitCase.objects.for_unit(unit).open().filter(kind=kind).first()
    if case is not None:
        return case
    try:
        with transaction.atomic():
            return UnitCase.objects.create(unit=unit, kind=kind)
    except IntegrityError:
        # Two clicks at once: the other request created it.
        return UnitCase.objects.for_unit(unit).open().get(kind=kind)


@transaction.atomic
def unit_case_submit(*, case: UnitCase, by: User, today: date | None = None) -> UnitCase:
    """Rules U1–U8, U10, T6: the engine's verdict must not fail, then the zone receives it."""
    today = today or timezone.localdate()
    assessment = assess_unit(case.unit, today)
    if assessment.missing_fields:
        raise SubmissionBlocked(
            [_("Complete the unit profile first: %s") % "、".join(assessment.missing_fields)]
        )
    failed = [r for r in assessment.verdict.results if r.outcome == "fail" and not r.alternative]
    if failed:
        raise SubmissionBlocked([r.reason_zh for r in failed])
    if case.kind == Process.PR1 and case.unit.has_business_permission:
        raise SubmissionBlocked([_("The unit already holds business permission.")])
    submitted = {
        a.kind.code: a.pk
        for a in Attachment.objects.for_owner(case.unit)
        .current()
        .filter(kind__code__in=UNIT_MATERIAL_CODES)
        .select_related("kind")
    }
    now = timezone.now()
    case, _event = case_transition(
        case=case,
        transition="submit",
        actor=by,
        data={"materials": submitted, "verdict": assessment.verdict.outcomes()},
        received_at=now,
        due_on=promised_due_on(process=case.kind, received_on=timezone.localdate(now)),
    )
    return case


@transaction.atomic
def unit_case_return(
    *, case: UnitCase, by: User, comment: str, returned: Sequence[MaterialReturn]
) -> UnitCase:
    if not returned and not comment.strip():
        raise TransitionRefused(_("Give a reason for at least one material, or a comment."))
    case, _event = case_transition(
        case=case, transition="return_to_unit", actor=by, comment=comment, returned=returned
    )
    return case


@transaction.atomic
def unit_case_approve(*, case: UnitCase, by: User, comment: str = "") -> UnitCase:
    case, _event = case_transition(case=case, transition="approve", actor=by, comment=comment)
    unit = case.unit
    if case.kind == Process.PR1:
        UnitPermission.objects.get_or_create(unit=unit, defaults={"granted_by": by, "case": case})
    else:
        unit.competent_department = ZONE_DEPARTMENT
        unit.save(update_fields=["competent_department", "updated_at"])
    return case


@transaction.atomic
def unit_case_reject(*, case: UnitCase, by: User, reason: str) -> UnitCase:
    return case_reject(case=case, by=by, reason=reason)


@transaction.atomic
def quota_set(*, unit: Unit, granted: int, expires_on: date, by: User, comment: str = "") -> Quota:
    """Rule U9: administrators and reviewers set a unit's quota; places used are kept. Each
    change is one QuotaChange row with the values before and after; saving the same values
    again records nothing."""
    # Row lock: an approval using a place and a change of the quota are served one after the
    # other, so the check against the places used sees the latest count.
    quota = Quota.objects.select_for_update().filter(unit=unit).first()
    if quota is None:
        quota = Quota.objects.create(
            unit=unit, granted=granted, expires_on=expires_on, updated_by=by
        )
        granted_before, expires_on_before = None, None
    else:
        if granted < quota.used:
            raise TransitionRefused(
                _("The unit has already used %(used)s places; the quota cannot be lower.")
                % {"used": quota.used}
            )
        granted_before, expires_on_before = quota.granted, quota.expires_on
        if (granted_before, expires_on_before) == (granted, expires_on):
            return quota
        quota.granted = granted
        quota.expires_on = expires_on
        quota.updated_by = by
        quota.save(update_fields=["granted", "expires_on", "updated_by", "updated_at"])
    QuotaChange.objects.create(
        quota=quota,
        changed_by=by,
        changed_by_role=by.role,
        granted_before=granted_before,
        granted_after=granted,
        expires_on_before=expires_on_before,
        expires_on_after=expires_on,
        used=quota.used,
        comment=comment,
    )
    return quota
