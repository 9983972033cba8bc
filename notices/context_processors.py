from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Notice


def unread_notices(request: HttpRequest) -> dict:
    """The header's unread count: one COUNT query, only on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notices": SimpleLazyObject(
            lambda: Notice.objects.for_recipient(user).unread().count()
        )
    }
