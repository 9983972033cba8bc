import base64
import binascii
import json

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .constants import Kind
from .engine.parse import FieldError, InputError, load_json
from .forms import FORMS
from .prefill import initial_facts
from .services import evaluate_payload, verdict_json
from .throttle import throttled


# Open to everyone: a prospective applicant or HR officer checks before signing up. It saves
# nothing; a signed-in user's form starts from what the portal knows (rules.prefill).
@require_http_methods(["GET", "POST"])
@throttled("self-check")
def self_check(request: HttpRequest) -> HttpResponse:
    default = Kind.UNIT if getattr(request.user, "is_unit_staff", False) else Kind.PERSON
    kind = request.GET.get("kind", default)
    if kind not in FORMS:
        kind = default
    form_class = FORMS[kind]
    evaluation = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            evaluation = evaluate_payload(kind, form.to_payload())
            if evaluation.verdict is None:
                form.add_engine_errors(evaluation.errors)
                evaluation = None
    else:
        form = form_class(initial=form_class.initial_from(initial_facts(kind, request.user)))
    context = {
        "form": form,
        "kind": kind,
        "kinds": Kind.choices,
        "evaluation": evaluation,
        "verdict": evaluation.verdict if evaluation else None,
        "notes_zh": (get_language() or "zh-hans").startswith("zh"),
    }
    return render(request, "rules/self_check.html", context, status=200)


def _json(body: str, status: int) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def _error(status: int, code: str, zh: str, en: str) -> HttpResponse:
    body = InputError([FieldError("", code, zh, en)]).to_dict()
    body["result"] = code
    return _json(json.dumps(body, ensure_ascii=False, indent=2), status)


def locked_out_response() -> HttpResponse:
    """The documented answer (docs/eligibility.md) to a locked-out API client: 403, JSON.
    django-axes' middleware gives it through portal.signin.lockout_response."""
    return _error(
        403,
        "locked_out",
        "登录失败次数过多，账户已被暂时锁定",
        "too many failed sign-ins: temporarily locked out",
    )


def _api_user(request: HttpRequest):
    """The session's user, or HTTP Basic credentials checked through django-axes (so that
    guessing passwords here is throttled like the sign-in page)."""
    if request.user.is_authenticated:
        return request.user
    scheme, _sep, encoded = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        username, _sep, password = base64.b64decode(encoded).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    if "\x00" in username or "\x00" in password:
        return None  # PostgreSQL cannot even look such a name up
    user = authenticate(request=request, username=username, password=password)
    return user if user is not None and user.is_active else None


# The endpoint reads JSON and writes nothing, so a forged cross-site request can change no
# data, and without CORS headers its answer cannot be read by another origin: CSRF tokens
# would only stand in the way of API clients using Basic authentication.
@csrf_exempt
@require_POST
def api_eligibility(request: HttpRequest, kind: str) -> HttpResponse:
    try:
        user = _api_user(request)
    except PermissionDenied:
        return locked_out_response()
    if user is None:
        response = _error(
            401,
            "unauthenticated",
            "请先登录，或使用 HTTP Basic 认证",
            "sign in first, or use HTTP Basic authentication",
        )
        response["WWW-Authenticate"] = 'Basic realm="eligibility", charset="UTF-8"'
        return response
    try:
        payload = load_json(request.body)
    except InputError as exc:
        body = exc.to_dict()
        return _json(json.dumps(body, ensure_ascii=False, indent=2), 400)
    evaluation = evaluate_payload(kind, payload)
    status = 400 if evaluation.verdict is None else 200
    return _json(verdict_json(evaluation), status)
