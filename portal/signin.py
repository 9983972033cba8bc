"""Guessing passwords, throttled without letting one client lock everyone out.

django-axes counts failures *per account* (``AXES_LOCKOUT_PARAMETERS = ["username"]``): five
wrong passwords lock that account for 15 minutes, from every address, and nobody else. A
separate, higher limit per client address (``AXES_ADDRESS_FAILURE_LIMIT``) stops one client
trying many accounts. The address is the client's, read behind ``TRUSTED_PROXIES`` proxies.
"""

from __future__ import annotations

import hashlib

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from rules.forms import CleanTextMixin
from rules.views import locked_out_response

from .errors import json_error, wants_json


def client_address(request: HttpRequest) -> str | None:
    """``REMOTE_ADDR`` when nothing stands in front of the portal. Behind N trusted proxies,
    each appending the address it saw to ``X-Forwarded-For`` (nginx's
    ``$proxy_add_x_forwarded_for``), the client is the N-th entry from the right: whatever a
    client writes into the header itself stands further left and is never read."""
    trusted = settings.TRUSTED_PROXIES
    if trusted <= 0:
        return request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) >= trusted:
        return hops[-trusted][:45]
    return request.META.get("REMOTE_ADDR")


def attempted_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username a sign-in tried, as axes records it: no longer than a username can be
    (150), so that a hostile one of any length is counted, not a database error."""
    if credentials:
        value = credentials.get("username")
    else:
        value = request.POST.get("username") if request is not None else None
    return str(value)[:150] if value else value


def address_failures(request: HttpRequest) -> int:
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    if not address:
        return 0
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AccountLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the per-address throttle."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes flags only the account's own lockout; the middleware answers on this flag.
        if request is not None and address_failures(request) > settings.AXES_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True
            request.axes_credentials = credentials


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """What a locked-out request gets: the eligibility API its documented 403 JSON
    (docs/eligibility.md), a script JSON, a person the page — all 429 otherwise."""
    match = request.resolver_match
    if match is not None and match.view_name == "rules:api_eligibility":
        return locked_out_response()
    if wants_json(request):
        return json_error(429)
    return render(request, "registration/locked_out.html", status=429)


# The sign-in and password-reset forms take text like every other form of the portal.
class SignInForm(CleanTextMixin, AuthenticationForm):
    pass


class ResetRequestForm(CleanTextMixin, PasswordResetForm):
    pass


class NewPasswordForm(CleanTextMixin, SetPasswordForm):
    pass


# --- Password reset requests ------------------------------------------------------------
# Each request may send an e-mail: one client cannot send them without end to one address
# (a mailbox flooded with reset links) nor to many. Counted per address (whether or not an
# account has it, so the answer tells nothing about accounts) and per client address, in
# the shared cache, for an hour.
RESET_WINDOW = 60 * 60
RESET_PER_EMAIL = 3
RESET_PER_CLIENT = 20
RESET_TOO_MANY = _(
    "Too many password reset requests for this address or from this computer: please try "
    "again in an hour. A link already sent stays valid."
)


def _counted(key: str) -> int:
    cache.add(key, 0, RESET_WINDOW)  # starts the hour with the first request
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, RESET_WINDOW)
        return 1


def reset_request_allowed(email: str, client: str | None) -> bool:
    """Count one reset request for ``email`` from ``client``; whether it stays within the
    limits of the hour."""
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    allowed = _counted(f"password-reset:email:{address}") <= RESET_PER_EMAIL
    if client:
        allowed = _counted(f"password-reset:client:{client}") <= RESET_PER_CLIENT and allowed
    return allowed


class ResetRequestView(PasswordResetView):
    """Django's password reset, within the limits above: past them the form says so at the
    address and sends nothing."""

    form_class = ResetRequestForm

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not reset_request_allowed(email, client_address(self.request)):
            form.add_error("email", RESET_TOO_MANY)
            return self.form_invalid(form)
        return super().form_valid(form)
