"""The life of a permit through its services: T2 dates from issue, T3 lapse (once, with one
audit row, closing an open case), PR4 renewal extending the same permit (T7), 更新合同."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from permits import life, scans, services
from permits.constants import PeriodKind, PermitCaseState, PermitStatus
from permits.models import Permit, PermitCase
from reviews.models import AuditEvent
from rules.services import calendar_import

from .conftest import contract_data, scan
from .life_helpers import (
    AFTER_LAST_DAY,
    EXPIRES,
    IN_WINDOW,
    LAST_DAY,
    expire_on,
    fill_renewal,
    issued_permit,
    with_contract_history,
)


@pytest.fixture
def permit(with_zone, reviewer):
    return expire_on(issued_permit(with_zone, reviewer))


def _lapse_rows(permit):
    return AuditEvent.objects.for_case(permit).filter(transition="lapse")


# --- T2 ---------------------------------------------------------------------------------
def test_t2_dates_are_stored_from_issue(with_zone, reviewer):
    permit = issued_permit(with_zone, reviewer)
    assert permit.renewal_opens_on is not None
    assert permit.periods.get().kind == PeriodKind.ISSUED


def test_t2_last_day_across_national_day_2026(permit):
    assert permit.renewal_opens_on == date(2026, 8, 31)
    assert permit.renewal_last_day == LAST_DAY
    assert permit.in_renewal_window(IN_WINDOW)
    assert permit.past_renewal_last_day(AFTER_LAST_DAY)


def test_t2_missing_2027_calendar_is_a_note_not_a_guess(permit):
    permit = expire_on(permit, date(2027, 2, 20))
    assert permit.renewal_last_day is None
    assert permit.renewal_calendar_missing == 2027
    assert permit.renewal_opens_on == date(2026, 12, 20)


def test_t2_last_day_recomputed_once_after_a_calendar_change(permit):
    Permit.objects.filter(pk=permit.pk).update(renewal_last_day=date(2026, 9, 1))
    assert life.permit_renewal_dates_recompute() == 1
    assert life.permit_renewal_dates_recompute() == 0
    permit.refresh_from_db()
    assert permit.renewal_last_day == LAST_DAY
    rows = AuditEvent.objects.for_case(permit).filter(transition=life.RECOMPUTE_TRANSITION)
    assert rows.count() == 1


# --- T3 ---------------------------------------------------------------------------------
def test_t3_valid_through_the_expiry_day(permit):
    assert scans.permits_lapse(today=EXPIRES) == 0
    permit.refresh_from_db()
    assert permit.status == PermitStatus.VALID


def test_t3_lapse_run_twice_lapses_once_with_one_audit_row(permit):
    day_after = EXPIRES + timedelta(days=1)
    assert scans.permits_lapse(today=day_after) == 1
    assert scans.permits_lapse(today=day_after) == 0
    permit.refresh_from_db()
    assert permit.status == PermitStatus.LAPSED
    event = _lapse_rows(permit).get()
    assert event.actor is None and "T3" in event.comment
    assert (event.from_state, event.to_state) == ("valid", "lapsed")


def test_t3_lapse_command_is_the_same_scan(permit, settings):
    Permit.objects.filter(pk=permit.pk).update(expires_on=date(2020, 1, 1))
    call_command("lapse_permits")
    call_command("lapse_permits")
    assert _lapse_rows(permit).count() == 1


def test_t3_status_is_protected(permit):
    with pytest.raises(AttributeError):
        permit.status = PermitStatus.LAPSED


def test_t3_open_renewal_is_closed_with_the_reason(permit):
    case = life.renewal_open(
        association=permit.holder.associations.get(),
        by=permit.unit.staff.first(),
        today=IN_WINDOW,
    )
    scans.permits_lapse(today=EXPIRES + timedelta(days=1))
    case.refresh_from_db()
    assert case.state == PermitCaseState.CLOSED
    close = AuditEvent.objects.for_case(case).get(transition="close")
    assert "T3" in close.comment and close.data["reason"] == "permit_lapsed"


def test_t3_lapse_unblocks_a_new_application(permit):
    scans.permits_lapse(today=EXPIRES + timedelta(days=1))
    assert services.holder_refusals(permit.holder, EXPIRES + timedelta(days=1)) == []


# --- 更新合同 -----------------------------------------------------------------------------
def test_contract_update_keeps_history_and_judges_the_newest(permit):
    association = permit.holder.associations.get()
    first = association.current_contract
    staff = permit.unit.staff.first()
    newest = life.contract_update(
        association=association,
        by=staff,
        **contract_data(permit.unit, position="高级工程师", contract_file=scan()),
    )
    assert association.contracts.count() == 2
    assert association.current_contract == newest != first


def test_contract_update_refuses_m7_t5_at_their_fields(permit):
    association = permit.holder.associations.get()
    with pytest.raises(ValidationError) as excinfo:
        life.contract_update(
            association=association,
            by=permit.unit.staff.first(),
            **contract_data(
                permit.unit,
                party_a="别的公司",
                end_date=date.today() + timedelta(days=10),
                contract_file=scan(),
            ),
        )
    assert {"party_a", "end_date"} <= set(excinfo.value.message_dict)


# --- PR4 ----------------------------------------------------------------------------------
@pytest.fixture
def renewal(permit):
    with_contract_history(permit)
    staff = permit.unit.staff.first()
    case = life.renewal_open(
        association=permit.holder.associations.get(), by=staff, today=IN_WINDOW
    )
    return fill_renewal(case, staff)


def test_pr4_renewal_in_the_window_is_approved_and_extends_the_same_permit(renewal, reviewer):
    staff = renewal.unit.staff.first()
    case = life.permit_case_submit(
        case=renewal, by=staff, opinion="已核对36个月扣缴明细。", today=IN_WINDOW
    )
    assert case.state == PermitCaseState.WITH_ZONE
    permit = life.permit_case_approve(case=case, by=reviewer, today=IN_WINDOW)
    assert permit.pk == renewal.permit_id and permit.number == renewal.permit.number
    assert permit.expires_on == date(2029, 10, 31)  # T7: 3 more years from 2026-11-01
    assert permit.renewal_opens_on == date(2029, 8, 31)
    periods = list(permit.periods.values_list("kind", "starts_on", "ends_on"))
    assert periods[-1] == (PeriodKind.RENEWED, date(2026, 11, 1), date(2029, 10, 31))
    assert AuditEvent.objects.for_case(permit).filter(transition="extend").count() == 1


def test_pr4_submission_after_the_last_day_is_refused_with_the_dates(renewal):
    with pytest.raises(life.Refused) as excinfo:
        life.permit_case_submit(
            case=renewal, by=renewal.unit.staff.first(), opinion="意见", today=AFTER_LAST_DAY
        )
    text = " ".join(excinfo.value.reasons)
    assert "2026-09-29" in text and "T2" in text
    renewal.refresh_from_db()
    assert renewal.state == PermitCaseState.DRAFT


def test_pr4_submission_before_the_window_is_refused_with_the_dates(renewal):
    with pytest.raises(life.Refused) as excinfo:
        life.permit_case_submit(
            case=renewal, by=renewal.unit.staff.first(), opinion="意见", today=date(2026, 8, 1)
        )
    assert "2026-08-31" in " ".join(excinfo.value.reasons)


def test_pr4_a_month_without_tax_is_named_at_its_row(renewal):
    rows = life.withholding_rows(renewal, IN_WINDOW)
    rows[5]["tax_unit"] = ""
    staff = renewal.unit.staff.first()
    case = life.renewal_details_save(case=renewal, by=staff, rows=rows, old_unit_gone=False)
    readiness = life.case_readiness(case, IN_WINDOW)
    assert list(readiness.row_errors) == [5]
    assert rows[5]["month"] in readiness.row_errors[5][0]


def test_pr4_old_unit_gone_asks_for_the_tax_record_and_wages(renewal):
    staff = renewal.unit.staff.first()
    rows = life.withholding_rows(renewal, IN_WINDOW)
    case = life.renewal_details_save(case=renewal, by=staff, rows=rows, old_unit_gone=True)
    reasons = life.case_readiness(case, IN_WINDOW).reasons
    assert any("纳税记录" in r or "tax record" in r for r in reasons)


def test_pr4_opinion_is_required(renewal):
    with pytest.raises(life.Refused) as excinfo:
        life.permit_case_submit(
            case=renewal, by=renewal.unit.staff.first(), opinion=" ", today=IN_WINDOW
        )
    assert any("办理意见" in r for r in excinfo.value.reasons)


def test_pr4_one_open_case_per_permit(renewal):
    again = life.renewal_open(
        association=renewal.association, by=renewal.unit.staff.first(), today=IN_WINDOW
    )
    assert again == renewal
    assert PermitCase.objects.filter(permit=renewal.permit).count() == 1


def test_t2_importing_2027_fills_the_missing_last_day_once(permit):
    permit = expire_on(permit, date(2027, 2, 20))
    fixture = Path(__file__).resolve().parents[2] / "tests" / "holidays_2027_fixture.txt"
    calendar_import(year=2027, text=fixture.read_text(encoding="utf-8"), source="fixture")
    assert life.permit_renewal_dates_recompute() == 1
    assert life.permit_renewal_dates_recompute() == 0
    permit.refresh_from_db()
    assert permit.renewal_last_day is not None and permit.renewal_calendar_missing is None
    assert permit.renewal_last_day < date(2027, 2, 20)


# --- PR5 ----------------------------------------------------------------------------------
def _release(permit, today, left_on):
    association = permit.holder.associations.get(unit=permit.unit)
    return life.association_release(
        association=association,
        by=permit.unit.staff.first(),
        name=permit.holder.name,
        id_number=permit.holder.id_number,
        left_on=left_on,
        resignation_file=scan("resignation.png"),
        today=today,
    )


def test_pr5_release_checks_name_and_id_against_the_record(permit):
    association = permit.holder.associations.get()
    with pytest.raises(ValidationError) as excinfo:
        life.association_release(
            association=association,
            by=permit.unit.staff.first(),
            name="别人",
            id_number="110105199001010000",
            left_on=date(2026, 9, 1),
            resignation_file=scan(),
            today=date(2026, 9, 3),
        )
    assert {"name", "id_number"} <= set(excinfo.value.message_dict)


def test_pr5_t4_release_within_five_days_is_on_time_and_day_six_is_late(permit):
    association = _release(permit, today=date(2026, 10, 5), left_on=date(2026, 9, 30))
    event = AuditEvent.objects.for_case(association).get(transition="dissociate")
    assert event.process == "PR5" and event.data["late"] is False and "T4" in event.comment
    assert association.left_on == date(2026, 9, 30)


def test_pr5_t4_late_release_is_recorded_as_late(with_zone, reviewer):
    permit = expire_on(issued_permit(with_zone, reviewer, serial=2))
    association = _release(permit, today=date(2026, 10, 6), left_on=date(2026, 9, 30))
    assert AuditEvent.objects.for_case(association).get(transition="dissociate").data["late"]


def test_pr5_departure_clock_counts_five_calendar_days(permit):
    contract = permit.holder.associations.get().current_contract
    contract.end_date = date(2026, 9, 30)
    clock = life.departure_clock(contract, date(2026, 10, 3))
    assert (clock.due_on, clock.days_left, clock.overdue) == (date(2026, 10, 5), 2, False)
    assert life.departure_clock(contract, date(2026, 10, 7)).overdue


@pytest.fixture
def changed_over(permit, permitted_unit):
    """The holder released by the old unit and accepted by a new one (PR5)."""
    _release(permit, today=date(2026, 6, 3), left_on=date(2026, 6, 1))
    new_unit = permitted_unit(name="北京新单位科技有限公司")
    association = services.association_request(
        applicant=permit.holder, code=new_unit.association_code
    )
    services.association_accept(
        association=association,
        by=new_unit.staff_user,
        name=permit.holder.name,
        gender=permit.holder.gender,
        id_number=permit.holder.id_number,
        today=date(2026, 6, 5),
        **contract_data(new_unit),
    )
    association.refresh_from_db()
    return permit, new_unit, association


def test_pr5_new_unit_must_give_name_gender_and_id_of_the_holder(permit, permitted_unit):
    _release(permit, today=date(2026, 6, 3), left_on=date(2026, 6, 1))
    new_unit = permitted_unit(name="北京新单位科技有限公司")
    association = services.association_request(
        applicant=permit.holder, code=new_unit.association_code
    )
    with pytest.raises(ValidationError) as excinfo:
        services.association_accept(
            association=association,
            by=new_unit.staff_user,
            today=date(2026, 6, 5),
            **contract_data(new_unit),
        )
    assert {"name", "gender", "id_number"} <= set(excinfo.value.message_dict)


def test_pr5_change_approved_repoints_the_permit_and_keeps_both_in_history(changed_over, reviewer):
    permit, new_unit, association = changed_over
    today = date(2026, 6, 10)
    case = life.employer_change_open(association=association, by=new_unit.staff_user, today=today)
    assert case.from_unit == permit.unit
    case = life.permit_case_submit(
        case=case, by=new_unit.staff_user, opinion="已核对劳动合同。", today=today
    )
    quota_before = new_unit.quota.used
    permit = life.permit_case_approve(case=case, by=reviewer, today=today)
    assert permit.unit == new_unit and permit.number == case.permit.number
    units = list(permit.periods.values_list("unit__name", flat=True))
    assert units == [case.from_unit.name, new_unit.name]
    new_unit.quota.refresh_from_db()
    assert new_unit.quota.used == quota_before  # reading: a change uses no quota place
    event = AuditEvent.objects.for_case(permit).get(transition="repoint")
    assert event.process == "PR5"


def test_pr5_t2_change_past_the_cut_off_is_refused(changed_over):
    _permit, new_unit, association = changed_over
    case = life.employer_change_open(
        association=association, by=new_unit.staff_user, today=date(2026, 6, 10)
    )
    with pytest.raises(life.Refused) as excinfo:
        life.permit_case_submit(
            case=case, by=new_unit.staff_user, opinion="意见", today=AFTER_LAST_DAY
        )
    assert any("2026-09-29" in r for r in excinfo.value.reasons)
    with pytest.raises(life.Refused) as excinfo:
        life.permit_case_submit(
            case=case, by=new_unit.staff_user, opinion="意见", today=date(2026, 11, 2)
        )
    assert any("T3" in r for r in excinfo.value.reasons)


def test_pr5_new_unit_outside_the_zone_is_refused(changed_over):
    _permit, new_unit, association = changed_over
    type(new_unit).objects.filter(pk=new_unit.pk).update(registered_in_zone=False)
    case = life.employer_change_open(
        association=association, by=new_unit.staff_user, today=date(2026, 6, 10)
    )
    case.unit.refresh_from_db()
    with pytest.raises(life.Refused) as excinfo:
        life.permit_case_submit(
            case=case, by=new_unit.staff_user, opinion="意见", today=date(2026, 6, 10)
        )
    assert any("U2" in r for r in excinfo.value.reasons)
