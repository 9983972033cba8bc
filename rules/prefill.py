"""What the portal already knows about a visitor, as (partial) engine JSON for the
self-check's forms (docs/eligibility.md). The apps that know something — the applicant's
profile and facts, the unit of a staff account — register a provider when they start
(their AppConfig.ready); the engine's app itself knows none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any], dict[str, Any]]
_PROVIDERS: dict[str, list[Provider]] = {"person": [], "unit": [], "renewal": []}


def register(kind: str, provider: Provider) -> None:
    if provider not in _PROVIDERS[kind]:
        _PROVIDERS[kind].append(provider)


def _merge(into: dict[str, Any], more: dict[str, Any]) -> None:
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into.setdefault(key, value)


def initial_facts(kind: str, user: Any) -> dict[str, Any]:
    """The registered providers' facts for a signed-in user, the first provider's value
    winning; nothing for a visitor who has not signed in."""
    facts: dict[str, Any] = {}
    if user is None or not user.is_authenticated:
        return facts
    for provider in _PROVIDERS.get(kind, []):
        _merge(facts, provider(user))
    return facts
