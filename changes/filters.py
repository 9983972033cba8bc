import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import Unit

from .constants import KIND_CHOICES, ChangeState
from .models import PermitChange

DUE_ORDER = (("due_on", "due_on"), ("received_at", "received_at"))
DUE_LABELS = {
    "due_on": _("Due date, earliest first"),
    "-due_on": _("Due date, latest first"),
    "received_at": _("Received, oldest first"),
    "-received_at": _("Received, newest first"),
}


def _case_number(text: str) -> int | None:
    digits = text.strip().lstrip("#").strip()
    return int(digits) if digits.isdigit() and len(digits) < 12 else None


class PermitChangeFilter(django_filters.FilterSet):
    """The reviewer's queue of changes (PR6, PR7): search by the holder's name or ID number,
    the permit number, the unit's name or USCC, or the case number; process, status, unit,
    overdue (T1); sort by due date. Without a status: those with the zone or returned by it."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Name, ID number, permit number, credit code or case number"),
                "type": "search",
            }
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Process"), choices=KIND_CHOICES, empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=ChangeState.choices, empty_label=_("Waiting for the zone")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        queryset=Unit.objects.with_permission().order_by("name"),
        empty_label=_("All"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort"), fields=DUE_ORDER, field_labels=DUE_LABELS, empty_label=_("Oldest first")
    )

    class Meta:
        model = PermitChange
        fields = ["q", "kind", "state", "unit"]

    @property
    def qs(self):
        queryset = super().qs
        chosen = (
            self.form.cleaned_data.get("state") if self.is_bound and self.form.is_valid() else ""
        )
        if not chosen:
            queryset = queryset.filter(
                state__in=[ChangeState.WITH_ZONE, ChangeState.RETURNED_TO_UNIT]
            )
        return queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = (
            Q(holder__name__icontains=value)
            | Q(holder__id_number__iexact=value.upper())
            | Q(permit__number__iexact=value.upper())
            | Q(unit__name__icontains=value)
            | Q(unit__credit_code__iexact=value.upper())
        )
        number = _case_number(value)
        if number is not None:
            match |= Q(pk=number)
        return queryset.filter(match)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(state=ChangeState.WITH_ZONE, due_on__lt=timezone.localdate())
