"""The life of an issued permit: its renewal dates (T2), its lapse (T3), the unit's employee
record (更新合同), the old unit's release (解除关联, T4), and the cases on the permit — renewal
(PR4) and employer change (PR5) — from the unit's draft to the zone's decision.

Every change of a permit's, a case's or an association's state goes through
``reviews.services.case_transition`` (one audit row each); the rules are the engine's.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import Applicant
from attachments.models import Attachment, MaterialKind
from attachments.services import attachment_upload
from portal.constants import Process
from portal.i18n import in_language
from portal.models import User
from portal.refusals import Refused
from reviews.clock import promised_due_on
from reviews.models import AuditEvent
from reviews.services import (
    MaterialReturn,
    case_lock,
    case_reject,
    case_return,
    case_transition,
)
from rules.engine.continuity import required_months
from rules.engine.deadlines import (
    RENEWAL_CUTOFF_WORKING_DAYS,
    check_t2_employer_change,
    check_t3,
    check_t4,
    dissociation_due,
    is_lapsed,
    renewal_opens,
    renewed_expiry,
)
from rules.engine.identity import IdentityError, parse_resident_id
from rules.engine.renewal import check_pr4, evaluate_renewal
from rules.engine.text import same
from rules.engine.types import Contract, Employer, EntityType, RenewalFacts, WithholdingMonth
from rules.engine.unit import check_u2, check_u6
from rules.engine.verdict import Outcome, RuleResult, Verdict
from rules.engine.workdays import CalendarNotCovered, WorkingDayCalendar
from rules.tables import load_calendar
from units.models import Unit

from .constants import (
    INTEGRITY_DECLARATION_CODE,
    LABOUR_CONTRACT_CODE,
    RENEWAL_INCOME_CODE,
    RENEWAL_TAX_RECORD_CODE,
    RENEWAL_WAGES_CODE,
    RESIGNATION_CODE,
    AssociationState,
    PeriodKind,
    PermitStatus,
)
from .eligibility import contract_checks, contract_facts, contract_field_errors
from .models import Association, LabourContract, Permit, PermitCase, PermitPeriod, PermitPolicy


def _reason(result: RuleResult) -> str:
    return in_language(result.reason_zh, result.reason_en)


def _both(result: RuleResult) -> str:
    """An audit comment in both languages: the row is read in either."""
    return f"{result.reason_zh} {result.reason_en}"


# --- T2: the renewal window and the last submission day ---------------------------------
@dataclass(frozen=True, slots=True)
class RenewalDates:
    opens_on: date
    last_day: date | None  # None while the working-day calendar of that year is missing
    calendar_missing: int | None

    def as_fields(self) -> dict:
        return {
            "renewal_opens_on": self.opens_on,
            "renewal_last_day": self.last_day,
            "renewal_calendar_missing": self.calendar_missing,
        }


def renewal_dates(expires_on: date, calendar: WorkingDayCalendar) -> RenewalDates:
    """Rule T2 from the engine: the window opens two months before expiry; the last day is
    the 20th working day before it — or a clear "calendar not covered", never a guess."""
    try:
        last_day = calendar.working_day_before(expires_on, RENEWAL_CUTOFF_WORKING_DAYS)
    except CalendarNotCovered as exc:
        return RenewalDates(renewal_opens(expires_on), None, exc.year)
    return RenewalDates(renewal_opens(expires_on), last_day, None)


def permit_issue_record(*, permit: Permit, calendar: WorkingDayCalendar | None = None) -> None:
    """A newly issued permit: its T2 dates and the first period of its history."""
    dates = renewal_dates(permit.expires_on, calendar or load_calendar())
    Permit.objects.filter(pk=permit.pk).update(**dates.as_fields())
    for name, value in dates.as_fields().items():
        setattr(permit, name, value)
    PermitPeriod.objects.create(
        permit=permit,
        kind=PeriodKind.ISSUED,
        unit_id=permit.unit_id,
        starts_on=permit.issued_on,
        ends_on=permit.expires_on,
    )


RECOMPUTE_TRANSITION = "recompute_renewal_last_day"


def permit_renewal_dates_recompute() -> int:
    """After a change of the working-day calendar (``rules.signals.calendar_changed``): the
    last renewal submission day of every valid permit again, with one audit row per permit
    whose day moved (also from empty, once a missing year is imported). Running it twice
    changes nothing the second time. Returns how many moved."""
    calendar = load_calendar()
    moved = 0
    pks = list(Permit.objects.valid().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), 500):
        with transaction.atomic():
            # Row locks: a renewal approved meanwhile keeps the dates its new expiry gave.
            batch = Permit.objects.select_for_update().filter(pk__in=pks[start : start + 500])
            for permit in batch.valid().order_by("pk"):
                dates = renewal_dates(permit.expires_on, calendar)
                old = permit.renewal_last_day
                if dates.as_fields() == {f: getattr(permit, f) for f in dates.as_fields()}:
                    continue
                Permit.objects.filter(pk=permit.pk).update(**dates.as_fields())
                if old == dates.last_day:
                    continue
                before = old.isoformat() if old else "—"
                after = dates.last_day.isoformat() if dates.last_day else "—"
                AuditEvent.objects.create(
                    case=permit,
                    process=Process.PR4,
                    transition=RECOMPUTE_TRANSITION,
                    from_state=permit.status,
                    to_state=permit.status,
                    comment=(
                        f"工作日历变更，续签提交截止日由 {before} 改为 {after}（T2）。"
                        f" The working-day calendar changed: last renewal submission day "
                        f"{before} → {after} (T2)."
                    ),
                    data={
                        "renewal_last_day": {
                            "old": old.isoformat() if old else None,
                            "new": dates.last_day.isoformat() if dates.last_day else None,
                        }
                    },
                )
                moved += 1
    return moved


# --- T3: lapse --------------------------------------------------------------------------
@transaction.atomic
def permit_lapse(*, permit_id: int, today: date) -> bool:
    """Rule T3: a permit past its last valid day lapses, for good; a case still open on it
    is closed with the reason. True if this call lapsed it (a second call does nothing).
    The holder and unit are told by the caller in the same transaction
    (``permits.scans.permits_lapse_and_tell``)."""
    # Row lock: the scan and a reviewer approving a renewal at the same moment are served one
    # after the other; whoever comes second sees what the first left.
    permit = Permit.objects.select_for_update().filter(pk=permit_id).first()
    if permit is None or not permit.is_valid or not is_lapsed(permit.expires_on, today):
        return False
    t3 = check_t3(permit.expires_on, today)
    for case in PermitCase.objects.open().filter(permit=permit):
        case_transition(
            case=case,
            transition="close",
            actor=None,
            comment=_both(t3),
            data={"reason": "permit_lapsed", "rule": "T3"},
        )
    case_transition(
        case=permit,
        transition=LAPSE_TRANSITION,
        actor=None,
        comment=_both(t3),
        data={"rule": "T3", "expires_on": permit.expires_on.isoformat()},
    )
    return True


LAPSE_TRANSITION = "lapse"


@transaction.atomic
def permits_lapse_batch(*, permit_ids: Sequence[int], today: date) -> set[int]:
    """Rule T3 for a batch of permits (the scan's): what ``permit_lapse`` does to each, in
    a fixed number of queries. The batch is locked at once; a permit with a case still open
    goes through ``permit_lapse`` (its cases are closed one by one); the others lapse in one
    UPDATE with one audit row each, as ``case_transition`` writes it. Returns the permits
    this call lapsed (a second call lapses none)."""
    locked = (
        Permit.objects.select_for_update()
        .filter(pk__any=permit_ids)
        .valid()
        .order_by("pk")
        .values_list("pk", "expires_on")
    )
    due = {pk: expires_on for pk, expires_on in locked if is_lapsed(expires_on, today)}
    with_cases = set(
        PermitCase.objects.open().filter(permit__any=list(due)).values_list("permit_id", flat=True)
    )
    lapsed = {pk for pk in with_cases if permit_lapse(permit_id=pk, today=today)}
    plain = {pk: expires_on for pk, expires_on in due.items() if pk not in with_cases}
    if not plain:
        return lapsed
    # No per-row transition: lapse has no side effect of its own (Permit.lapse) and no
    # actor; the rows are locked and valid, so the update is the transition.
    Permit.objects.filter(pk__any=list(plain)).update(status=PermitStatus.LAPSED)
    permit_type = ContentType.objects.get_for_model(Permit)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            case_type=permit_type,
            case_id=pk,
            process=Permit.PROCESS,
            transition=LAPSE_TRANSITION,
            from_state=PermitStatus.VALID,
            to_state=PermitStatus.LAPSED,
            comment=_both(check_t3(expires_on, today)),
            data={"rule": "T3", "expires_on": expires_on.isoformat()},
        )
        for pk, expires_on in plain.items()
    )
    return lapsed | plain.keys()


# --- the employee record: 更新合同 -------------------------------------------------------
@transaction.atomic
def contract_update(
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
) -> LabourContract:
    """更新合同: the unit uploads the newest labour contract (M7, T5). Earlier contracts stay
    in the history; the newest is the one judged from now on."""
    today = today or timezone.localdate()
    # Row lock: two staff updating at once get two rows in order, never a lost upload.
    association = Association.objects.select_for_update().get(pk=association.pk)
    if association.state != AssociationState.ACCEPTED or association.unit_id != by.unit_id:
        raise Refused([_("Only the unit the employee works for can update the contract.")])
    if PermitCase.objects.filter(association=association).awaiting_zone().exists():
        raise Refused(
            [
                _(
                    "A case with this contract is waiting for the zone: what was submitted "
                    "stays as it was until the zone decides or returns it."
                )
            ]
        )
    errors = contract_field_errors(
        Contract(party_a, start_date, end_date, work_location), association.unit.name, today
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
    _upload(contract, LABOUR_CONTRACT_CODE, contract_file, by, field="contract_file")
    return contract


def _upload(owner, code: str, uploaded: File, by: User, *, field: str) -> Attachment:
    try:
        return attachment_upload(
            owner=owner,
            kind=MaterialKind.objects.get(code=code),
            uploaded_file=uploaded,
            uploaded_by=by,
        )
    except ValidationError as exc:
        raise ValidationError({field: exc.message_dict.get("file", exc.messages)}) from exc


# --- PR5: the old unit releases the holder (解除关联, T4) ----------------------------------
@dataclass(frozen=True, slots=True)
class DepartureClock:
    """Rule T4 for an employee whose contract has ended and who is not released yet."""

    left_on: date
    due_on: date
    days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def overdue_by(self) -> int:
        return max(0, -self.days_left)


def departure_clock(contract: LabourContract | None, today: date) -> DepartureClock | None:
    """Reading (T4): before the release, the departure date the list knows is the newest
    contract's end date; from the day after it the 5 calendar days run."""
    if contract is None or contract.end_date is None or contract.end_date >= today:
        return None
    due = dissociation_due(contract.end_date)
    return DepartureClock(contract.end_date, due, (due - today).days)


@transaction.atomic
def association_release(
    *,
    association: Association,
    by: User,
    name: str,
    id_number: str,
    left_on: date,
    resignation_file: File,
    today: date | None = None,
) -> Association:
    """解除关联 (PR5): the former unit gives the employee's name, ID number and contract end
    date, checked against the holder's record, with the resignation certificate. Due within
    5 calendar days of the departure (T4): a late release is recorded as such. A case the
    unit had open on the holder's permit is closed: it cannot be decided any more."""
    today = today or timezone.localdate()
    # Refused before the scan is stored: a rollback does not remove an uploaded file.
    association = case_lock(case=association, transition="dissociate", actor=by)
    applicant = association.applicant
    errors: dict[str, list[str]] = {}
    if not same(name, applicant.name):
        errors["name"] = [_("The name does not match the employee's record.")]
    if id_number.strip().upper() != applicant.id_number.upper():
        errors["id_number"] = [_("The ID number does not match the employee's record.")]
    if left_on > today:
        errors["left_on"] = [_("Release the employee once the contract has ended.")]
    if errors:
        raise ValidationError(errors)
    _upload(association, RESIGNATION_CODE, resignation_file, by, field="resignation_file")
    t4 = check_t4(left_on, dissociated_on=today, today=today)
    for case in PermitCase.objects.open().filter(association=association):
        case_transition(
            case=case,
            transition="close",
            actor=None,
            comment=_("The holder left the unit."),
            data={"reason": "holder_left", "by": by.pk},
        )
    association, _event = case_transition(
        case=association,
        transition="dissociate",
        actor=by,
        process=Process.PR5,
        comment=_both(t4),
        data={
            "rule": "T4",
            "left_on": left_on.isoformat(),
            "due_on": dissociation_due(left_on).isoformat(),
            "late": t4.outcome is Outcome.FAIL,
        },
        left_on=left_on,
    )
    return association


def holder_elsewhere(applicant: Applicant, unit: Unit, today: date) -> Permit | None:
    """The valid permit this person holds at another unit: joining ``unit`` is then an
    employer change (PR5), not a new application."""
    return (
        Permit.objects.held_on(today)
        .filter(holder=applicant)
        .exclude(unit=unit)
        .select_related("unit")
        .first()
    )


def holder_identity_errors(
    applicant: Applicant, *, name: str, gender: str, id_number: str
) -> dict[str, list[str]]:
    """PR5: the new unit accepts a permit holder with name, gender and ID number, checked
    against the holder's record."""
    errors: dict[str, list[str]] = {}
    if not same(name, applicant.name):
        errors["name"] = [_("The name does not match the employee's record.")]
    if gender != applicant.gender:
        errors["gender"] = [_("The gender does not match the employee's record.")]
    if id_number.strip().upper() != applicant.id_number.upper():
        errors["id_number"] = [_("The ID number does not match the employee's record.")]
    return errors


# --- PR4 / PR5 cases: open --------------------------------------------------------------
def _open_case(*, kind: Process, permit: Permit, association: Association, **fields) -> PermitCase:
    existing = PermitCase.objects.open().filter(permit=permit).first()
    if existing is not None:
        if existing.kind == kind and existing.unit_id == association.unit_id:
            return existing
        raise Refused(
            [
                _("The permit already has an open case: %(case)s (%(state)s).")
                % {"case": existing.get_kind_display(), "state": existing.get_state_display()}
            ]
        )
    try:
        with transaction.atomic():
            return PermitCase.objects.create(
                kind=kind,
                permit=permit,
                applicant=association.applicant,
                unit=association.unit,
                association=association,
                **fields,
            )
    except IntegrityError:
        return PermitCase.objects.open().get(permit=permit)


def renewal_open(*, association: Association, by: User, today: date | None = None) -> PermitCase:
    """办理员工证件续签: the unit starts (or finds) the renewal of its employee's permit. It
    may prepare it at any time; submission is refused outside the window (T2)."""
    today = today or timezone.localdate()
    permit = (
        Permit.objects.held_on(today)
        .filter(holder=association.applicant, unit=association.unit)
        .first()
    )
    if association.state != AssociationState.ACCEPTED or permit is None:
        raise Refused([_("This employee holds no valid permit at the unit.")])
    return _open_case(kind=Process.PR4, permit=permit, association=association)


def employer_change_open(
    *, association: Association, by: User, today: date | None = None
) -> PermitCase:
    """办理聘用单位变更: the new unit, having accepted a holder of another unit's permit."""
    today = today or timezone.localdate()
    permit = holder_elsewhere(association.applicant, association.unit, today)
    if association.state != AssociationState.ACCEPTED or permit is None:
        raise Refused([_("This employee holds no valid permit of another unit.")])
    return _open_case(
        kind=Process.PR5, permit=permit, association=association, from_unit=permit.unit
    )


# --- PR4: the 36 months -----------------------------------------------------------------
def withholding_rows(case: PermitCase, today: date) -> list[dict]:
    """The 36 months the renewal needs (the calendar months before the month of
    submission, rules.engine.continuity) with what the unit entered for each."""
    entered = {row.get("month"): row for row in case.withholding}
    rows = []
    for month in required_months(today):
        key = f"{month.year}-{month.month:02d}"
        row = entered.get(key, {})
        rows.append(
            {
                "month": key,
                "social_insurance_unit": row.get("social_insurance_unit", ""),
                "tax_unit": row.get("tax_unit", ""),
            }
        )
    return rows


@transaction.atomic
def renewal_details_save(
    *, case: PermitCase, by: User, rows: Sequence[dict], old_unit_gone: bool
) -> PermitCase:
    """The unit's entries beside the screenshot: kept as typed, judged at submission."""
    case = case_lock(case=case, transition="submit", actor=by)
    case.withholding = [
        {
            "month": row["month"],
            "social_insurance_unit": row.get("social_insurance_unit", "").strip(),
            "tax_unit": row.get("tax_unit", "").strip(),
        }
        for row in rows
        if row.get("month")
    ]
    case.old_unit_gone = old_unit_gone
    case.save(update_fields=["withholding", "old_unit_gone"])
    return case


def _month(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def _holder_contracts(applicant: Applicant) -> list[LabourContract]:
    """Every labour contract the holder had with a unit that employed them, newest first:
    after an employer change the names and dates of the change must agree (PR4)."""
    return list(
        LabourContract.objects.filter(
            association__applicant=applicant,
            association__state__in=[AssociationState.ACCEPTED, AssociationState.DISSOCIATED],
        ).order_by("-created_at")
    )


def renewal_verdict(case: PermitCase, today: date, calendar: WorkingDayCalendar) -> Verdict:
    """The engine's renewal verdict (P2, T2, T3, PR4 month by month, M7, T5, T7) for this
    case on ``today``. Raises CalendarNotCovered when the last day cannot be computed."""
    applicant = case.applicant
    permit = case.permit
    contract = case.association.current_contract
    current_period = permit.periods.order_by("-starts_on", "-pk").first()
    facts = RenewalFacts(
        name=applicant.name,
        identity=parse_resident_id(applicant.id_number, today=today),
        submission_date=today,
        employer=Employer(case.unit.name),
        permit_expires_on=permit.expires_on,
        months_social_insurance=0,
        months_income_tax=0,
        withholding_matches_contract=False,
        contract=contract_facts(contract),
        permit_issued_on=current_period.starts_on if current_period else permit.issued_on,
        withholding=_withholding_facts(case, today),
        contract_history=[contract_facts(c) for c in _holder_contracts(applicant)],
    )
    return evaluate_renewal(facts, calendar, PermitPolicy.current().validity_years)


def _months_result(case: PermitCase, today: date) -> RuleResult:
    """PR4 alone, month by month: what renewal_verdict judges of the months."""
    return check_pr4(
        0,
        0,
        False,
        withholding=_withholding_facts(case, today),
        contracts=[contract_facts(c) for c in _holder_contracts(case.applicant)],
        submitted=today,
    )


def _withholding_facts(case: PermitCase, today: date) -> list[WithholdingMonth]:
    return [
        WithholdingMonth(_month(r["month"]), r["social_insurance_unit"], r["tax_unit"])
        for r in withholding_rows(case, today)
    ]


def case_material_codes(case: PermitCase) -> list[str]:
    """The materials the case asks of the unit itself (owned by the case)."""
    if not case.is_renewal:
        return []
    if case.old_unit_gone:
        return [RENEWAL_TAX_RECORD_CODE, RENEWAL_WAGES_CODE]
    return [RENEWAL_INCOME_CODE]


@dataclass
class CaseReadiness:
    reasons: list[str]
    row_errors: dict[int, list[str]]
    verdict: Verdict | None = None
    notes: list[str] | None = None


def _missing_materials(case: PermitCase) -> list[str]:
    contract = case.association.current_contract
    owners = [(case, code) for code in case_material_codes(case)]
    owners.append((case.applicant, INTEGRITY_DECLARATION_CODE))
    if contract is not None:
        owners.append((contract, LABOUR_CONTRACT_CODE))
    missing = []
    for owner, code in owners:
        if not Attachment.objects.for_owner(owner).current().of_kind(code).exists():
            missing.append(MaterialKind.objects.get(code=code).name)
    return missing


def case_readiness(case: PermitCase, today: date) -> CaseReadiness:
    """Why the unit cannot submit this case today, each reason from the engine; for PR4 also
    the reasons per entered month (row index → messages)."""
    calendar = load_calendar()
    reasons: list[str] = []
    row_errors: dict[int, list[str]] = {}
    verdict = None
    permit = case.permit
    if case.is_renewal:
        results: list[RuleResult] = []
        try:
            verdict = renewal_verdict(case, today, calendar)
            results = verdict.results
        except CalendarNotCovered as exc:
            # The dates cannot be judged yet; the months still can, with the same inputs.
            reasons.append(in_language(exc.message_zh, exc.message_en))
            results = [_months_result(case, today)]
        except IdentityError as exc:
            reasons.append(in_language(exc.zh, exc.en))
        for result in results:
            if result.outcome is not Outcome.FAIL:
                continue
            reasons.append(_reason(result))
            for problem in result.problems:
                if problem.path.startswith("withholding["):
                    index = int(problem.path[len("withholding[") : -1])
                    row_errors.setdefault(index, []).append(in_language(problem.zh, problem.en))
    else:
        reasons += _change_refusals(case, today, calendar)
    missing = _missing_materials(case)
    if missing:
        reasons.append(_("Materials missing: %s") % "、".join(missing))
    if not permit.is_valid:
        reasons.append(_("The permit is no longer valid."))
    return CaseReadiness(reasons, row_errors, verdict)


def _change_refusals(case: PermitCase, today: date, calendar: WorkingDayCalendar) -> list[str]:
    """PR5: within the permit's validity (T3) and, with under two months left, by the
    renewal's cut-off (T2); the new unit in the zone, paying tax there, with business
    permission (PR1, U2); the new contract (M7, T5)."""
    permit = case.permit
    reasons = []
    if is_lapsed(permit.expires_on, today):
        reasons.append(_reason(check_t3(permit.expires_on, today)))
    elif today >= renewal_opens(permit.expires_on):
        try:
            t2 = check_t2_employer_change(today, permit.expires_on, calendar)
        except CalendarNotCovered as exc:
            reasons.append(in_language(exc.message_zh, exc.message_en))
        else:
            if t2.outcome is Outcome.FAIL:
                reasons.append(_reason(t2))
    unit = case.unit
    if not unit.has_business_permission:
        reasons.append(_("The unit has no business permission yet (PR1)."))
    u2 = check_u2(unit.registered_in_zone, unit.zone_tax_months or 0)
    if u2.outcome is Outcome.FAIL:
        reasons.append(_reason(u2))
    contract = case.association.current_contract
    if contract is None:
        reasons.append(_("The unit has not entered the labour contract yet."))
    else:
        for result in contract_checks(contract_facts(contract), unit.name, today):
            if result.outcome is Outcome.FAIL:
                reasons.append(_reason(result))
    return reasons


def _materials_snapshot(case: PermitCase) -> dict[str, int]:
    owners: list = [case, case.applicant]
    contract = case.association.current_contract
    if contract is not None:
        owners.append(contract)
    snapshot = {}
    for owner in owners:
        for a in Attachment.objects.for_owner(owner).current().select_related("kind"):
            snapshot[a.kind.code] = a.pk
    return snapshot


@transaction.atomic
def permit_case_submit(
    *, case: PermitCase, by: User, opinion: str, today: date | None = None
) -> PermitCase:
    """The unit submits with its opinion (办理意见): refused, with every reason and the dates,
    outside the renewal window (T2) or when a rule fails."""
    today = today or timezone.localdate()
    case = case_lock(case=case, transition="submit", actor=by)
    readiness = case_readiness(case, today)
    reasons = list(readiness.reasons)
    if not opinion.strip():
        reasons.append(_("Write the unit's opinion (办理意见)."))
    if reasons:
        raise Refused(reasons)
    now = timezone.now()
    data = {"materials": _materials_snapshot(case)}
    if case.is_renewal:
        data["withholding"] = withholding_rows(case, today)
        data["contract"] = case.association.current_contract.pk
    case, _event = case_transition(
        case=case,
        transition="submit",
        actor=by,
        comment=opinion,
        data=data,
        received_at=now,
        due_on=promised_due_on(process=case.kind, received_on=timezone.localdate(now)),
    )
    return case


# --- the zone's decision ----------------------------------------------------------------
@transaction.atomic
def permit_case_approve(
    *,
    case: PermitCase,
    by: User,
    comment: str = "",
    override_reason: str = "",
    today: date | None = None,
) -> Permit:
    """PR4: the same permit, its number kept, extended by the validity setting (T7). PR5: the
    permit re-pointed to the new unit. Each adds a period to the permit's history.

    Reading (U9): the handbook asks a new-permit quota (新办指标) for new applications only
    and says nothing of it for an employer change; a change uses no place of the new unit's
    quota and gives none back to the former one. A branch's cap (U6) applies as at issue."""
    today = today or timezone.localdate()
    # The permit's row is locked first: the lapse scan and this approval queue here.
    permit = Permit.objects.select_for_update().get(pk=case.permit_id)
    if is_lapsed(permit.expires_on, today) or not permit.is_valid:
        raise Refused([_reason(check_t3(permit.expires_on, today))])
    old_expiry = permit.expires_on
    override = False
    if not case.is_renewal:
        unit = Unit.objects.get(pk=case.unit_id)
        entity = EntityType(unit.entity_type) if unit.entity_type else EntityType.OTHER
        held = (
            Permit.objects.valid().filter(unit=unit).count() if entity == EntityType.BRANCH else 0
        )
        u6 = check_u6(entity, held)
        override = u6.outcome is Outcome.REVIEW
        if override and not override_reason.strip():
            raise Refused([_reason(u6)])
    case, _event = case_transition(
        case=case,
        transition="approve",
        actor=by,
        comment="\n".join(filter(None, [comment, override_reason])),
        data={"u6_override": override},
    )
    if case.is_renewal:
        new_expiry = renewed_expiry(old_expiry, PermitPolicy.current().validity_years)
        dates = renewal_dates(new_expiry, load_calendar())
        permit, _event = case_transition(
            case=permit,
            transition="extend",
            actor=by,
            data={
                "rule": "T7",
                "case": case.pk,
                "expires_on": {"old": old_expiry.isoformat(), "new": new_expiry.isoformat()},
            },
            expires_on=new_expiry,
        )
        Permit.objects.filter(pk=permit.pk).update(**dates.as_fields())
        PermitPeriod.objects.create(
            permit=permit,
            kind=PeriodKind.RENEWED,
            unit_id=permit.unit_id,
            starts_on=old_expiry + timedelta(days=1),
            ends_on=new_expiry,
            case=case,
        )
    else:
        old_unit = permit.unit_id
        permit, _event = case_transition(
            case=permit,
            transition="repoint",
            actor=by,
            process=Process.PR5,
            data={"case": case.pk, "unit": {"old": old_unit, "new": case.unit_id}},
            unit=case.unit,
        )
        PermitPeriod.objects.create(
            permit=permit,
            kind=PeriodKind.EMPLOYER_CHANGED,
            unit_id=case.unit_id,
            starts_on=today,
            ends_on=permit.expires_on,
            case=case,
        )
    permit.refresh_from_db()
    return permit


@transaction.atomic
def permit_case_return(
    *, case: PermitCase, by: User, comment: str, returned: Sequence[MaterialReturn]
) -> PermitCase:
    return case_return(
        case=case, transition="return_to_unit", by=by, comment=comment, returned=returned
    )


@transaction.atomic
def permit_case_reject(*, case: PermitCase, by: User, reason: str) -> PermitCase:
    return case_reject(case=case, by=by, reason=reason)
