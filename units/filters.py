"""The choice of a unit in the reviewers' queues (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def filter_by_unit(queryset, name: str, value: str):
    """Cases of the units whose name contains ``value`` or whose unified social credit code
    is ``value`` (in any case)."""
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(**{f"{name}__name__icontains": value}) | Q(**{f"{name}__credit_code": value.upper()})
    )


def unit_filter() -> django_filters.CharFilter:
    """A queue's unit: typed (part of its name, or its credit code), not chosen from a list,
    so the form stays the same size however many units the zone has (issue 15: a list of every
    permitted unit made the queue page as slow as its options were many)."""
    return django_filters.CharFilter(
        field_name="unit",
        label=_("Unit"),
        method=filter_by_unit,
        widget=forms.TextInput(
            attrs={"placeholder": _("Unit name or credit code"), "type": "search"}
        ),
    )
