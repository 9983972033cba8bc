"""Per-client throttling of the public self-check (no sign-in, saves nothing): a client —
the address the server sees (REMOTE_ADDR; behind a proxy, the proxy sets it) — may run at
most ``SELF_CHECK_RATE`` evaluations per ``SELF_CHECK_WINDOW`` seconds, counted in Django's
cache (per process with the default local-memory cache: a bound, not an exact count).
Beyond that it gets a 429 page saying when to try again; what was typed is not stored."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def _limits() -> tuple[int, int]:
    return (
        getattr(settings, "SELF_CHECK_RATE", 30),
        getattr(settings, "SELF_CHECK_WINDOW", 60),
    )


def client_over_limit(request: HttpRequest, scope: str) -> int:
    """Seconds to wait when this client is over the limit, else 0. Counts this request."""
    rate, window = _limits()
    now = int(timezone.now().timestamp())
    bucket = now // window
    key = f"throttle:{scope}:{request.META.get('REMOTE_ADDR', '')}:{bucket}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window * 2)
        count = 1
    return (bucket + 1) * window - now if count > rate else 0


def throttled(scope: str, *, methods: tuple[str, ...] = ("POST",)) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in methods:
                wait = client_over_limit(request, scope)
                if wait:
                    response = render(
                        request, "rules/throttled.html", {"wait": max(wait, 1)}, status=429
                    )
                    response["Retry-After"] = str(max(wait, 1))
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
