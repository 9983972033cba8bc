"""Fetching a change for a user: a foreign or missing one is a 404."""

from django.http import Http404

from portal.constants import Role
from portal.models import User

from .models import PermitChange


def get_change_for(user: User, pk: int) -> PermitChange:
    changes = PermitChange.objects.select_related("holder", "unit", "permit")
    if user.role == Role.APPLICANT:
        changes = changes.filter(holder__user=user)
    elif user.role == Role.UNIT_STAFF:
        changes = changes.filter(unit_id=user.unit_id)
    elif user.role in (Role.REVIEWER, Role.ADMINISTRATOR):
        pass
    else:
        raise Http404
    try:
        return changes.get(pk=pk)
    except PermitChange.DoesNotExist:
        raise Http404 from None
