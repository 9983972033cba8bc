"""The holder's and the unit's pages of a change (PR6, PR7); the zone's are in
zone/changes_views.py."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applicants.access import get_applicant_for
from attachments.panel import material_panels
from portal.access import role_required
from portal.constants import Process, Role
from portal.refusals import Refused
from reviews.clock import with_clocks
from reviews.forms import ReturnForm
from reviews.services import MaterialReturn, TransitionRefused
from rules.engine.parse import InputError

from . import services
from .access import get_change_for
from .constants import AWAITING_UNIT_STATES
from .forms import BasicChangeForm, DependantsFormSet
from .models import PermitChange
from .pages import change_context, return_items
from .record import current_dependants

KINDS = {"basic": Process.PR6, "dependants": Process.PR7}


# --- the holder ---------------------------------------------------------------------------
@role_required(Role.APPLICANT)
def mine(request: HttpRequest) -> HttpResponse:
    holder = get_applicant_for(request.user)
    if holder is None:
        messages.info(request, _("Fill in your profile first."))
        return redirect("applicants:home")
    today = timezone.localdate()
    permit = services.held_permit(holder, today)
    return render(
        request,
        "changes/mine.html",
        {
            "holder": holder,
            "permit": permit,
            "permit_history": permit.approved_changes() if permit else [],
            "refusals": services.filing_refusals(holder, today),
            "changes": list(PermitChange.objects.for_holder(holder).select_related("permit")),
        },
    )


@require_POST
@role_required(Role.APPLICANT)
def start(request: HttpRequest, kind: str) -> HttpResponse:
    holder = get_applicant_for(request.user)
    if holder is None or kind not in KINDS:
        raise Http404
    try:
        change = services.change_open(holder=holder, kind=KINDS[kind])
    except Refused as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
        return redirect("changes:mine")
    return redirect("changes:edit", pk=change.pk)


def _form_for(change: PermitChange, data=None):
    if change.kind == Process.PR7:
        rows = change.proposal.get("dependants") if change.proposal else None
        if rows is None:
            rows = current_dependants(change.holder)
        return DependantsFormSet(data, initial=rows, prefix="dependants")
    return BasicChangeForm(
        data, initial=BasicChangeForm.initial_for(change.holder, change.proposal)
    )


def _checked_proposal(change: PermitChange, form, today: date) -> dict | None:
    """The proposal when the form is valid and the engine finds nothing wrong with it;
    otherwise None, with each problem at its field (the engine's paths)."""
    if not form.is_valid():
        return None
    proposal = form.proposal()
    try:
        verdict = services.change_verdict(change, proposal, today)
    except InputError as exc:
        form.add_engine_errors(exc.errors)
        return None
    if verdict is not None:
        form.add_rule_errors(verdict.results)
    ok = not form.total_error_count() if change.kind == Process.PR7 else not form.errors
    return proposal if ok else None


@role_required(Role.APPLICANT)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_change_for(request.user, pk)
    today = timezone.localdate()
    form = _form_for(change, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        proposal = _checked_proposal(change, form, today) if change.is_editable else None
        if proposal is not None:
            try:
                services.change_propose(change=change, by=request.user, proposal=proposal)
            except TransitionRefused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, _("Saved. Upload the proofs below, then submit to your unit.")
                )
            return redirect("changes:edit", pk=pk)
        messages.error(request, _("Some entries need attention: see the messages at each field."))
        status = 400
    context = change_context(change, today=today, viewer="holder")
    if context["preparing"]:
        context["panels"] = material_panels(
            change,
            [m.kind for m in context["materials"]],
            request.user,
            next_url=request.get_full_path(),
        )
    return render(request, "changes/edit.html", {**context, "form": form}, status=status)


@require_POST
@role_required(Role.APPLICANT)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_change_for(request.user, pk)
    try:
        services.change_submit(change=change, by=request.user)
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    except Refused as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    else:
        messages.success(
            request, _("Submitted to your unit, which checks it and sends it to the zone.")
        )
    return redirect("changes:edit", pk=pk)


# --- the unit -----------------------------------------------------------------------------
@role_required(Role.UNIT_STAFF)
def unit_list(request: HttpRequest) -> HttpResponse:
    changes = PermitChange.objects.for_unit(request.user.unit).submitted().queue()
    rows = with_clocks(changes, today=timezone.localdate())
    return render(
        request,
        "changes/unit_list.html",
        {
            "waiting": [(c, clock) for c, clock in rows if c.state in AWAITING_UNIT_STATES],
            "rows": rows,
        },
    )


def _unit_forms(change: PermitChange, data=None, action: str = "") -> dict:
    return {
        "return_form": ReturnForm(
            data if action == "return" else None,
            materials=return_items(change),
            prefix="return",
            comment_label=_("Comment to the holder"),
        ),
    }


def _render_unit_case(request, change, extra, status=200) -> HttpResponse:
    context = change_context(change, today=timezone.localdate(), viewer="unit")
    context["can_decide"] = change.state in AWAITING_UNIT_STATES
    return render(request, "changes/unit_case.html", {**context, **extra}, status=status)


@role_required(Role.UNIT_STAFF)
def unit_case(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_change_for(request.user, pk)
    return _render_unit_case(request, change, _unit_forms(change))


@require_POST
@role_required(Role.UNIT_STAFF)
def unit_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    change = get_change_for(request.user, pk)
    try:
        if action == "forward":
            comment = request.POST.get("comment", "")[:2000]
            try:
                services.change_forward(change=change, by=request.user, comment=comment)
            except TransitionRefused:
                raise
            except Refused as exc:
                for reason in exc.reasons:
                    messages.error(request, reason)
                return _render_unit_case(
                    request, change, {**_unit_forms(change), "forward_comment": comment}, 400
                )
            messages.success(request, _("Sent to the zone."))
        elif action == "return":
            forms = _unit_forms(change, request.POST, action)
            form = forms["return_form"]
            if not form.is_valid():
                return _render_unit_case(request, change, forms, 400)
            services.change_return_to_holder(
                change=change,
                by=request.user,
                comment=form.cleaned_data["comment"],
                returned=[MaterialReturn(*r) for r in form.returned()],
            )
            messages.success(request, _("Returned to the holder with your reasons."))
        else:
            raise Http404
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    return redirect("changes:unit_case", pk=pk)
