"""Error answers (400, 403, 404, 429, 500): a page in the portal's style and the active
language for people, JSON for the API and for the upload script (which asks for JSON), so a
refusal never reaches anyone as Django's bare English text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import TemplateDoesNotExist, loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"


def wants_json(request: HttpRequest) -> bool:
    """The JSON API, a script's XMLHttpRequest, or a client that asks for JSON first."""
    if request.path.startswith(API_PREFIX):
        return True
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return True
    accept = request.headers.get("accept", "")
    return accept.startswith("application/json")


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            "bad_request",
            _("The request could not be read: a field is too long, or there are too many."),
        ),
        403: ("forbidden", _("This page is not for your account.")),
        404: ("not_found", _("The page does not exist, or you have no access to it.")),
        429: ("too_many_requests", _("Too many attempts: please wait and try again later.")),
        500: (
            "server_error",
            _("The portal could not handle this request. Please try again shortly."),
        ),
    }


def json_error(status: int, message: str | None = None) -> JsonResponse:
    """The JSON shape of docs/security.md: ``{"ok": false, "result": CODE, "message": …,
    "errors": {"__all__": [message]}}`` — ``errors`` is what the upload script shows."""
    code, default = _messages()[status]
    text = message or default
    body = {"ok": False, "result": code, "message": text, "errors": {"__all__": [text]}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def error_response(request: HttpRequest, status: int, message: str | None = None) -> HttpResponse:
    if wants_json(request):
        return json_error(status, message)
    _code, default = _messages()[status]
    context = {"status": status, "message": message or default, "request": request}
    try:
        template = loader.get_template(f"{status}.html")
    except TemplateDoesNotExist:
        template = loader.get_template("error.html")
    return HttpResponse(template.render(context, request), status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors and no database: whatever failed may fail again.
    if wants_json(request):
        return json_error(500)
    return HttpResponse(loader.get_template("500.html").render(), status=500)
