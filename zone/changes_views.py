"""The reviewers' pages of changes to a permit (PR6, PR7): the queue and the decision."""

from functools import partial

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changes import services
from changes.access import get_change_for
from changes.constants import ChangeState
from changes.filters import PermitChangeFilter
from changes.models import PermitChange
from changes.pages import change_context, return_items
from portal.access import role_required
from portal.constants import Role
from reviews.clock import with_clocks

from .decisions import decide, decision_forms

PAGE_SIZE = 25


@role_required(Role.REVIEWER)
def changes_queue(request: HttpRequest) -> HttpResponse:
    """Changes waiting for the zone, oldest first, with their T1 clocks."""
    change_filter = PermitChangeFilter(request.GET or None, queryset=PermitChange.objects.queue())
    page = Paginator(change_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "changes/zone_queue.html",
        {
            "filter": change_filter,
            "page_obj": page,
            "rows": with_clocks(page, today=timezone.localdate()),
            "query": query.urlencode(),
        },
    )


def _forms(change: PermitChange, data=None, action: str = "") -> dict:
    return decision_forms(
        data, action, materials=return_items(change), comment_label=_("Comment to the unit")
    )


def _render(request, change, forms, status=200) -> HttpResponse:
    context = change_context(change, today=timezone.localdate(), viewer="zone")
    context["can_decide"] = change.state == ChangeState.WITH_ZONE
    context["permit_history"] = change.permit.approved_changes()
    return render(request, "changes/zone_case.html", {**context, **forms}, status=status)


@role_required(Role.REVIEWER)
def change_case(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_change_for(request.user, pk)
    return _render(request, change, _forms(change))


@require_POST
@role_required(Role.REVIEWER)
def change_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    change = get_change_for(request.user, pk)
    return decide(
        request,
        action=action,
        forms=_forms(change, request.POST, action),
        page=partial(_render, request, change),
        approve=partial(services.change_approve, change=change),
        return_to_unit=partial(services.change_return_to_unit, change=change),
        reject=partial(services.change_reject, change=change),
        done=reverse("reviews:change_case", args=[pk]),
    )
