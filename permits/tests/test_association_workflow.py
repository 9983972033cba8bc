"""The association that precedes PR3 is a workflow like every case: its protected state changes
only through reviews.services, and each step is one immutable audit row (who, from, to)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from attachments.models import Attachment
from permits import services
from permits.constants import AssociationState
from permits.models import Association, LabourContract
from portal.constants import Process
from reviews.models import AuditEvent
from reviews.services import TransitionRefused, case_transition

from .conftest import contract_data
from .factories import AssociationFactory


@pytest.fixture
def requested(permitted_unit, applicant):
    unit = permitted_unit()
    return services.association_request(applicant=applicant(), code=unit.association_code)


def _only_new_event(association: Association, before: int) -> AuditEvent:
    events = AuditEvent.objects.for_case(association)
    assert events.count() == before + 1
    return events.last()


def _assert_event(event, *, actor, transition, from_state, to_state) -> None:
    assert event.case_type == ContentType.objects.get_for_model(Association)
    assert event.process == Process.PR3
    assert (event.actor, event.actor_role) == (actor, actor.role)
    assert (event.transition, event.from_state, event.to_state) == (
        transition,
        from_state,
        to_state,
    )


def test_pr3_association_request_writes_one_audit_row(requested):
    assert requested.state == AssociationState.REQUESTED
    event = _only_new_event(requested, 0)
    _assert_event(
        event,
        actor=requested.applicant.user,
        transition="request",
        from_state="",
        to_state=AssociationState.REQUESTED,
    )


def test_pr3_association_accept_writes_one_audit_row(requested):
    staff = requested.unit.staff.get()
    contract = services.association_accept(
        association=requested, by=staff, **contract_data(requested.unit)
    )
    requested.refresh_from_db()
    assert requested.state == AssociationState.ACCEPTED
    assert requested.decided_by == staff and requested.decided_at is not None
    event = _only_new_event(requested, 1)
    _assert_event(
        event,
        actor=staff,
        transition="accept",
        from_state=AssociationState.REQUESTED,
        to_state=AssociationState.ACCEPTED,
    )
    assert event.data == {"contract": contract.pk}


def test_pr3_association_reject_writes_one_audit_row_with_the_reason(requested):
    staff = requested.unit.staff.get()
    association = services.association_reject(
        association=requested, by=staff, reason="劳动合同尚未签订"
    )
    assert association.state == AssociationState.REJECTED
    assert (association.reason, association.decided_by) == ("劳动合同尚未签订", staff)
    event = _only_new_event(association, 1)
    _assert_event(
        event,
        actor=staff,
        transition="reject",
        from_state=AssociationState.REQUESTED,
        to_state=AssociationState.REJECTED,
    )
    assert event.comment == "劳动合同尚未签订"


def test_pr3_association_withdraw_writes_one_audit_row(requested):
    person = requested.applicant.user
    association = services.association_withdraw(association=requested, by=person)
    assert association.state == AssociationState.WITHDRAWN
    event = _only_new_event(association, 1)
    _assert_event(
        event,
        actor=person,
        transition="withdraw",
        from_state=AssociationState.REQUESTED,
        to_state=AssociationState.WITHDRAWN,
    )


def test_pr5_dissociation_is_a_transition_of_an_accepted_association(associated):
    person = associated()
    association = Association.objects.get(applicant=person)
    staff = person.unit.staff_user
    with transaction.atomic():
        association, event = case_transition(
            case=association,
            transition="dissociate",
            actor=staff,
            left_on=timezone.localdate(),
        )
    assert association.state == AssociationState.DISSOCIATED
    assert AuditEvent.objects.for_case(association).count() == 3  # request, accept, dissociate
    _assert_event(
        event,
        actor=staff,
        transition="dissociate",
        from_state=AssociationState.ACCEPTED,
        to_state=AssociationState.DISSOCIATED,
    )
    assert not Association.objects.filter(applicant=person).live().exists()


def test_association_state_cannot_be_assigned(requested):
    with pytest.raises(AttributeError):
        requested.state = AssociationState.ACCEPTED


@pytest.mark.parametrize("trait", ["accepted", "rejected", "withdrawn", "dissociated"])
def test_an_answered_association_cannot_be_withdrawn(permitted_unit, applicant, trait):
    unit = permitted_unit()
    association = AssociationFactory(applicant=applicant(), unit=unit, **{trait: True})
    with translation.override("zh-hans"), pytest.raises(TransitionRefused) as excinfo:
        services.association_withdraw(association=association, by=association.applicant.user)
    assert "无法再执行此操作" in excinfo.value.message
    assert association.get_state_display() in excinfo.value.message
    association.refresh_from_db()
    assert association.state == trait
    assert not AuditEvent.objects.for_case(association).exists()


def test_a_withdrawn_request_cannot_be_accepted_and_nothing_is_stored(requested):
    services.association_withdraw(association=requested, by=requested.applicant.user)
    staff = requested.unit.staff.get()
    with pytest.raises(TransitionRefused):
        services.association_accept(
            association=requested, by=staff, **contract_data(requested.unit)
        )
    with pytest.raises(TransitionRefused):
        services.association_reject(association=requested, by=staff, reason="不再需要")
    assert not LabourContract.objects.exists()
    assert not Attachment.objects.filter(kind__code="M7").exists()
    assert AuditEvent.objects.for_case(requested).count() == 2  # request, withdraw


def test_only_the_units_staff_answer_and_only_the_applicant_withdraws(requested, permitted_unit):
    other_staff = permitted_unit().staff_user
    with pytest.raises(PermissionDenied):
        services.association_reject(association=requested, by=other_staff, reason="无")
    with pytest.raises(PermissionDenied):
        services.association_withdraw(association=requested, by=requested.unit.staff.get())
    requested.refresh_from_db()
    assert requested.state == AssociationState.REQUESTED


def test_withdrawing_an_accepted_association_is_refused_in_chinese_not_a_500(client, associated):
    person = associated()
    association = Association.objects.get(applicant=person)
    client.force_login(person.user)
    response = client.post(
        reverse("permits:association_withdraw", args=[association.pk]), follow=True
    )
    assert response.status_code == 200
    assert "该业务当前状态为“已关联”，无法再执行此操作" in response.content.decode()
    association.refresh_from_db()
    assert association.state == AssociationState.ACCEPTED
    assert AuditEvent.objects.for_case(association).count() == 2  # request, accept


def test_the_applicant_withdraws_through_the_page(client, requested):
    client.force_login(requested.applicant.user)
    response = client.post(reverse("permits:association_withdraw", args=[requested.pk]))
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.state == AssociationState.WITHDRAWN
    assert AuditEvent.objects.for_case(requested).last().actor == requested.applicant.user
