"""PR1 / PR2 end to end through the services: rules U1–U10, T1, T6 decide; every change is
audited."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from attachments.models import Attachment
from reviews.models import AuditEvent, ImmutableError
from reviews.services import MaterialReturn, TransitionRefused
from units import services
from units.constants import ZONE_DEPARTMENT, UnitCaseState
from units.eligibility import assess_unit
from units.models import UnitPermission

from .factories import UnitFactory


def submit(unit, kind="PR1"):
    case = services.unit_case_open(unit=unit, kind=kind)
    return services.unit_case_submit(case=case, by=unit.staff_user)


def test_ready_unit_is_eligible_for_business_permission(ready_unit):
    assessment = assess_unit(ready_unit, timezone.localdate())
    assert assessment.can_submit
    rules = [r.rule for r in assessment.verdict.results]
    assert {"U1", "U2", "U3", "U4", "U5", "U10", "T6"} <= set(rules)
    assert "U9" not in rules  # the quota is a PR3 matter


def test_u10_submission_is_blocked_while_a_material_is_missing(make_user, upload):
    from units.models import Unit  # noqa: F401

    unit = UnitFactory(complete=True)
    staff = make_user("unit_staff", unit=unit, username="hr-x")
    upload(unit, "U10a", staff)
    case = services.unit_case_open(unit=unit, kind="PR1")
    with pytest.raises(services.SubmissionBlocked) as excinfo:
        services.unit_case_submit(case=case, by=staff)
    assert any("U10" in reason for reason in excinfo.value.reasons)
    case.refresh_from_db()
    assert case.state == UnitCaseState.DRAFT


def test_u3_low_capital_blocks_submission_with_the_figures(ready_unit):
    ready_unit.registered_capital = Decimal("999999")
    ready_unit.save()
    with pytest.raises(services.SubmissionBlocked) as excinfo:
        submit(ready_unit)
    assert any("U3" in r and "999,999" in r for r in excinfo.value.reasons), excinfo.value.reasons


def test_t6_outdated_tax_certificate_blocks_submission(ready_unit, upload):
    upload(
        ready_unit,
        "U10c",
        ready_unit.staff_user,
        document_date=timezone.localdate() - timedelta(days=120),
    )
    with pytest.raises(services.SubmissionBlocked) as excinfo:
        submit(ready_unit)
    assert any("T6" in r for r in excinfo.value.reasons)


def test_incomplete_profile_blocks_submission(make_user, upload):
    unit = UnitFactory()
    staff = make_user("unit_staff", unit=unit, username="hr-y")
    case = services.unit_case_open(unit=unit, kind="PR1")
    with pytest.raises(services.SubmissionBlocked):
        services.unit_case_submit(case=case, by=staff)


def test_submission_is_received_with_a_t1_due_date_and_audited(ready_unit):
    case = submit(ready_unit)
    assert case.state == UnitCaseState.SUBMITTED
    assert case.received_at is not None
    assert case.due_on is not None and case.due_on > timezone.localdate()
    event = AuditEvent.objects.for_case(case).get()
    assert (event.from_state, event.to_state, event.actor) == (
        "draft",
        "submitted",
        ready_unit.staff_user,
    )
    assert set(event.data["materials"]) == {"U10a", "U10b", "U10c", "U10d", "U10e"}


def test_reviewer_returns_with_a_reason_per_material_and_unit_resubmits(
    ready_unit, reviewer, upload
):
    case = submit(ready_unit)
    case = services.unit_case_return(
        case=case,
        by=reviewer,
        comment="请补正",
        returned=[MaterialReturn("U10d", "单位诚信声明", "缺少法定代表人签字")],
    )
    assert case.state == UnitCaseState.RETURNED
    event = AuditEvent.objects.for_case(case).last()
    assert [(m.material_code, m.reason) for m in event.returned_materials.all()] == [
        ("U10d", "缺少法定代表人签字")
    ]
    upload(ready_unit, "U10d", ready_unit.staff_user)
    case = services.unit_case_submit(case=case, by=ready_unit.staff_user)
    assert case.state == UnitCaseState.SUBMITTED
    versions = Attachment.objects.for_owner(ready_unit).of_kind("U10d").order_by("version")
    assert [a.version for a in versions] == [1, 2]  # the returned version is kept


def test_return_needs_a_reason(ready_unit, reviewer):
    case = submit(ready_unit)
    with pytest.raises(TransitionRefused):
        services.unit_case_return(case=case, by=reviewer, comment=" ", returned=[])


def test_approving_pr1_grants_business_permission(ready_unit, reviewer):
    case = submit(ready_unit)
    case = services.unit_case_approve(case=case, by=reviewer)
    assert case.state == UnitCaseState.APPROVED
    assert UnitPermission.objects.get(unit=ready_unit).case == case
    ready_unit.refresh_from_db()
    assert ready_unit.has_business_permission


def test_approving_pr2_sets_the_zone_as_competent_department(ready_unit, reviewer):
    case = submit(ready_unit, kind="PR2")
    services.unit_case_approve(case=case, by=reviewer)
    ready_unit.refresh_from_db()
    assert ready_unit.competent_department == ZONE_DEPARTMENT
    assert not ready_unit.has_business_permission


def test_reject_needs_a_reason_and_closes_the_case(ready_unit, reviewer):
    case = submit(ready_unit)
    with pytest.raises(TransitionRefused):
        services.unit_case_reject(case=case, by=reviewer, reason="")
    case = services.unit_case_reject(case=case, by=reviewer, reason="经营范围含房地产开发")
    assert case.state == UnitCaseState.REJECTED
    assert not case.is_open


def test_a_second_decision_on_a_decided_case_is_refused_clearly(ready_unit, reviewer):
    case = submit(ready_unit)
    stale = type(case).objects.get(pk=case.pk)
    services.unit_case_approve(case=case, by=reviewer)
    with pytest.raises(TransitionRefused) as excinfo:
        services.unit_case_reject(case=stale, by=reviewer, reason="晚了一步")
    assert "已通过" in excinfo.value.message


def test_unit_staff_cannot_decide_and_reviewers_cannot_submit(ready_unit, reviewer):
    from django.core.exceptions import PermissionDenied

    case = services.unit_case_open(unit=ready_unit, kind="PR1")
    with pytest.raises(PermissionDenied):
        services.unit_case_submit(case=case, by=reviewer)
    case = submit(ready_unit)
    with pytest.raises(PermissionDenied):
        services.unit_case_approve(case=case, by=ready_unit.staff_user)


def test_one_open_case_per_unit_and_process(ready_unit):
    first = services.unit_case_open(unit=ready_unit, kind="PR1")
    assert services.unit_case_open(unit=ready_unit, kind="PR1") == first
    assert services.unit_case_open(unit=ready_unit, kind="PR2") != first


def test_audit_events_cannot_be_changed_or_deleted(ready_unit):
    case = submit(ready_unit)
    event = AuditEvent.objects.for_case(case).get()
    event.comment = "改写"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()


def test_quota_is_set_and_cannot_go_below_places_used(ready_unit, reviewer):
    expires = timezone.localdate() + timedelta(days=365)
    quota = services.quota_set(unit=ready_unit, granted=5, expires_on=expires, by=reviewer)
    assert quota.remaining == 5
    quota.used = 3
    quota.save()
    with pytest.raises(TransitionRefused):
        services.quota_set(unit=ready_unit, granted=2, expires_on=expires, by=reviewer)
    quota = services.quota_set(unit=ready_unit, granted=8, expires_on=expires, by=reviewer)
    assert quota.remaining == 5
    changes = quota.history().values_list("granted_before", "granted_after")
    assert list(changes) == [(5, 8), (None, 5)]  # newest first
    assert not AuditEvent.objects.for_case(quota).exists()  # typed rows, not audit events
