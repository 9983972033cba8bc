"""Rows in a given state for list pages and access tests (flows go through the services)."""

import factory
from django.utils import timezone

from applicants.demo import make_complete_applicant
from permits.constants import ApplicationState, AssociationState
from permits.models import Association, PermitApplication
from portal.constants import Role
from portal.tests.factories import UserFactory

from .conftest import resident_id


class AssociationFactory(factory.django.DjangoModelFactory):
    """An association in a given state; pass ``applicant`` and ``unit``."""

    class Meta:
        model = Association

    state = AssociationState.REQUESTED

    class Params:
        accepted = factory.Trait(
            state=AssociationState.ACCEPTED, decided_at=factory.LazyFunction(timezone.now)
        )
        rejected = factory.Trait(
            state=AssociationState.REJECTED,
            decided_at=factory.LazyFunction(timezone.now),
            reason="劳动合同未签订",
        )
        withdrawn = factory.Trait(
            state=AssociationState.WITHDRAWN, decided_at=factory.LazyFunction(timezone.now)
        )
        dissociated = factory.Trait(
            state=AssociationState.DISSOCIATED, decided_at=factory.LazyFunction(timezone.now)
        )


def associated_applicant(unit, serial: int) -> Association:
    user = UserFactory(role=Role.APPLICANT, username=f"listed-{unit.pk}-{serial}")
    applicant = make_complete_applicant(
        user=user,
        name=f"列表{serial}",
        id_number=resident_id(1000 + serial),
        upload_materials=False,
    )
    return AssociationFactory(applicant=applicant, unit=unit, accepted=True)


def application_with_zone(unit, serial: int) -> PermitApplication:
    association = associated_applicant(unit, serial)
    return PermitApplication.objects.create(
        applicant=association.applicant,
        unit=unit,
        association=association,
        state=ApplicationState.WITH_ZONE,
        received_at=timezone.now(),
        due_on=timezone.localdate(),
    )
