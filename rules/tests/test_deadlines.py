"""Time limits T1–T7 and the renewal verdict (T2, T3, PR4, T7)."""

from datetime import date

import pytest

from rules.engine.deadlines import (
    Business,
    check_t1,
    check_t2,
    check_t2_employer_change,
    check_t3,
    check_t4,
    check_t7,
    dissociation_due,
    dissociation_overdue_if_left_before,
    permit_expiry,
    promised_completion,
    renewal_window,
)
from rules.engine.workdays import WorkingDayCalendar

from .builders import make_id, renewal_payload

CAL = WorkingDayCalendar()


# --- T1 ---------------------------------------------------------------------------------
def test_t1_promised_dates_across_spring_festival():
    # Submitted Fri 2026-02-06: 9–13 Feb (5), 14 make-up Sat (6), 15–23 off, 24–27 (10),
    # 28 make-up Sat (11), 2–6 Mar (16), 9–12 Mar (20).
    assert promised_completion(date(2026, 2, 6), Business.NEW, CAL) == date(2026, 3, 12)
    assert promised_completion(date(2026, 2, 6), Business.CHANGE, CAL) == date(2026, 2, 27)


def test_t1_completed_on_the_promised_day_passes():
    r = check_t1(Business.RENEWAL, date(2026, 9, 18), date(2026, 10, 22), CAL)
    assert r.outcome == "pass"
    assert "20 个工作日" in r.reason_zh


def test_t1_completed_a_working_day_late_fails():
    r = check_t1(Business.NEW, date(2026, 9, 18), date(2026, 10, 23), CAL)
    assert r.outcome == "fail"
    assert "2026-10-22" in r.reason_zh


def test_t1_date_shown_in_a_new_application_verdict(judge):
    from .builders import person_payload

    verdict = judge("person", person_payload())
    assert verdict.dates["promised_completion"] == date(2026, 3, 30)


def test_t1_uncovered_year_is_said_not_guessed(judge):
    from .builders import person_payload

    verdict = judge("person", person_payload(submission_date="2026-12-15"))
    assert verdict.dates["promised_completion"] is None
    assert any("2027" in n.zh for n in verdict.notes)


# --- T2 ---------------------------------------------------------------------------------
def test_t2_window_and_cut_off_around_national_day():
    opens, closes = renewal_window(date(2026, 10, 31), CAL)
    assert (opens, closes) == (date(2026, 8, 31), date(2026, 9, 29))


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [
        (date(2026, 8, 31), "pass"),
        (date(2026, 9, 29), "pass"),
        (date(2026, 8, 30), "fail"),
        (date(2026, 9, 30), "fail"),
    ],
)
def test_t2_window_boundaries_pass_and_fail(submitted, expected):
    assert check_t2(submitted, date(2026, 10, 31), CAL).outcome == expected


def test_t2_employer_change_cut_off_pass_and_fail():
    expires = date(2026, 10, 31)
    assert check_t2_employer_change(date(2026, 6, 1), expires, CAL).outcome == "pass"
    assert check_t2_employer_change(date(2026, 9, 29), expires, CAL).outcome == "pass"
    assert check_t2_employer_change(date(2026, 9, 30), expires, CAL).outcome == "fail"


# --- T3 ---------------------------------------------------------------------------------
def test_t3_valid_through_expiry_day_passes():
    assert check_t3(date(2026, 10, 31), date(2026, 10, 31)).outcome == "pass"


def test_t3_day_after_expiry_fails_for_good():
    r = check_t3(date(2026, 10, 31), date(2026, 11, 1))
    assert r.outcome == "fail"
    assert "新办" in r.action_zh


