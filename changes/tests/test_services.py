"""PR6 and PR7 through the services: filing, the engine at submission, the unit's opinion,
the zone's decision, and the record that changes only on approval (T1: 10 working days)."""

from datetime import date

import pytest
from django.utils import timezone

from changes import services
from changes.constants import ChangeState
from changes.models import PermitChange
from permits.models import Association, LabourContract
from portal.constants import Process
from portal.refusals import Refused
from reviews.clock import promised_due_on
from reviews.models import AuditEvent
from reviews.services import MaterialReturn, TransitionRefused

from .conftest import NEW_ADDRESS, address_proposal, child_row, upload_proofs


def _submitted_address_change(person):
    change = services.change_open(holder=person, kind=Process.PR6)
    services.change_propose(change=change, by=person.user, proposal=address_proposal(person))
    upload_proofs(change, ["M4-property", "M5"], person.user)
    return services.change_submit(change=change, by=person.user)


def test_pr6_only_a_holder_of_a_valid_permit_can_file(associated):
    person = associated()
    with pytest.raises(Refused):
        services.change_open(holder=person, kind=Process.PR6)


def test_pr7_first_login_rule_the_labour_contract_must_be_on_file(holder):
    person = holder()
    association = Association.objects.get(applicant=person, state="accepted")
    contract = association.current_contract
    # A contract row without its scan is not "on file" (the unit uploads it).
    LabourContract.objects.filter(pk=contract.pk).update(association=association)
    from attachments.models import Attachment

    Attachment.objects.for_owner(contract).update(is_current=False)
    with pytest.raises(Refused) as excinfo:
        services.change_open(holder=person, kind=Process.PR7)
    assert "labour contract" in excinfo.value.reasons[0] or "劳动合同" in excinfo.value.reasons[0]


def test_pr6_address_change_runs_holder_unit_zone_and_changes_the_record_only_on_approval(
    holder, reviewer
):
    person = holder()
    old_address = person.current_address
    change = _submitted_address_change(person)
    assert change.state == ChangeState.WITH_UNIT
    assert change.before["fields"]["current_address"] == old_address
    assert change.submitted["fields"]["current_address"] == NEW_ADDRESS

    change = services.change_forward(change=change, by=person.unit.staff_user, comment="属实")
    assert change.state == ChangeState.WITH_ZONE
    # T1: changes are promised within 10 working days of the zone's receipt.
    assert change.due_on == promised_due_on(
        process=Process.PR6, received_on=timezone.localdate(change.received_at)
    )
    person.refresh_from_db()
    assert person.current_address == old_address  # not yet: only on approval

    services.change_approve(change=change, by=reviewer)
    person.refresh_from_db()
    assert person.current_address == NEW_ADDRESS
    assert person.residence_kind == "own_home"
    assert person.facts["residence"]["has_property_certificate"] is True
    assert "kind" not in person.facts["residence"]
    assert list(change.permit.changes.approved()) == [change]
    transitions = list(AuditEvent.objects.for_case(change).values_list("transition", flat=True))
    assert transitions == ["submit", "forward", "approve"]


def test_pr6_an_office_is_refused_as_not_residential(holder):
    person = holder()
    change = services.change_open(holder=person, kind=Process.PR6)
    services.change_propose(
        change=change, by=person.user, proposal=address_proposal(person, use="office")
    )
    upload_proofs(change, ["M5"], person.user)
    with pytest.raises(Refused) as excinfo:
        services.change_submit(change=change, by=person.user)
    assert any("PR6" in r for r in excinfo.value.reasons)


