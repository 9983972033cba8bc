"""PR3 and the association that precedes it. Every write that touches several models lives
here; every change of an application's or an association's state goes through
reviews.services (case_transition, or case_create for an association request)."""

import secrets
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.eligibility import ApplicantAssessment, assess_applicant
from applicants.models import Applicant
from applicants.record import applicant_record
from attachments.models import Attachment, MaterialKind
from attachments.services import attachment_upload
from notices.services import notices_create
from portal.constants import Process
from portal.i18n import in_language
from portal.models import User
from portal.refusals import Refused
from reviews.clock import promised_due_on
from reviews.services import (
    MaterialReturn,
    case_create,
    case_lock,
    case_reject,
    case_return,
    case_transition,
)
from rules.engine.deadlines import permit_expiry
from rules.engine.types import Contract
from rules.engine.verdict import Outcome
from units.models import Quota, Unit

from .constants import (
    LABOUR_CONTRACT_CODE,
    PERMIT_NUMBER_PREFIX,
    ApplicationState,
)
from .eligibility import (
    blocking,
    contract_checks,
    contract_facts,
    contract_field_errors,
    unit_permit_checks,
)
from .life import holder_elsewhere, holder_identity_errors, permit_issue_record
from .models import (
    Association,
    LabourContract,
    Permit,
    PermitApplication,
    PermitNumberSequence,
    PermitPolicy,
)
from .scans import holder_permits_lapse_and_tell

# Unambiguous characters only: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def _reason(result) -> str:
    return in_language(result.reason_zh, result.reason_en)


# --- association code -------------------------------------------------------------------
def unit_rotate_association_code(*, unit: Unit) -> str:
    """A new unguessable code; the old one stops working at once."""
    if not unit.has_business_permission:
        raise Refused([_("The unit has no business permission yet (PR1).")])
    for _attempt in range(5):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                Unit.objects.filter(pk=unit.pk).update(association_code=code)
        except IntegrityError:
            continue
        unit.association_code = code
        return code
    raise RuntimeError("could not find a free association code")


# --- association ------------------------------------------------------------------------
@transaction.atomic
def association_request(*, applicant: Applicant, code: str) -> Association:
    code = code.strip().upper().replace(" ", "")
    unit = Unit.objects.filter(association_code=code).first() if code else None
    if unit is None:
        raise ValidationError(
            {"code": _("No unit has this association code. Check it with your unit's HR staff.")}
        )
    if not unit.has_business_permission:
        raise ValidationError({"code": _("This unit has no business permission yet (PR1).")})
    live = Association.objects.select_for_update().filter(applicant=applicant).live().first()
    if live is not None:
        # PR5: until the old unit dissociates, the holder cannot associate elsewhere.
        raise ValidationError(
            {
                "code": _("You are already associated with, or waiting for, %(unit)s.")
                % {"unit": live.unit.name}
            }
        )
    association, _event = case_create(
        model=Association,
        transition="request",
        actor=applicant.user,
        applicant=applicant,
        unit=unit,
    )
    return association


@transaction.atomic
def association_withdraw(*, association: Association, by: User) -> Association:
    """The applicant takes back a request the unit has not answered."""
    association, _event = case_transition(case=association, transition="withdraw", actor=by)
    return association


@transaction.atomic
def association_accept(
    *,
    association: Association,
    by: User,
    party_a: str,
    start_date: date,
    end_date: date | None,
    work_location: str,
    position: str,
    contract_file: File,
    today: date | None = None,
    name: str = "",
    gender: str = "",
    id_number: str = "",
) -> LabourContract:
    """The unit accepts, entering and uploading the labour contract (M7, T5). A holder of
    another unit's permit (PR5) is accepted with name, gender and ID number as well, checked
    against the holder's record."""
    today = today or timezone.localdate()
    # Refused before the scan is stored: a rollback does not remove an uploaded file.
    association = case_lock(case=association, transition="accept", actor=by)
    errors = contract_field_errors(
        Contract(party_a, start_date, end_date, work_location), association.unit.name, today
    )
    if holder_elsewhere(association.applicant, association.unit, today) is not None:
        errors.update(
            holder_identity_errors(
                association.applicant, name=name, gender=gender, id_number=id_number
            )
        )
    if errors:
        raise ValidationError(errors)
    contract = LabourContract.objects.create(
        association=association,
        party_a=party_a,
        start_date=start_date,
        end_date=end_date,
        work_location=work_location,
        position=position,
        created_by=by,
    )
    try:
        attachment_upload(
            owner=contract,
            kind=MaterialKind.objects.get(code=LABOUR_CONTRACT_CODE),
            uploaded_file=contract_file,
            uploaded_by=by,
        )
    except ValidationError as exc:
        raise ValidationError(
            {"contract_file": exc.message_dict.get("file", exc.messages)}
        ) from exc
    case_transition(
        case=association,
        transition="accept",
        actor=by,
        data={"contract": contract.pk},
        decided_by=by,
    )
    return contract


