"""One family of refusals: every service's refusal is a portal.refusals.Refused."""

from django.utils.translation import gettext_lazy as _

from applicants.eligibility import FactsIncomplete
from permits.services import Refused as PermitsRefused
from portal.refusals import Refused
from reviews.services import TransitionRefused
from units.services import SubmissionBlocked


def test_every_service_refusal_is_one_family():
    for exc in (
        TransitionRefused("该业务当前状态为“已批准”"),
        SubmissionBlocked(["缺少材料"]),
        PermitsRefused(["无业务权限（PR1）"]),
        FactsIncomplete(["资格信息"]),
    ):
        assert isinstance(exc, Refused)
        assert exc.reasons and exc.message


def test_a_lazy_message_is_one_reason_not_its_letters():
    refused = Refused(_("Give the reason for the rejection."))
    assert len(refused.reasons) == 1
    assert refused.message == str(_("Give the reason for the rejection."))
