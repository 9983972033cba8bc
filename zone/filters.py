import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permits.constants import ApplicationState, PermitCaseState
from permits.models import PermitApplication, PermitCase
from units.constants import UnitCaseState
from units.models import Unit, UnitCase

YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


def _case_number(text: str) -> int | None:
    """A case number as pages show it (“#42”, “42”)."""
    digits = text.strip().lstrip("#").strip()
    return int(digits) if digits.isdigit() and len(digits) < 12 else None


DUE_ORDER = (("due_on", "due_on"), ("received_at", "received_at"))
DUE_LABELS = {
    "due_on": _("Due date, earliest first"),
    "-due_on": _("Due date, latest first"),
    "received_at": _("Received, oldest first"),
    "-received_at": _("Received, newest first"),
}


class UnitCaseFilter(django_filters.FilterSet):
    """Filters of the reviewer's unit queue: search (unit name, USCC, case number), status,
    key support (U8), strategic industry (U5), overdue (T1); sort by due date."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"placeholder": _("Unit name, credit code or case number"), "type": "search"}
        ),
    )

    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=UnitCaseState.choices, empty_label=_("All open")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Process"), choices=UnitCase._meta.get_field("kind").choices, empty_label=_("All")
    )
    key_support = django_filters.ChoiceFilter(
        label=_("Key-support unit"),
        choices=YES_NO[1:],
        empty_label=_("All"),
        method="filter_key_support",
    )
    strategic = django_filters.ChoiceFilter(
        label=_("Strategic industry"),
        choices=YES_NO[1:],
        empty_label=_("All"),
        method="filter_strategic",
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )

    ordering = django_filters.OrderingFilter(
        label=_("Sort"), fields=DUE_ORDER, field_labels=DUE_LABELS, empty_label=_("Oldest first")
    )

    class Meta:
        model = UnitCase
        fields = ["q", "state", "kind"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q(unit__name__icontains=value) | Q(unit__credit_code__iexact=value.upper())
        number = _case_number(value)
        if number is not None:
            match |= Q(pk=number)
        return queryset.filter(match)

    @property
    def qs(self):
        queryset = super().qs
        chosen = (
            self.form.cleaned_data.get("state") if self.is_bound and self.form.is_valid() else ""
        )
        if not chosen:
            queryset = queryset.filter(state__in=[UnitCaseState.SUBMITTED, UnitCaseState.RETURNED])
        return queryset

    def filter_key_support(self, queryset, name, value):
        if value == "yes":
            return queryset.exclude(unit__key_support="none")
        return queryset.filter(unit__key_support="none")

    def filter_strategic(self, queryset, name, value):
        return queryset.filter(unit__strategic_emerging_industry=(value == "yes"))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(state=UnitCaseState.SUBMITTED, due_on__lt=timezone.localdate())


class PermitApplicationFilter(django_filters.FilterSet):
    """The reviewer's new-permit queue: search by the applicant's name or ID number, the
    unit's name or USCC, or the case number; status, unit, overdue (T1); sort by due date."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Name, ID number, credit code or case number"),
                "type": "search",
            }
        ),
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=ApplicationState.choices, empty_label=_("Waiting for the zone")
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
        model = PermitApplication
        fields = ["q", "state", "unit"]

    @property
    def qs(self):
        queryset = super().qs
        chosen = (
            self.form.cleaned_data.get("state") if self.is_bound and self.form.is_valid() else ""
        )
        if not chosen:
            queryset = queryset.filter(
                state__in=[ApplicationState.WITH_ZONE, ApplicationState.RETURNED_TO_UNIT]
            )
        return queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = (
            Q(applicant__name__icontains=value)
            | Q(applicant__id_number__iexact=value.upper())
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
        return queryset.filter(state=ApplicationState.WITH_ZONE, due_on__lt=timezone.localdate())


class PermitCaseFilter(django_filters.FilterSet):
    """The reviewer's queue of renewals (PR4) and employer changes (PR5): search by the
    holder's name or ID number, the permit number, the unit or the case number; process,
    status, overdue (T1); sort by due date."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Name, ID number, permit number, unit or case number"),
                "type": "search",
            }
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Process"),
        choices=PermitCase._meta.get_field("kind").choices,
        empty_label=_("All"),
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=PermitCaseState.choices, empty_label=_("Waiting for the zone")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort"), fields=DUE_ORDER, field_labels=DUE_LABELS, empty_label=_("Oldest first")
    )

    class Meta:
        model = PermitCase
        fields = ["q", "kind", "state"]

    @property
    def qs(self):
        queryset = super().qs
        chosen = (
            self.form.cleaned_data.get("state") if self.is_bound and self.form.is_valid() else ""
        )
        if not chosen:
            queryset = queryset.filter(
                state__in=[PermitCaseState.WITH_ZONE, PermitCaseState.RETURNED_TO_UNIT]
            )
        return queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = (
            Q(applicant__name__icontains=value)
            | Q(applicant__id_number__iexact=value.upper())
            | Q(permit__number__iexact=value.upper())
            | Q(unit__name__icontains=value)
        )
        number = _case_number(value)
        if number is not None:
            match |= Q(pk=number)
        return queryset.filter(match)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(state=PermitCaseState.WITH_ZONE, due_on__lt=timezone.localdate())


class UnitFilter(django_filters.FilterSet):
    """The reviewer's list of units: search by name or USCC, business permission."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"placeholder": _("Unit name or credit code"), "type": "search"}
        ),
    )
    permission = django_filters.ChoiceFilter(
        label=_("Business permission"),
        choices=YES_NO[1:],
        empty_label=_("All"),
        method="filter_permission",
    )

    class Meta:
        model = Unit
        fields = ["q"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__iexact=value.upper()))

    def filter_permission(self, queryset, name, value):
        return queryset.filter(permission__isnull=(value != "yes"))
