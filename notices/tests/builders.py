"""Rows the scans read, made directly (the flows that make them are tested in their apps).
Shared by the unit tests and the worker test."""

import itertools
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from applicants.models import Applicant
from attachments.models import Attachment, MaterialKind
from permits.constants import ApplicationState, AssociationState, PermitStatus
from permits.models import Association, LabourContract, Permit, PermitApplication
from portal.constants import Role
from portal.tests.factories import UserFactory
from units.constants import TAX_CERTIFICATE_CODE, UnitCaseState
from units.models import Quota, Unit, UnitCase
from units.tests.factories import UnitFactory

_serial = itertools.count(1)


def reviewer(**fields):
    n = next(_serial)
    return UserFactory(
        role=Role.REVIEWER, username=f"reviewer-{n}", email=f"reviewer{n}@zone.test", **fields
    )


def unit_with_staff(*, staff: int = 1) -> Unit:
    unit = UnitFactory(complete=True)
    unit.staff_users = [
        UserFactory(
            role=Role.UNIT_STAFF,
            unit=unit,
            username=f"hr-{unit.pk}-{i}",
            email=f"hr{unit.pk}-{i}@unit.test",
        )
        for i in range(staff)
    ]
    return unit


def unit_case(unit: Unit, *, state=UnitCaseState.SUBMITTED, due_on: date | None, kind="PR1"):
    return UnitCase.objects.create(
        unit=unit, kind=kind, state=state, received_at=timezone.now(), due_on=due_on
    )


def association(unit: Unit, *, state=AssociationState.ACCEPTED) -> Association:
    n = next(_serial)
    user = UserFactory(role=Role.APPLICANT, username=f"holder-{n}", email=f"holder{n}@people.test")
    applicant = Applicant.objects.create(
        user=user,
        name=f"员工{n}",
        id_number=f"110105199001{n:05d}"[:17] + "X",
        birth_date=date(1990, 1, 1),
        gender="male",
    )
    return Association.objects.create(applicant=applicant, unit=unit, state=state)


def contract(link: Association, *, end_date: date | None, created_at=None) -> LabourContract:
    return LabourContract.objects.create(
        association=link,
        party_a=link.unit.name,
        start_date=date(2020, 1, 1),
        end_date=end_date,
        position="工程师",
        created_at=created_at or timezone.now(),
        created_by=link.unit.staff.first() or link.applicant.user,
    )


def application_with_zone(unit: Unit, *, due_on: date) -> PermitApplication:
    link = association(unit)
    return PermitApplication.objects.create(
        applicant=link.applicant,
        unit=unit,
        association=link,
        state=ApplicationState.WITH_ZONE,
        received_at=timezone.now(),
        due_on=due_on,
    )


def permit(
    unit: Unit,
    *,
    expires_on: date,
    opens_on: date | None = None,
    last_day: date | None = None,
    status=PermitStatus.VALID,
) -> Permit:
    """A permit of an accepted employee of ``unit`` with its T2 columns as given: the scans
    read the columns (how they are computed is tested in permits)."""
    link = association(unit)
    application = PermitApplication.objects.create(
        applicant=link.applicant,
        unit=unit,
        association=link,
        state=ApplicationState.APPROVED,
        decided_at=timezone.now(),
    )
    return Permit.objects.create(
        number=f"JKGJ-2026-{application.pk:06d}",
        holder=link.applicant,
        unit=unit,
        application=application,
        issued_on=expires_on.replace(year=expires_on.year - 3),
        expires_on=expires_on,
        status=status,
        renewal_opens_on=opens_on,
        renewal_last_day=last_day,
    )


def tax_certificate(unit: Unit, *, document_date: date, version: int = 1) -> Attachment:
    Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Unit), object_id=unit.pk
    ).update(is_current=False)
    return Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(Unit),
        object_id=unit.pk,
        kind=MaterialKind.objects.get(code=TAX_CERTIFICATE_CODE),
        version=version,
        file=f"attachments/test/{unit.pk}-{version}.pdf",
        original_name="完税证明.pdf",
        file_type="pdf",
        size=1,
        sha256="0" * 64,
        document_date=document_date,
        uploaded_by=unit.staff.first(),
        uploaded_at=timezone.now(),
    )


def quota(unit: Unit, *, expires_on: date, granted: int = 3, used: int = 0) -> Quota:
    return Quota.objects.create(unit=unit, granted=granted, used=used, expires_on=expires_on)
