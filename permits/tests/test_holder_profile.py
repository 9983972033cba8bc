"""A holder's profile is the record the permit stands on: it changes through a change request
(PR6, PR7) that the unit and the zone review, never by saving the profile page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from permits.constants import ApplicationState
from permits.models import Permit, PermitApplication

from .factories import associated_applicant

pytestmark = pytest.mark.django_db


def test_pr6_a_holders_profile_is_not_saved_from_the_profile_page(client, permitted_unit):
    unit = permitted_unit()
    association = associated_applicant(unit, 1)
    applicant = association.applicant
    application = PermitApplication.objects.create(
        applicant=applicant, unit=unit, association=association, state=ApplicationState.APPROVED
    )
    today = timezone.localdate()
    Permit.objects.create(
        number="JKGJ-2026-900001",
        holder=applicant,
        unit=unit,
        application=application,
        issued_on=today,
        expires_on=today + timedelta(days=1000),
    )
    client.force_login(applicant.user)
    assert reverse("changes:mine") in client.get(reverse("applicants:profile")).content.decode()
    before = applicant.current_address
    response = client.post(
        reverse("applicants:profile"),
        {"current_address": "另一处住址1号", "phone": applicant.phone},
        follow=True,
    )
    applicant.refresh_from_db()
    assert applicant.current_address == before
    assert any("变更" in str(m) for m in response.context["messages"])
