"""PR3 through the services: association with the contract (M7, T5), the applicant's
submission, the unit's check, the zone's decision, the permit and the quota (U9, U6, T7)."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from permits import services
from permits.constants import ApplicationState, AssociationState
from permits.models import Association, Permit
from reviews.models import AuditEvent
from reviews.services import MaterialReturn
from rules.engine.deadlines import permit_expiry
from units.models import Quota

from .conftest import contract_data


def test_association_code_is_unguessable_and_rotates(permitted_unit, applicant):
    unit = permitted_unit()
    old = unit.association_code
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", old)
    new = services.unit_rotate_association_code(unit=unit)
    assert new != old
    with pytest.raises(ValidationError) as excinfo:
        services.association_request(applicant=applicant(), code=old)
    assert "code" in excinfo.value.message_dict


def test_unit_without_business_permission_cannot_hand_out_codes(reference_data, make_user):
    from units.tests.factories import UnitFactory

    with pytest.raises(services.Refused) as excinfo:
        services.unit_rotate_association_code(unit=UnitFactory(complete=True))
    assert "PR1" in excinfo.value.reasons[0]


def test_one_live_association_at_a_time(permitted_unit, applicant):
    first, second = permitted_unit(), permitted_unit()
    person = applicant()
    services.association_request(applicant=person, code=first.association_code)
    with pytest.raises(ValidationError) as excinfo:
        services.association_request(applicant=person, code=second.association_code.lower())
    assert first.name in excinfo.value.message_dict["code"][0]


@pytest.mark.parametrize(
    ("override", "field", "rule"),
    [
        ({"party_a": "别的公司"}, "party_a", "M7"),
        ({"work_location": "上海市浦东新区"}, "work_location", "M7"),
        ({"end_date": timezone.localdate() + timedelta(days=20)}, "end_date", "T5"),
    ],
)
def test_accepting_checks_the_contract_at_the_field(
    permitted_unit, applicant, override, field, rule
):
    unit = permitted_unit()
    association = services.association_request(applicant=applicant(), code=unit.association_code)
    with pytest.raises(ValidationError) as excinfo:
        services.association_accept(
            association=association, by=unit.staff_user, **contract_data(unit, **override)
        )
    assert set(excinfo.value.message_dict) == {field}
    assert rule in excinfo.value.message_dict[field][0]
    association.refresh_from_db()
    assert association.state == AssociationState.REQUESTED


def test_empty_work_location_and_open_ended_contract_are_accepted(permitted_unit, applicant):
    unit = permitted_unit()
    association = services.association_request(applicant=applicant(), code=unit.association_code)
    contract = services.association_accept(
        association=association,
        by=unit.staff_user,
        **contract_data(unit, work_location="", end_date=None),
    )
    assert contract.end_date is None
    assert AuditEvent.objects.for_case(association).count() == 2  # request, accept


def test_full_flow_issues_one_permit_and_uses_one_quota_place(associated, reviewer):
    person = associated()
    unit, staff = person.unit, person.unit.staff_user
    application = services.application_open(applicant=person)
    application = services.application_submit(application=application, by=person.user)
    assert application.state == ApplicationState.WITH_UNIT

    application = services.application_return_to_applicant(
        application=application,
        by=staff,
        comment="",
        returned=[MaterialReturn("M5", "诚信声明", "缺少公章")],
    )
    assert application.state == ApplicationState.RETURNED_TO_APPLICANT
    application = services.application_submit(application=application, by=person.user)
    application = services.application_forward(application=application, by=staff)
    assert application.state == ApplicationState.WITH_ZONE
    assert application.due_on is not None  # T1 runs from the zone's receipt

    permit = services.application_approve(application=application, by=reviewer)
    today = timezone.localdate()
    assert re.fullmatch(rf"JKGJ-{today.year}-\d{{6}}", permit.number)
    assert permit.expires_on == permit_expiry(today, 3)  # T7
    assert (permit.holder, permit.unit) == (person, unit)
    assert Quota.objects.get(unit=unit).used == 1
    transitions = list(
        AuditEvent.objects.for_case(application).values_list("transition", flat=True)
    )
    assert transitions == ["submit", "return_to_applicant", "submit", "forward", "approve"]


def test_zone_can_return_to_the_unit_which_forwards_again(with_zone, reviewer):
    application = with_zone()
    application = services.application_return_to_unit(
        application=application, by=reviewer, comment="请核对劳动合同", returned=[]
    )
    assert application.state == ApplicationState.RETURNED_TO_UNIT
    # After a return the unit says in its opinion what it checked or fixed.
    with pytest.raises(services.Refused):
        services.application_forward(application=application, by=application.unit.staff.first())
    application = services.application_forward(
        application=application, by=application.unit.staff.first(), comment="已核对劳动合同"
    )
    assert application.state == ApplicationState.WITH_ZONE


def test_reject_needs_a_reason(with_zone, reviewer):
    from reviews.services import TransitionRefused

    application = with_zone()
    with pytest.raises(TransitionRefused):
        services.application_reject(application=application, by=reviewer, reason=" ")
    application = services.application_reject(
        application=application, by=reviewer, reason="不符合条件"
    )
    assert application.state == ApplicationState.REJECTED
    assert not Permit.objects.exists()


def test_u9_no_quota_place_left_refuses_submission_and_approval(with_zone, reviewer):
    application = with_zone()
    Quota.objects.filter(unit=application.unit).update(used=3)
    with pytest.raises(services.Refused) as excinfo:
        services.application_approve(application=application, by=reviewer)
    assert "U9" in excinfo.value.reasons[0]
    assert not Permit.objects.exists()


def test_u9_expired_quota_refuses_submission(associated):
    person = associated()
    Quota.objects.filter(unit=person.unit).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    application = services.application_open(applicant=person)
    with pytest.raises(services.Refused) as excinfo:
        services.application_submit(application=application, by=person.user)
    assert any("U9" in r for r in excinfo.value.reasons)


def test_u6_branch_at_its_cap_needs_a_reviewers_reason(permitted_unit, with_zone, reviewer):
    unit = permitted_unit(places=10, entity_type="branch", head_office_registered_capital=5000000)
    for serial in range(1, 6):
        services.application_approve(application=with_zone(serial, unit), by=reviewer)
    sixth = with_zone(6, unit)
    with pytest.raises(services.Refused) as excinfo:
        services.application_approve(application=sixth, by=reviewer)
    assert "U6" in excinfo.value.reasons[0]
    permit = services.application_approve(
        application=sixth, by=reviewer, override_reason="重点项目急需人才，经研究同意"
    )
    assert permit.unit == unit
    assert AuditEvent.objects.for_case(sixth).last().data["u6_override"] is True


def test_applicant_cannot_apply_before_the_unit_accepts(permitted_unit, applicant):
    unit = permitted_unit()
    person = applicant()
    services.association_request(applicant=person, code=unit.association_code)
    with pytest.raises(services.Refused):
        services.application_open(applicant=person)


def test_withdrawn_request_frees_the_applicant(permitted_unit, applicant):
    unit = permitted_unit()
    person = applicant()
    association = services.association_request(applicant=person, code=unit.association_code)
    services.association_withdraw(association=association, by=person.user)
    assert Association.objects.filter(applicant=person).live().count() == 0
    services.association_request(applicant=person, code=unit.association_code)
