"""What the applicant's side reads of PR3 without importing permits: the review lock, the
reasons of a return to the applicant, and which unit staff may see the applicant's files."""

from applicants.checklist import returned_reasons
from permits import services
from portal.constants import Role
from reviews.services import MaterialReturn


def test_applicant_is_locked_while_the_unit_or_the_zone_has_the_application(associated, reviewer):
    person = associated()
    staff = person.unit.staff_user
    application = services.application_open(applicant=person)
    assert not person.under_review  # a draft is the applicant's
    application = services.application_submit(application=application, by=person.user)
    assert person.under_review  # with the unit
    application = services.application_forward(application=application, by=staff)
    assert person.under_review  # with the zone
    application = services.application_return_to_unit(
        application=application, by=reviewer, comment="请核对", returned=[]
    )
    assert person.under_review  # returned to the unit: still not the applicant's
    assert not person.attachments_editable_by(person.user)


def test_reasons_of_a_return_are_shown_to_the_applicant_until_they_resubmit(associated):
    person = associated()
    staff = person.unit.staff_user
    application = services.application_open(applicant=person)
    assert returned_reasons(person) == {}
    application = services.application_submit(application=application, by=person.user)
    application = services.application_return_to_applicant(
        application=application,
        by=staff,
        comment="",
        returned=[MaterialReturn("M5", "诚信声明", "缺少公章")],
    )
    assert not person.under_review
    assert returned_reasons(person) == {"M5": "缺少公章"}
    services.application_submit(application=application, by=person.user)
    assert returned_reasons(person) == {}


def test_only_staff_of_the_associated_unit_see_the_applicants_files(
    associated, permitted_unit, make_user
):
    person = associated()
    other = permitted_unit()
    assert person.attachments_visible_to(person.unit.staff_user)
    assert not person.attachments_visible_to(other.staff_user)
    assert not person.attachments_visible_to(make_user(Role.REVIEWER, username="r2"))
