"""Fetching PR3 objects for a user: a foreign or missing object is a 404."""

from django.http import Http404

from portal.constants import Role
from portal.models import User

from .models import Association, PermitApplication, PermitCase


def get_association_for(user: User, pk: int) -> Association:
    associations = Association.objects.select_related("applicant", "unit")
    if user.role == Role.UNIT_STAFF:
        associations = associations.filter(unit_id=user.unit_id)
    elif user.role == Role.APPLICANT:
        associations = associations.filter(applicant__user=user)
    else:
        raise Http404
    try:
        return associations.get(pk=pk)
    except Association.DoesNotExist:
        raise Http404 from None


def get_application_for(user: User, pk: int) -> PermitApplication:
    # unit__permission, unit__quota: the readiness check asks for both (PR1, U9).
    applications = PermitApplication.objects.select_related(
        "applicant", "unit__permission", "unit__quota", "association"
    )
    if user.role == Role.APPLICANT:
        applications = applications.filter(applicant__user=user)
    elif user.role == Role.UNIT_STAFF:
        applications = applications.filter(unit_id=user.unit_id)
    elif user.role in (Role.REVIEWER, Role.ADMINISTRATOR):
        pass
    else:
        raise Http404
    try:
        return applications.get(pk=pk)
    except PermitApplication.DoesNotExist:
        raise Http404 from None


def get_employee_for(user: User, pk: int) -> Association:
    """An employee record (员工列表 → 查看): the unit's accepted or released association."""
    if user.role != Role.UNIT_STAFF:
        raise Http404
    association = (
        Association.objects.select_related("applicant", "unit")
        .filter(unit_id=user.unit_id, pk=pk, state__in=["accepted", "dissociated"])
        .first()
    )
    if association is None:
        raise Http404
    return association


def get_permit_case_for(user: User, pk: int) -> PermitCase:
    """A renewal (PR4) or employer change (PR5): the unit that handles it, the holder, the
    zone's reviewers."""
    # permit__unit: the zone's case page shows the permit's life, which names its unit.
    cases = PermitCase.objects.select_related(
        "applicant", "unit", "from_unit", "permit__unit", "association"
    )
    if user.role == Role.UNIT_STAFF:
        cases = cases.filter(unit_id=user.unit_id)
    elif user.role == Role.APPLICANT:
        cases = cases.filter(applicant__user=user)
    elif user.role in (Role.REVIEWER, Role.ADMINISTRATOR):
        pass
    else:
        raise Http404
    try:
        return cases.get(pk=pk)
    except PermitCase.DoesNotExist:
        raise Http404 from None
