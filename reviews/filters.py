"""The filters every reviewer's queue of cases shares (django-filter): a search over the
fields the queue names and the case number, a status whose default is the cases the zone
holds or returned, overdue only (T1), and sorting by due date. Each queue subclasses
``CaseFilter`` with its own search box, statuses and extra filters."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import Stage

DUE_ORDER = (("due_on", "due_on"), ("received_at", "received_at"))
DUE_LABELS = {
    "due_on": _("Due date, earliest first"),
    "-due_on": _("Due date, latest first"),
    "received_at": _("Received, oldest first"),
    "-received_at": _("Received, newest first"),
}


def case_number(text: str) -> int | None:
    """A case number as pages show it (“#42”, “42”)."""
    digits = text.strip().lstrip("#").strip()
    return int(digits) if digits.isdigit() and len(digits) < 12 else None


def search_filter(placeholder: str) -> django_filters.CharFilter:
    """The queue's search box; ``placeholder`` says what it finds."""
    return django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": placeholder, "type": "search"}),
    )


class CaseFilter(django_filters.FilterSet):
    """Base of a reviewer's queue. Subclasses declare ``q = search_filter(…)``, a ``state``
    filter with their process's choices, and ``Meta``; and say what the search matches:
    ``SEARCH_NAMES`` by part of the text, ``SEARCH_CODES`` (ID numbers, credit codes, permit
    numbers) exactly, in capitals."""

    # The zone holds the case and its T1 clock runs.
    WITH_ZONE: str = Stage.WITH_ZONE
    # Shown while no status is chosen: with the zone, or returned by it.
    DEFAULT_STATES: tuple[str, ...] = (Stage.WITH_ZONE, Stage.RETURNED_TO_UNIT)
    SEARCH_NAMES: tuple[str, ...] = ()
    SEARCH_CODES: tuple[str, ...] = ()

    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort"), fields=DUE_ORDER, field_labels=DUE_LABELS, empty_label=_("Oldest first")
    )

    @property
    def qs(self):
        queryset = super().qs
        chosen = (
            self.form.cleaned_data.get("state") if self.is_bound and self.form.is_valid() else ""
        )
        if not chosen:
            queryset = queryset.filter(state__in=self.DEFAULT_STATES)
        return queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q()
        for field in self.SEARCH_NAMES:
            match |= Q(**{f"{field}__icontains": value})
        for field in self.SEARCH_CODES:
            match |= Q(**{f"{field}__iexact": value.upper()})
        number = case_number(value)
        if number is not None:
            match |= Q(pk=number)
        return queryset.filter(match)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(state=self.WITH_ZONE, due_on__lt=timezone.localdate())