def test_pr6_returned_change_leaves_the_record_and_keeps_what_was_submitted(holder, reviewer):
    person = holder()
    old_address = person.current_address
    change = _submitted_address_change(person)
    change = services.change_forward(change=change, by=person.unit.staff_user, comment="属实")
    services.change_return_to_unit(
        change=change,
        by=reviewer,
        comment="",
        returned=[MaterialReturn("M4-property", "房屋所有权证", "产权证书不清晰")],
    )
    change = services.change_return_to_holder(
        change=change,
        by=person.unit.staff_user,
        comment="",
        returned=[MaterialReturn("M4-property", "房屋所有权证", "产权证书不清晰")],
    )
    assert change.state == ChangeState.RETURNED_TO_HOLDER
    person.refresh_from_db()
    assert person.current_address == old_address
    event = AuditEvent.objects.for_case(change).get(transition="submit")
    assert event.data["submitted"] == change.submitted
    assert event.data["before"]["fields"]["current_address"] == old_address


def test_unit_must_give_its_opinion(holder):
    person = holder()
    change = _submitted_address_change(person)
    with pytest.raises(Refused):
        services.change_forward(change=change, by=person.unit.staff_user, comment=" ")


def test_pr7_a_child_added_is_written_to_the_record_on_approval(holder, reviewer):
    person = holder()
    today = timezone.localdate()
    change = services.change_open(holder=person, kind=Process.PR7)
    row = child_row(date(today.year - 6, 1, 15))
    services.change_propose(change=change, by=person.user, proposal={"dependants": [row]})
    # Unmarried on the record: the birth certificate, the child's register page, the
    # declaration (PR7's materials).
    upload_proofs(change, ["M6-birth", "M6-child-register", "M5"], person.user)
    change = services.change_submit(change=change, by=person.user)
    change = services.change_forward(change=change, by=person.unit.staff_user, comment="属实")
    assert not person.dependants.exists()
    services.change_approve(change=change, by=reviewer)
    person.refresh_from_db()
    assert [d.id_number for d in person.dependants.all()] == [row["id_number"]]
    assert person.children_accompany is True


def test_pr7_a_child_of_18_is_refused_at_submission(holder):
    person = holder()
    today = timezone.localdate()
    change = services.change_open(holder=person, kind=Process.PR7)
    row = child_row(date(today.year - 18, 1, 1))
    services.change_propose(change=change, by=person.user, proposal={"dependants": [row]})
    upload_proofs(change, ["M6-birth", "M6-child-register", "M5"], person.user)
    with pytest.raises(Refused) as excinfo:
        services.change_submit(change=change, by=person.user)
    assert any("18" in r for r in excinfo.value.reasons)


def test_only_one_open_change_per_kind(holder):
    person = holder()
    first = services.change_open(holder=person, kind=Process.PR6)
    assert services.change_open(holder=person, kind=Process.PR6) == first
    assert services.change_open(holder=person, kind=Process.PR7) != first
    assert PermitChange.objects.for_holder(person).open().count() == 2


def test_submitted_change_cannot_be_edited(holder):
    person = holder()
    change = _submitted_address_change(person)
    with pytest.raises(TransitionRefused):
        services.change_propose(change=change, by=person.user, proposal={})


def test_pr7_the_same_list_as_on_record_is_not_a_change(holder):
    person = holder()
    change = services.change_open(holder=person, kind=Process.PR7)
    services.change_propose(change=change, by=person.user, proposal={"dependants": []})
    upload_proofs(change, ["M5"], person.user)
    with pytest.raises(Refused) as excinfo:
        services.change_submit(change=change, by=person.user)
    assert len(excinfo.value.reasons) == 1


def test_t1_scan_finds_a_change_past_its_promised_date(holder):
    from datetime import timedelta

    from notices.scans import registry

    person = holder()
    change = _submitted_address_change(person)
    change = services.change_forward(change=change, by=person.unit.staff_user, comment="属实")
    scan = registry()["t1_permit_changes_overdue"]
    assert list(scan.due(change.due_on)) == []
    assert list(scan.due(change.due_on + timedelta(days=1))) == [change]


def test_t1_due_dates_of_changes_are_recomputed_with_the_calendar():
    from reviews.recompute import case_models

    assert PermitChange in case_models()
    assert hasattr(PermitChange.objects, "awaiting_zone")
