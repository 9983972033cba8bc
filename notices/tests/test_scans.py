"""Each deadline scan: what is due, what is not, the boundary days (rules T1, T5, T6, U9),
who is told, and that a second run tells nobody twice."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from notices import tasks
from notices.constants import NoticeKind
from notices.links import link_for_each
from notices.models import Notice
from notices.scans import registry, scan_run
from permits.constants import AssociationState
from rules.engine.dates import add_months
from units.constants import UnitCaseState

from . import builders

TODAY = date(2026, 6, 15)

pytestmark = pytest.mark.django_db


def run(name: str, today: date = TODAY, **kwargs):
    return scan_run(registry()[name], today=today, **kwargs)


def notices_about(obj):
    return Notice.objects.filter(subject=f"{obj._meta.label_lower}:{obj.pk}")


def test_the_registry_holds_every_scan():
    assert set(registry()) == {
        "t1_unit_cases_overdue",
        "t1_permit_applications_overdue",
        "t1_permit_changes_overdue",
        "t1_permit_cases_overdue",
        "t2_renewal_window_open",
        "t2_renewal_reminders",
        "t3_permit_lapse",
        "t4_leaver_not_released",
        "t5_labour_contract_ending",
        "t6_tax_certificate_stale",
        "u9_quota_expiring",
    }
    assert {scan.rule for scan in registry().values()} == {
        "T1", "T2", "T3", "T4", "T5", "T6", "U9"
    }  # fmt: skip


# --- T1 ---------------------------------------------------------------------------------
def test_t1_review_past_its_promised_date_tells_every_active_reviewer_once():
    reviewers = [builders.reviewer(), builders.reviewer()]
    builders.reviewer(is_active=False)
    unit = builders.unit_with_staff()
    overdue = builders.unit_case(unit, due_on=TODAY - timedelta(days=1))

    result = run("t1_unit_cases_overdue")

    assert (result.found, result.created) == (1, 2)
    notices = notices_about(overdue)
    assert {n.recipient for n in notices} == set(reviewers)
    notice = notices.first()
    assert notice.kind == NoticeKind.REVIEW_OVERDUE
    assert notice.deadline == overdue.due_on
    assert notice.url == f"/review/units/{overdue.pk}/"
    assert notice.params["process"] == "PR1" and notice.params["name"] == unit.name
    assert run("t1_unit_cases_overdue").created == 0
    assert Notice.objects.count() == 2


def test_t1_the_promised_day_itself_is_not_overdue():
    builders.reviewer()
    case = builders.unit_case(builders.unit_with_staff(), due_on=TODAY)
    assert run("t1_unit_cases_overdue").found == 0
    assert run("t1_unit_cases_overdue", today=TODAY + timedelta(days=1)).found == 1
    assert notices_about(case).count() == 1


@pytest.mark.parametrize(
    "state", [UnitCaseState.DRAFT, UnitCaseState.RETURNED, UnitCaseState.APPROVED]
)
def test_t1_only_cases_the_zone_holds_are_overdue(state):
    builders.reviewer()
    builders.unit_case(builders.unit_with_staff(), state=state, due_on=TODAY - timedelta(days=5))
    assert run("t1_unit_cases_overdue").found == 0


def test_t1_a_case_with_no_promised_date_is_not_overdue():
    """A due date in a year the calendar does not cover yet stays empty (docs/workflow.md)."""
    builders.reviewer()
    builders.unit_case(builders.unit_with_staff(), due_on=None)
    assert run("t1_unit_cases_overdue").found == 0


def test_t1_a_moved_promised_date_is_a_new_deadline():
    builders.reviewer()
    case = builders.unit_case(builders.unit_with_staff(), due_on=TODAY - timedelta(days=3))
    run("t1_unit_cases_overdue")
    case.due_on = TODAY - timedelta(days=1)  # e.g. received again after a return
    case.save(update_fields=["due_on"])
    assert run("t1_unit_cases_overdue").created == 1
    assert notices_about(case).count() == 2


def test_t1_overdue_permit_applications_link_to_the_reviewers_page(material_kinds):
    reviewer = builders.reviewer()
    unit = builders.unit_with_staff()
    application = builders.application_with_zone(unit, due_on=TODAY - timedelta(days=1))
    builders.application_with_zone(unit, due_on=TODAY)
    assert run("t1_permit_applications_overdue").found == 1
    notice = notices_about(application).get()
    assert notice.recipient == reviewer
    assert notice.url == f"/review/permits/{application.pk}/"
    assert notice.params["process"] == "PR3"
    assert application.applicant.name in notice.params["name"]


# --- T5 ---------------------------------------------------------------------------------
def test_t5_contract_ending_on_the_limit_tells_unit_staff_and_holder():
    unit = builders.unit_with_staff(staff=2)
    link = builders.association(unit)
    limit = add_months(TODAY, 1)  # T5: must end *after* the same day next month
    ending = builders.contract(link, end_date=limit)
    builders.contract(builders.association(unit), end_date=limit + timedelta(days=1))

    result = run("t5_labour_contract_ending")

    assert result.found == 1
    notices = notices_about(ending)
    assert {n.recipient for n in notices} == {*unit.staff_users, link.applicant.user}
    by_recipient = {n.recipient_id: n for n in notices}
    assert by_recipient[link.applicant.user_id].url == "/permits/me/associate/"
    assert by_recipient[unit.staff_users[0].pk].url == "/permits/unit/employees/"
    assert {n.deadline for n in notices} == {limit}
    assert {n.step for n in notices} == {"1m"}
    assert run("t5_labour_contract_ending").created == 0


def test_t5_open_ended_contract_is_never_due():
    link = builders.association(builders.unit_with_staff())
    builders.contract(link, end_date=None)
    assert run("t5_labour_contract_ending").found == 0


@pytest.mark.parametrize(
    "state", [AssociationState.REQUESTED, AssociationState.DISSOCIATED, AssociationState.REJECTED]
)
def test_t5_only_contracts_of_accepted_associations(state):
    link = builders.association(builders.unit_with_staff(), state=state)
    builders.contract(link, end_date=TODAY + timedelta(days=3))
    assert run("t5_labour_contract_ending").found == 0


def test_t5_a_renewed_contract_replaces_the_old_one():
    link = builders.association(builders.unit_with_staff())
    old = builders.contract(link, end_date=TODAY + timedelta(days=3))
    builders.contract(
        link, end_date=TODAY + timedelta(days=1000), created_at=old.created_at + timedelta(1)
    )
    assert run("t5_labour_contract_ending").found == 0


# --- T6 ---------------------------------------------------------------------------------
@pytest.fixture
def unit_to_submit(material_kinds):
    unit = builders.unit_with_staff()
    builders.unit_case(unit, state=UnitCaseState.DRAFT, due_on=None)
    return unit


def test_t6_certificate_older_than_3_months_tells_the_unit_with_a_case_to_submit(
    unit_to_submit,
):
    earliest = add_months(TODAY, -3)  # T6: dated within the last 3 months, inclusive
    stale = builders.tax_certificate(unit_to_submit, document_date=earliest - timedelta(days=1))
    result = run("t6_tax_certificate_stale")
    assert (result.found, result.created) == (1, 1)
    notice = notices_about(stale).get()
    assert notice.recipient == unit_to_submit.staff_users[0]
    assert notice.kind == NoticeKind.TAX_CERTIFICATE_STALE
    assert notice.deadline == stale.document_date
    assert notice.url == "/unit/materials/"
    assert run("t6_tax_certificate_stale").created == 0


def test_t6_certificate_dated_exactly_3_months_ago_is_still_valid(unit_to_submit):
    builders.tax_certificate(unit_to_submit, document_date=add_months(TODAY, -3))
    assert run("t6_tax_certificate_stale").found == 0


@pytest.mark.parametrize("state", [UnitCaseState.SUBMITTED, UnitCaseState.APPROVED])
def test_t6_no_notice_without_a_case_to_submit(material_kinds, state):
    unit = builders.unit_with_staff()
    builders.unit_case(unit, state=state, due_on=TODAY + timedelta(days=5))
    builders.tax_certificate(unit, document_date=TODAY - timedelta(days=200))
    assert run("t6_tax_certificate_stale").found == 0


def test_t6_only_the_current_certificate_counts(unit_to_submit):
    builders.tax_certificate(unit_to_submit, document_date=TODAY - timedelta(days=200))
    builders.tax_certificate(unit_to_submit, document_date=TODAY - timedelta(days=2), version=2)
    assert run("t6_tax_certificate_stale").found == 0


# --- U9: the quota's validity -------------------------------------------------------------
def test_u9_quota_expiring_within_30_days_tells_unit_staff_and_reviewers():
    reviewer = builders.reviewer()
    unit = builders.unit_with_staff()
    quota = builders.quota(unit, expires_on=TODAY + timedelta(days=30))
    result = run("u9_quota_expiring")
    assert (result.found, result.created) == (1, 2)
    urls = {n.recipient_id: n.url for n in notices_about(quota)}
    assert urls == {
        unit.staff_users[0].pk: "/unit/",
        reviewer.pk: f"/review/quotas/{unit.pk}/",
    }
    assert notices_about(quota).first().params == {"unit": unit.name, "remaining": 3, "granted": 3}


@pytest.mark.parametrize(
    ("expires_in", "used", "due"),
    [
        (0, 0, True),  # the last valid day
        (30, 0, True),
        (31, 0, False),
        (-1, 0, False),  # already expired: U9 refuses it anyway
        (10, 3, False),  # no places left: its expiry changes nothing
    ],
)
def test_u9_quota_boundaries(expires_in, used, due):
    builders.reviewer()
    builders.quota(
        builders.unit_with_staff(), expires_on=TODAY + timedelta(days=expires_in), used=used
    )
    assert run("u9_quota_expiring").found == (1 if due else 0)


def test_u9_an_extended_quota_is_told_again_when_its_new_date_nears():
    unit = builders.unit_with_staff()
    quota = builders.quota(unit, expires_on=TODAY + timedelta(days=10))
    run("u9_quota_expiring")
    quota.expires_on = TODAY + timedelta(days=100)
    quota.save()
    assert run("u9_quota_expiring").found == 0
    assert run("u9_quota_expiring", today=TODAY + timedelta(days=75)).created == 1


# --- Batches and the command ----------------------------------------------------------------
def test_a_scan_walks_every_due_row_in_batches_and_bounded_queries(
    django_assert_max_num_queries,
):
    builders.reviewer()
    for _ in range(7):
        builders.unit_case(builders.unit_with_staff(), due_on=TODAY - timedelta(days=2))
    # Per batch: the due rows, the reviewers, existing keys, insert, re-read, deliveries, and
    # the transaction; plus the final empty read.
    with django_assert_max_num_queries(4 * 8 + 1):
        result = run("t1_unit_cases_overdue", batch_size=2)
    assert (result.found, result.created, result.batches) == (7, 7, 4)


def test_the_command_runs_the_named_scans_as_on_a_given_day(capsys, mailoutbox):
    builders.reviewer()
    builders.unit_case(builders.unit_with_staff(), due_on=date(2026, 3, 1))
    call_command("scan_deadlines", "t1_unit_cases_overdue", "--today", "2026-03-02")
    assert "1 due, 1 new notices" in capsys.readouterr().out
    assert Notice.objects.count() == 1
    assert len(mailoutbox) == 1
    call_command("scan_deadlines", "--today", "2026-03-02")
    assert Notice.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_command_lists_the_scans(capsys):
    call_command("scan_deadlines", "--list")
    out = capsys.readouterr().out
    assert "t5_labour_contract_ending\tT5" in out


def test_the_tasks_run_a_scan_by_name_then_send(django_capture_on_commit_callbacks, mailoutbox):
    builders.reviewer()
    yesterday = timezone.localdate() - timedelta(days=1)
    builders.unit_case(builders.unit_with_staff(), due_on=yesterday)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.run_scan("t1_unit_cases_overdue")
        tasks.run_scan("a_scan_since_removed")
    assert Notice.objects.count() == 1
    assert len(callbacks) == 1  # deliver_pending, enqueued after the scan committed
    tasks.deliver_pending()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("name", "last_day", "contract_ended", "per_batch", "once"),
    [
        ("t2_renewal_window_open", TODAY + timedelta(days=60), None, 10, 1),
        # The reminders read the calendar (overrides, covered years) for the query's bound
        # and again per batch to count the working days left.
        ("t2_renewal_reminders", TODAY, None, 12, 3),
        ("t4_leaver_not_released", None, TODAY - timedelta(days=10), 8, 1),
    ],
)
def test_the_permits_life_scans_read_a_batch_in_a_bounded_number_of_queries(
    django_assert_max_num_queries, name, last_day, contract_ended, per_batch, once
):
    for _ in range(7):
        unit = builders.unit_with_staff(staff=2)
        if contract_ended:
            builders.contract(builders.association(unit), end_date=contract_ended)
        else:
            builders.permit(
                unit,
                expires_on=TODAY + timedelta(days=90),
                opens_on=TODAY - timedelta(days=1),
                last_day=last_day,
            )
    # Per batch: the due rows, the transaction (a savepoint inside the test's), the staff,
    # for a permit also the holders' associations and open renewals, existing keys, insert,
    # re-read and deliveries; whatever the number of rows.
    with django_assert_max_num_queries(4 * per_batch + once):
        result = run(name, batch_size=2)
    assert (result.found, result.batches) == (7, 4)
    assert result.created == 7 * (2 if contract_ended else 3) * (4 if last_day == TODAY else 1)


# --- Links ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["reviews:unit_case", "permits:employee", "reviews:quota"])
def test_a_link_for_each_row_is_the_url_reverse_gives(name):
    link = link_for_each(name)
    for pk in (1, 42, 1_000_000):
        assert link(pk) == reverse(name, args=[pk])


def test_a_link_for_each_row_needs_a_url_with_a_primary_key():
    with pytest.raises(NoReverseMatch):
        link_for_each("units:home")
