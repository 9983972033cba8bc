from django.utils import timezone

from applicants.demo import DEMO_ID_NUMBER, seed
from applicants.eligibility import assess_applicant
from applicants.models import Applicant
from attachments.models import Attachment
from portal.constants import Role


def test_seed_gives_the_demo_account_a_complete_profile_once(
    make_user, catalogue, wages, unit, contract
):
    make_user(Role.APPLICANT, username="applicant")
    seed()
    seed()
    applicant = Applicant.objects.get(user__username="applicant")
    assert applicant.id_number == DEMO_ID_NUMBER
    assert Attachment.objects.for_owner(applicant).count() == 5
    assessment = assess_applicant(
        applicant, today=timezone.localdate(), unit=unit, contract=contract
    )
    assert assessment.can_submit
    assert assessment.verdict.result("C1").outcome == "pass"
    assert assessment.verdict.result("H2").outcome == "pass"


def test_seed_without_the_demo_account_does_nothing(db):
    seed()
    assert not Applicant.objects.exists()
