import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from permits.constants import ApplicationState, PermitCaseState
from permits.models import PermitApplication, PermitCase
from reviews.filters import CaseFilter, search_filter
from units.constants import UnitCaseState
from units.filters import unit_filter
from units.models import Unit, UnitCase

YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


class UnitCaseFilter(CaseFilter):
    """Filters of the reviewer's unit queue: search (unit name, USCC, case number), status,
    key support (U8), strategic industry (U5), overdue (T1); sort by due date."""

    WITH_ZONE = UnitCaseState.SUBMITTED
    DEFAULT_STATES = (UnitCaseState.SUBMITTED, UnitCaseState.RETURNED)
    SEARCH_NAMES = ("unit__name",)
    SEARCH_CODES = ("unit__credit_code",)

    q = search_filter(_("Unit name, credit code or case number"))
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

    class Meta:
        model = UnitCase
        # The form's order: the shared overdue and sort come last.
        fields = ["q", "state", "kind", "key_support", "strategic"]

    def filter_key_support(self, queryset, name, value):
        if value == "yes":
            return queryset.exclude(unit__key_support="none")
        return queryset.filter(unit__key_support="none")

    def filter_strategic(self, queryset, name, value):
        return queryset.filter(unit__strategic_emerging_industry=(value == "yes"))


class PermitApplicationFilter(CaseFilter):
    """The reviewer's new-permit queue: search by the applicant's name or ID number, the
    unit's name or USCC, or the case number; status, unit, overdue (T1); sort by due date."""

    SEARCH_NAMES = ("applicant__name", "unit__name")
    SEARCH_CODES = ("applicant__id_number", "unit__credit_code")

    q = search_filter(_("Name, ID number, credit code or case number"))
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=ApplicationState.choices, empty_label=_("Waiting for the zone")
    )
    unit = unit_filter()

    class Meta:
        model = PermitApplication
        fields = ["q", "state", "unit"]


class PermitCaseFilter(CaseFilter):
    """The reviewer's queue of renewals (PR4) and employer changes (PR5): search by the
    holder's name or ID number, the permit number, the unit or the case number; process,
    status, overdue (T1); sort by due date."""

    SEARCH_NAMES = ("applicant__name", "unit__name")
    SEARCH_CODES = ("applicant__id_number", "permit__number")

    q = search_filter(_("Name, ID number, permit number, unit or case number"))
    kind = django_filters.ChoiceFilter(
        label=_("Process"),
        choices=PermitCase._meta.get_field("kind").choices,
        empty_label=_("All"),
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=PermitCaseState.choices, empty_label=_("Waiting for the zone")
    )

    class Meta:
        model = PermitCase
        fields = ["q", "kind", "state"]


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
