import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.constants import UnitCaseState
from units.models import UnitCase

YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


class UnitCaseFilter(django_filters.FilterSet):
    """Filters of the reviewer's unit queue: status, key support (U8), strategic industry
    (U5), overdue (T1)."""

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

    class Meta:
        model = UnitCase
        fields = ["state", "kind"]

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
