"""The reviewers' pages of changes to a permit (PR6, PR7): the queue and the decision."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
from portal.refusals import Refused
from reviews.clock import with_clocks
from reviews.forms import ApproveForm, RejectForm, ReturnForm
from reviews.services import MaterialReturn, TransitionRefused

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
    return {
        "approve_form": ApproveForm(data if action == "approve" else None, prefix="approve"),
        "return_form": ReturnForm(
            data if action == "return" else None,
            materials=return_items(change),
            prefix="return",
            comment_label=_("Comment to the unit"),
        ),
        "reject_form": RejectForm(data if action == "reject" else None, prefix="reject"),
    }


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
    forms = _forms(change, request.POST, action)
    form = forms.get(f"{action}_form")
    if form is None:
        raise Http404
    if not form.is_valid():
        return _render(request, change, forms, status=400)
    data = form.cleaned_data
    try:
        if action == "approve":
            services.change_approve(change=change, by=request.user, comment=data["comment"])
            messages.success(request, _("Approved."))
        elif action == "return":
            services.change_return_to_unit(
                change=change,
                by=request.user,
                comment=data["comment"],
                returned=[MaterialReturn(*r) for r in form.returned()],
            )
            messages.success(request, _("Returned to the unit with your reasons."))
        else:
            services.change_reject(change=change, by=request.user, reason=data["reason"])
            messages.success(request, _("Rejected."))
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    except Refused as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    return redirect("reviews:change_case", pk=pk)