@transaction.atomic
def association_reject(*, association: Association, by: User, reason: str) -> Association:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    association, _event = case_transition(
        case=association,
        transition="reject",
        actor=by,
        comment=reason,
        decided_by=by,
        reason=reason,
    )
    return association


# --- PR3 --------------------------------------------------------------------------------
def unit_refusals(unit: Unit, today: date) -> list[str]:
    """Why this unit cannot take a new application now (PR1, U9); empty when it can."""
    reasons = []
    if not unit.has_business_permission:
        reasons.append(_("The unit has no business permission yet (PR1)."))
    reasons += [_reason(r) for r in blocking(unit_permit_checks(unit, today))]
    return reasons


def holder_refusals(
    applicant: Applicant, today: date, *, permits: Sequence[Permit] | None = None
) -> list[str]:
    """Why this person cannot have a new permit: they already hold a valid one (one valid
    permit per person; a lapsed or cancelled one does not count). Empty when they can.
    ``permits``: the person's permits, when the page has read them already."""
    if permits is None:
        permit = Permit.objects.held_on(today).filter(holder=applicant).first()
    else:
        permit = next((p for p in permits if p.is_held_on(today)), None)
    if permit is None:
        return []
    return [
        _(
            "%(name)s already holds a valid work residence permit (number %(number)s, valid "
            "until %(expires)s): a second one cannot be issued. Renewal opens two months "
            "before it expires; a change of employer or of personal details is made on the "
            "permit itself."
        )
        % {
            "name": applicant.name,
            "number": permit.number,
            "expires": permit.expires_on.isoformat(),
        }
    ]


def application_open(*, applicant: Applicant, today: date | None = None) -> PermitApplication:
    today = today or timezone.localdate()
    application = PermitApplication.objects.for_applicant(applicant).open().first()
    if application is not None:
        return application
    refusals = holder_refusals(applicant, today)
    if refusals:
        raise Refused(refusals)
    association = (
        Association.objects.filter(applicant=applicant).accepted().select_related("unit").first()
    )
    if association is None:
        raise Refused(
            [
                _(
                    "Associate with your unit first: "
                    "the unit must accept you with your labour contract."
                )
            ]
        )
    try:
        with transaction.atomic():
            return PermitApplication.objects.create(
                applicant=applicant, unit=association.unit, association=association
            )
    except IntegrityError:
        return PermitApplication.objects.for_applicant(applicant).open().get()


def application_readiness(
    application: PermitApplication,
    today: date,
    *,
    checklist: list[MaterialKind] | None = None,
    current: dict[int, Attachment] | None = None,
    permits: Sequence[Permit] | None = None,
):
    """The engine's verdict for this application with its unit and contract, and the
    reasons that block it (profile, materials, contract, unit). A page that has read the
    applicant's ``checklist`` and ``current`` versions (as assess_applicant takes them) or
    ``permits`` passes them; the contract is the association's (``current_contract``: its
    prefetch, if the page made one)."""
    contract = application.association.current_contract
    assessment = assess_applicant(
        application.applicant,
        today=today,
        unit=application.unit,
        contract=contract_facts(contract),
        checklist=checklist,
        current=current,
    )
    reasons = holder_refusals(application.applicant, today, permits=permits)
    reasons += unit_refusals(application.unit, today)
    if contract is None:
        reasons.append(_("The unit has not entered your labour contract yet (M7)."))
    else:
        reasons += [
            _reason(r)
            for r in blocking(
                contract_checks(contract_facts(contract), application.unit.name, today)
            )
        ]
    reasons += assessment.missing
    if assessment.verdict is not None:
        reasons += [
            _reason(r)
            for r in assessment.verdict.results
            if r.outcome is Outcome.FAIL and not r.alternative
        ]
    if assessment.condition_fails and assessment.condition is not None:
        reasons.append(_reason(assessment.condition))
    missing = [m.kind.name for m in assessment.materials if m.is_missing or m.is_outdated]
    if missing:
        reasons.append(_("Materials missing or outdated: %s") % "、".join(missing))
    if not reasons and not assessment.can_submit:
        reasons.append(_("Your application is not complete yet: see the checks above."))
    return assessment, reasons


def _materials_snapshot(application: PermitApplication) -> dict[str, int]:
    owners = [application.applicant]
    contract = application.association.current_contract
    if contract is not None:
        owners.append(contract)
    snapshot = {}
    for owner in owners:
        for a in Attachment.objects.for_owner(owner).current().select_related("kind"):
            snapshot[a.kind.code] = a.pk
    return snapshot


@transaction.atomic
def application_submit(
    *, application: PermitApplication, by: User, today: date | None = None
) -> PermitApplication:
    today = today or timezone.localdate()
    _assessment, reasons = application_readiness(application, today)
    if reasons:
        raise Refused(reasons)
    application, _event = case_transition(
        case=application,
        transition="submit",
        actor=by,
        # What was submitted, kept as it was: the versions of the materials and everything
        # the applicant filled in (shown to the unit and the zone, changes marked).
        data={
            "materials": _materials_snapshot(application),
            "record": applicant_record(application.applicant),
        },
    )
    return application


