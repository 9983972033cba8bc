"""The choice of a unit in the reviewers' queues (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Unit


def unit_filter() -> django_filters.ModelChoiceFilter:
    """A queue's choice of unit: those with a business permission (PR1)."""
    return django_filters.ModelChoiceFilter(
        label=_("Unit"),
        queryset=Unit.objects.with_permission().order_by("name"),
        empty_label=_("All"),
    )
