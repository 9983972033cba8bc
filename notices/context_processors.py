from django.http import HttpRequest

from .models import Notice


def unread_notices(request: HttpRequest) -> dict:
    """The header's unread count: one COUNT query, run here, before the template renders
    (issue 15: no query while a template renders; portal/tests/rendering.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": Notice.objects.for_recipient(user).unread().count()}