@transaction.atomic
def application_return_to_applicant(
    *, application: PermitApplication, by: User, comment: str, returned: Sequence[MaterialReturn]
) -> PermitApplication:
    return case_return(
        case=application,
        transition="return_to_applicant",
        by=by,
        comment=comment,
        returned=returned,
    )


def opinion_required(
    application: PermitApplication, today: date, *, assessment: ApplicantAssessment | None = None
) -> bool:
    """The unit explains itself in its opinion (办理意见) where a rule leaves the decision
    to a reviewer (an outcome "needs manual review", e.g. U2's 原则上), and when it sends
    back an application the zone returned. ``assessment``: the application's readiness
    assessment, when the page has it already."""
    if application.state == ApplicationState.RETURNED_TO_UNIT:
        return True
    if assessment is None:
        assessment, _reasons = application_readiness(application, today)
    verdict = assessment.verdict
    return verdict is not None and any(
        r.outcome is Outcome.REVIEW and not r.alternative for r in verdict.results
    )


@transaction.atomic
def application_forward(
    *, application: PermitApplication, by: User, comment: str = "", today: date | None = None
) -> PermitApplication:
    """The unit has checked every item and sends the case to the zone (T1 starts)."""
    today = today or timezone.localdate()
    reasons = unit_refusals(application.unit, today)
    if reasons:
        raise Refused(reasons)
    if not comment.strip() and opinion_required(application, today):
        raise Refused(
            [
                _(
                    "Write the unit's opinion: some items need the zone's judgement, or the "
                    "zone returned the application. Say what you checked and what was fixed."
                )
            ]
        )
    now = timezone.now()
    application, _event = case_transition(
        case=application,
        transition="forward",
        actor=by,
        comment=comment,
        data={"materials": _materials_snapshot(application)},
        received_at=now,
        due_on=promised_due_on(process=Process.PR3, received_on=timezone.localdate(now)),
    )
    return application


@transaction.atomic
def application_return_to_unit(
    *, application: PermitApplication, by: User, comment: str, returned: Sequence[MaterialReturn]
) -> PermitApplication:
    return case_return(
        case=application, transition="return_to_unit", by=by, comment=comment, returned=returned
    )


@transaction.atomic
def application_reject(
    *, application: PermitApplication, by: User, reason: str
) -> PermitApplication:
    return case_reject(case=application, by=by, reason=reason)


def _next_permit_number(year: int) -> str:
    sequence, _created = PermitNumberSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{PERMIT_NUMBER_PREFIX}-{year}-{sequence.last:06d}"


@transaction.atomic
def application_approve(
    *,
    application: PermitApplication,
    by: User,
    comment: str = "",
    override_reason: str = "",
    today: date | None = None,
) -> Permit:
    """The zone approves: one permit is issued and one quota place used (U9), atomically."""
    today = today or timezone.localdate()
    unit = application.unit
    # The holder's row is locked first: two approvals for one person queue here, and the
    # second finds the permit the first issued (one valid permit per person).
    holder = Applicant.objects.select_for_update().get(pk=application.applicant_id)
    # T3: a permit past its expiry has lapsed, whether or not the scan has marked it yet;
    # its holder and unit are told as the scan would tell them.
    notices_create(drafts=holder_permits_lapse_and_tell(holder, today))
    held = holder_refusals(holder, today)
    if held:
        raise Refused(held)
    # The unit's quota row is locked next: two approvals for one unit with one place left
    # queue here, and the second finds none left.
    quota = Quota.objects.select_for_update().filter(unit=unit).first()
    # The state before the quota: a second click on an approved case hears "already
    # decided", not "no quota left" (the first click used the place).
    application = case_lock(case=application, transition="approve", actor=by)
    unit.quota = quota
    checks = unit_permit_checks(unit, today)
    failed = blocking(checks)
    if failed:
        raise Refused([_reason(r) for r in failed])
    over_cap = [r for r in checks if r.rule == "U6" and r.outcome is Outcome.REVIEW]
    if over_cap and not override_reason.strip():
        raise Refused([_reason(over_cap[0])])
    application, _event = case_transition(
        case=application,
        transition="approve",
        actor=by,
        comment="\n".join(filter(None, [comment, override_reason])),
        data={"u6_override": bool(over_cap)},
    )
    quota.used += 1
    quota.save(update_fields=["used", "updated_at"])
    validity = PermitPolicy.current().validity_years
    try:
        with transaction.atomic():
            permit = Permit.objects.create(
                number=_next_permit_number(today.year),
                holder=holder,
                unit=unit,
                application=application,
                issued_on=today,
                expires_on=permit_expiry(today, validity),  # rule T7
            )
            permit_issue_record(permit=permit)  # T2's dates, the first period
            return permit
    except IntegrityError as exc:
        # The partial unique index (one valid permit per holder) caught what the lock did not.
        raise Refused(
            holder_refusals(holder, today) or [_("The holder already has a valid permit.")]
        ) from exc
