from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.models import Applicant
from portal.access import role_required
from portal.constants import Role
from reviews.clock import with_clocks
from reviews.forms import ApproveForm, ReturnForm
from reviews.services import MaterialReturn, TransitionRefused

from . import services
from .access import get_application_for, get_association_for
from .constants import AssociationState
from .forms import AssociateForm, ContractForm, ReasonForm
from .items import application_items
from .models import Association, Permit, PermitApplication
from .pages import application_context


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


# --- applicant --------------------------------------------------------------------------
@role_required(Role.APPLICANT)
def associate(request: HttpRequest) -> HttpResponse:
    applicant = Applicant.objects.filter(user=request.user).first()
    if applicant is None:
        messages.info(request, _("Fill in your profile first."))
        return redirect("applicants:home")
    form = AssociateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            association = services.association_request(
                applicant=applicant, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Request sent to %(unit)s. "
                    "The unit's HR staff will accept it with your labour contract."
                )
                % {"unit": association.unit.name},
            )
            return redirect("permits:associate")
    associations = Association.objects.filter(applicant=applicant).select_related("unit")
    return render(
        request,
        "permits/associate.html",
        {"form": form, "associations": associations, "live": associations.live().first()},
    )


@require_POST
@role_required(Role.APPLICANT)
def association_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    association = get_association_for(request.user, pk)
    try:
        services.association_withdraw(association=association, by=request.user)
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    return redirect("permits:associate")


@role_required(Role.APPLICANT)
def application(request: HttpRequest) -> HttpResponse:
    applicant = Applicant.objects.filter(user=request.user).first()
    if applicant is None:
        messages.info(request, _("Fill in your profile first."))
        return redirect("applicants:home")
    current = (
        PermitApplication.objects.for_applicant(applicant)
        .open()
        .select_related("unit", "association")
        .first()
    )
    if request.method == "POST" and current is None:
        try:
            current = services.application_open(applicant=applicant)
        except services.Refused as exc:
            for reason in exc.reasons:
                messages.error(request, reason)
            return redirect("permits:application")
    if current is None:
        latest = PermitApplication.objects.for_applicant(applicant).order_by("-created_at").first()
        return render(
            request,
            "permits/application_start.html",
            {
                "applicant": applicant,
                "latest": latest,
                # One valid permit per person: a holder is not offered a new application.
                "held": services.holder_refusals(applicant, timezone.localdate()),
            },
        )
    return _render_application(request, current, "permits/application.html")


def _render_application(
    request: HttpRequest, application: PermitApplication, template: str, extra=None, status=200
):
    context = application_context(application, today=timezone.localdate())
    return render(request, template, {**context, **(extra or {})}, status=status)


@require_POST
@role_required(Role.APPLICANT)
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    try:
        services.application_submit(application=application, by=request.user)
    except services.Refused as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Submitted to your unit, which checks every item and forwards it to the zone."),
        )
    return redirect("permits:application")


# --- unit -------------------------------------------------------------------------------
@role_required(Role.UNIT_STAFF)
def employees(request: HttpRequest) -> HttpResponse:
    unit = request.user.unit
    associations = (
        Association.objects.for_unit(unit).select_related("applicant").order_by("-requested_at")
    )
    applications = PermitApplication.objects.for_unit(unit).open().select_related("applicant")
    permits = Permit.objects.for_unit(unit).valid().select_related("holder")
    today = timezone.localdate()
    application_rows = with_clocks(applications, today=today)
    return render(
        request,
        "permits/unit_employees.html",
        {
            "unit": unit,
            "pending": [a for a in associations if a.state == AssociationState.REQUESTED],
            "associated": [a for a in associations if a.state == AssociationState.ACCEPTED],
            "applications": application_rows,
            "permits": permits,
            "refusals": services.unit_refusals(unit, today),
            "today": today,
        },
    )


@require_POST
@role_required(Role.UNIT_STAFF)
def rotate_code(request: HttpRequest) -> HttpResponse:
    try:
        services.unit_rotate_association_code(unit=request.user.unit)
    except services.Refused as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    else:
        messages.success(
            request, _("A new association code was made; the old one no longer works.")
        )
    return redirect("permits:employees")


@role_required(Role.UNIT_STAFF)
def association_decide(request: HttpRequest, pk: int) -> HttpResponse:
    association = get_association_for(request.user, pk)
    if association.state != AssociationState.REQUESTED:
        messages.info(request, _("This request has already been answered."))
        return redirect("permits:employees")
    accept_form = ContractForm(initial={"party_a": association.unit.name}, prefix="accept")
    reject_form = ReasonForm(prefix="reject")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                accept_form = ContractForm(request.POST, request.FILES, prefix="accept")
                if accept_form.is_valid():
                    services.association_accept(
                        association=association, by=request.user, **accept_form.cleaned_data
                    )
                    messages.success(
                        request,
                        _("%(name)s is now associated with the unit.")
                        % {"name": association.applicant.name},
                    )
                    return redirect("permits:employees")
            elif action == "reject":
                reject_form = ReasonForm(request.POST, prefix="reject")
                if reject_form.is_valid():
                    services.association_reject(
                        association=association,
                        by=request.user,
                        reason=reject_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("The request was rejected."))
                    return redirect("permits:employees")
        except ValidationError as exc:
            _form_errors(accept_form if action == "accept" else reject_form, exc)
        except TransitionRefused as exc:
            messages.error(request, exc.message)
            return redirect("permits:employees")
        status = 400
    return render(
        request,
        "permits/association_decide.html",
        {"association": association, "accept_form": accept_form, "reject_form": reject_form},
        status=status,
    )


@role_required(Role.UNIT_STAFF)
def unit_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    return _render_application(
        request,
        application,
        "permits/unit_application.html",
        {"return_form": _unit_return_form(application)},
    )


def _unit_return_form(application: PermitApplication, data=None) -> ReturnForm:
    return ReturnForm(
        data,
        materials=application_items(application),
        prefix="return",
        comment_label=_("Comment to the applicant"),
    )


@require_POST
@role_required(Role.UNIT_STAFF)
def unit_application_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = get_application_for(request.user, pk)
    try:
        if action == "forward":
            forward = ApproveForm(request.POST)
            comment = request.POST.get("comment", "")[:2000]
            try:
                if not forward.is_valid():
                    raise services.Refused(
                        [
                            f"{forward['comment'].label}: {e}"
                            for e in forward.errors.get("comment", [])
                        ]
                    )
                services.application_forward(
                    application=application,
                    by=request.user,
                    comment=forward.cleaned_data["comment"],
                )
            except TransitionRefused:
                raise
            except services.Refused as exc:
                # The opinion typed so far stays in the box.
                for reason in exc.reasons:
                    messages.error(request, reason)
                return _render_application(
                    request,
                    application,
                    "permits/unit_application.html",
                    {"return_form": _unit_return_form(application), "forward_comment": comment},
                    status=400,
                )
            messages.success(request, _("Forwarded to the zone."))
        elif action == "return":
            form = ReturnForm(
                request.POST,
                materials=application_items(application),
                prefix="return",
                comment_label=_("Comment to the applicant"),
            )
            if not form.is_valid():
                return _render_application(
                    request,
                    application,
                    "permits/unit_application.html",
                    {"return_form": form},
                    status=400,
                )
            services.application_return_to_applicant(
                application=application,
                by=request.user,
                comment=form.cleaned_data["comment"],
                returned=[MaterialReturn(*r) for r in form.returned()],
            )
            messages.success(request, _("Returned to the applicant with your reasons."))
        else:
            raise Http404
    except services.Refused as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    return redirect("permits:unit_application", pk=pk)
