"""Fetching PR3 objects for a user: a foreign or missing object is a 404."""

from django.http import Http404

from portal.constants import Role
from portal.models import User

from .models import Association, PermitApplication


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
    applications = PermitApplication.objects.select_related("applicant", "unit", "association")
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
