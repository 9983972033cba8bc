"""The reviewer's decision on a case the zone holds, the same for every process: approve,
return to the unit with a reason per material, or reject. A decide view fetches the case
through its access helper and hands the rest to ``decide`` with the process's three services;
its page builds the same three forms with ``decision_forms``."""

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from portal.refusals import Refused
from reviews.forms import ApproveForm, RejectForm, ReturnForm
from reviews.services import MaterialReturn

DecisionForms = dict[str, forms.Form]


def decision_forms(
    data=None,
    action: str = "",
    *,
    materials: Iterable,
    approve_form: type[forms.Form] = ApproveForm,
    comment_label: str | None = None,
) -> DecisionForms:
    """The approve, return and reject forms of a case page; only the one of ``action`` is
    bound to ``data``. ``materials`` are what the reviewer may return."""
    return {
        "approve_form": approve_form(data if action == "approve" else None, prefix="approve"),
        "return_form": ReturnForm(
            data if action == "return" else None,
            materials=materials,
            prefix="return",
            comment_label=comment_label,
        ),
        "reject_form": RejectForm(data if action == "reject" else None, prefix="reject"),
    }


def _approved(result: Any) -> str:
    return _("Approved.")


def decide(
    request: HttpRequest,
    *,
    action: str,
    forms: DecisionForms,
    page: Callable[..., HttpResponse],
    approve: Callable[..., Any],
    return_to_unit: Callable[..., Any],
    reject: Callable[..., Any],
    done: str,
    approved: Callable[[Any], str] = _approved,
) -> HttpResponse:
    """Run the decision ``action`` (approve, return, reject) with its form.

    The services come bound to the case and are called as ``approve(by=…, **the approve
    form's fields)``, ``return_to_unit(by=…, comment=…, returned=[MaterialReturn…])`` and
    ``reject(by=…, reason=…)``; ``approved`` words the success from what ``approve``
    returned. An unknown action is a 404; an invalid form shows the page again with its
    errors (``page(forms, status=400)``); a refusal (the state or a rule) is shown as
    messages. Otherwise the reviewer goes back to ``done``."""
    form = forms.get(f"{action}_form")
    if form is None:
        raise Http404
    if not form.is_valid():
        return page(forms, status=400)
    data = form.cleaned_data
    try:
        if action == "approve":
            result = approve(by=request.user, **data)
            messages.success(request, approved(result))
        elif action == "return":
            return_to_unit(
                by=request.user,
                comment=data["comment"],
                returned=[MaterialReturn(*r) for r in form.returned()],
            )
            messages.success(request, _("Returned to the unit with your reasons."))
        else:
            reject(by=request.user, reason=data["reason"])
            messages.success(request, _("Rejected."))
    except Refused as exc:  # TransitionRefused too: someone acted first
        for reason in exc.reasons:
            messages.error(request, reason)
    return redirect(done)
