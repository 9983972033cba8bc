"""Who may open which portal. Object-level access lives in each app's access helpers;
this module only checks the role, on the server, for every view that needs one."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .constants import Role

View = Callable[..., HttpResponse]


def role_required(*roles: Role) -> Callable[[View], View]:
    """Anonymous users go to sign-in; a signed-in user of another role gets a 403 page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


HOME_URL_NAMES = {
    Role.UNIT_STAFF: "units:home",
    Role.APPLICANT: "applicants:home",
    Role.REVIEWER: "reviews:home",
    Role.ADMINISTRATOR: "portal:admin_home",
}