# --- T4 ---------------------------------------------------------------------------------
def test_t4_dissociation_within_five_calendar_days_passes():
    assert dissociation_due(date(2026, 9, 30)) == date(2026, 10, 5)  # holidays count
    r = check_t4(date(2026, 9, 30), dissociated_on=date(2026, 10, 5), today=date(2026, 10, 9))
    assert r.outcome == "pass"
    r = check_t4(date(2026, 9, 30), dissociated_on=None, today=date(2026, 10, 5))
    assert r.outcome == "pass"


@pytest.mark.parametrize(
    ("departure", "overdue"),
    [(date(2026, 9, 25), True), (date(2026, 9, 26), False), (date(2026, 9, 27), False)],
)
def test_t4_the_scans_bound_agrees_with_the_due_date(departure, overdue):
    on = date(2026, 10, 1)  # left 09-26: due 10-01, not overdue on it; left 09-25: overdue
    assert (departure < dissociation_overdue_if_left_before(on)) is overdue
    assert (dissociation_due(departure) < on) is overdue


def test_t4_dissociation_on_day_six_fails():
    r = check_t4(date(2026, 9, 30), dissociated_on=date(2026, 10, 6), today=date(2026, 10, 9))
    assert r.outcome == "fail"
    r = check_t4(date(2026, 9, 30), dissociated_on=None, today=date(2026, 10, 6))
    assert r.outcome == "fail"


# --- T5 and T6 are tested with their callers (test_fields, test_unit_rules) --------------


# --- T7 ---------------------------------------------------------------------------------
def test_t7_three_year_validity_passes():
    assert permit_expiry(date(2023, 11, 1)) == date(2026, 10, 31)
    assert permit_expiry(date(2024, 2, 29)) == date(2027, 2, 27)
    assert check_t7(date(2023, 11, 1), date(2026, 10, 31)).outcome == "pass"


def test_t7_expiry_not_matching_validity_fails():
    r = check_t7(date(2023, 11, 1), date(2027, 10, 31))
    assert r.outcome == "fail"
    assert "3 年" in r.reason_zh
    assert check_t7(date(2023, 11, 1), date(2027, 10, 31), years=4).outcome == "pass"


# --- the renewal verdict ----------------------------------------------------------------
def test_renewal_in_window_is_eligible(judge):
    verdict = judge("renewal", renewal_payload())
    assert verdict.overall == "eligible", verdict.outcomes()
    assert verdict.dates["last_submission_day"] == date(2026, 9, 29)


def test_renewal_after_expiry_lapses(judge):
    verdict = judge("renewal", renewal_payload(submission_date="2026-11-02"))
    assert verdict.result("T3").outcome == "fail"
    assert verdict.result("T2").outcome == "not_applicable"
    assert not verdict.eligible


def test_renewal_age_is_checked_p2(judge):
    old = make_id(date(1966, 8, 31))  # 60 on 2026-08-31; 61 only in 2027
    assert judge("renewal", renewal_payload(id_number=old)).result("P2").outcome == "pass"
    older = make_id(date(1965, 9, 1))  # 61 on the submission date
    assert judge("renewal", renewal_payload(id_number=older)).result("P2").outcome == "fail"


def test_pr4_three_continuous_years_pass(judge):
    assert judge("renewal", renewal_payload()).result("PR4").outcome == "pass"


def test_pr4_35_months_or_mismatched_withholding_unit_fails(judge):
    r = judge("renewal", renewal_payload(months_income_tax=35)).result("PR4")
    assert r.outcome == "fail"
    r = judge("renewal", renewal_payload(withholding_matches_contract=False)).result("PR4")
    assert r.outcome == "fail"


def test_renewal_needs_the_newest_contract(judge):
    verdict = judge("renewal", renewal_payload(contract=None))
    assert verdict.result("M7").outcome == "fail"


def test_renewal_cut_off_in_uncovered_year_is_an_error(judge):
    from rules.engine.workdays import CalendarNotCovered

    with pytest.raises(CalendarNotCovered):
        judge(
            "renewal", renewal_payload(submission_date="2027-01-05", permit_expires_on="2027-03-10")
        )
