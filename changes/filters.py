import django_filters
from django.utils.translation import gettext_lazy as _

from reviews.filters import CaseFilter, search_filter
from units.filters import unit_filter

from .constants import KIND_CHOICES, ChangeState
from .models import PermitChange


class PermitChangeFilter(CaseFilter):
    """The reviewer's queue of changes (PR6, PR7): search by the holder's name or ID number,
    the permit number, the unit's name or USCC, or the case number; process, status, unit,
    overdue (T1); sort by due date. Without a status: those with the zone or returned by it."""

    SEARCH_NAMES = ("holder__name", "unit__name")
    SEARCH_CODES = ("holder__id_number", "permit__number", "unit__credit_code")

    q = search_filter(_("Name, ID number, permit number, credit code or case number"))
    kind = django_filters.ChoiceFilter(
        label=_("Process"), choices=KIND_CHOICES, empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=ChangeState.choices, empty_label=_("Waiting for the zone")
    )
    unit = unit_filter()

    class Meta:
        model = PermitChange
        fields = ["q", "kind", "state", "unit"]
