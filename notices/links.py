"""Links of a scan's notices: one URL pattern reversed once per batch, not once per row."""

from collections.abc import Callable

from django.urls import reverse

# A primary key no row has: it stands in the reversed URL for the row's own.
_PLACEHOLDER = 9_223_372_036_854_775_807  # the largest bigint


def link_for_each(url_name: str) -> Callable[[int], str]:
    """``reverse(url_name, args=[pk])`` for many primary keys at the cost of one ``reverse``:
    the URL is reversed once with a placeholder key, which each call replaces. For URLs
    whose only argument is an integer primary key (``<int:pk>``)."""
    before, placeholder, after = reverse(url_name, args=[_PLACEHOLDER]).rpartition(
        str(_PLACEHOLDER)
    )
    if not placeholder:
        raise ValueError(f"{url_name} does not take a primary key")
    return lambda pk: f"{before}{int(pk)}{after}"
