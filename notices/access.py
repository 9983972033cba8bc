"""Fetching notices for a user: only one's own; another's or a missing one is a 404."""

from django.http import Http404

from portal.models import User

from .models import Notice


def get_notice_for(user: User, pk: int) -> Notice:
    try:
        return Notice.objects.for_recipient(user).get(pk=pk)
    except Notice.DoesNotExist:
        raise Http404 from None
