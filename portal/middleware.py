"""Response headers for pages with personal data."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def private_pages(get_response: Callable[[HttpRequest], HttpResponse]):
    """A signed-in user's pages show ID numbers, incomes and addresses: no shared cache and
    no browser cache keeps them (``Cache-Control: private, no-store``). Files keep their own
    policy (private, revalidated by ETag: attachments.views)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
