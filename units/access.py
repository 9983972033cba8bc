"""Fetching units' objects for a user. A foreign or missing object is a 404."""

from django.http import Http404

from portal.constants import Role
from portal.models import User

from .models import UnitCase


def get_unit_case_for(user: User, pk: int) -> UnitCase:
    cases = UnitCase.objects.select_related("unit")
    if user.role == Role.UNIT_STAFF:
        cases = cases.filter(unit_id=user.unit_id)
    elif user.role in (Role.REVIEWER, Role.ADMINISTRATOR):
        pass
    else:
        raise Http404
    try:
        return cases.get(pk=pk)
    except UnitCase.DoesNotExist:
        raise Http404 from None
