from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.models import Applicant, documents_of
from portal.access import role_required
from portal.constants import Role
from reviews.clock import with_clocks
from reviews.forms import ApproveForm, ReturnForm
from reviews.services import MaterialReturn, TransitionRefused
from units.models import Unit

from . import life, services
from .access import (
    get_application_for,
    get_association_for,
    get_employee_for,
    get_permit_case_for,
)
from .constants import AssociationState
from .forms import (
    AssociateForm,
    ContractForm,
    HolderContractForm,
    OpinionForm,
    ReasonForm,
    ReleaseForm,
    RenewalDetailsForm,
    WithholdingFormSet,
    WithholdingImportForm,
)
from .items import application_items
from .models import Association, PermitApplication, PermitCase
from .pages import application_context, employee_rows, permit_case_context, permit_life_context
from .withholding import rows_from_xlsx


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
        {
            "form": form,
            "associations": list(associations),
            "live": associations.live().first(),
        },
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
    # The open application with its applicant, read as get_application_for reads it (the
    # readiness check asks for the unit's permission and quota, PR1 and U9); the profile
    # alone while none is open.
    current = (
        PermitApplication.objects.filter(applicant__user=request.user)
        .open()
        .select_related("applicant", "unit__permission", "unit__quota", "association")
        .first()
    )
    applicant = (
        current.applicant if current else Applicant.objects.filter(user=request.user).first()
    )
    if applicant is None:
        messages.info(request, _("Fill in your profile first."))
        return redirect("applicants:home")
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


def _render_application(request: HttpRequest, application: PermitApplication, template: str):
    context = application_context(
        application, today=timezone.localdate(), user=request.user, here=request.get_full_path()
    )
    return render(request, template, context)


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
    """员工列表: requests to accept, current and released employees with their permits, the
    renewal window (T2) and the days left to release a leaver (T4), and the open cases."""
    # The unit with its permission and quota in one query (business permission, U9).
    unit = Unit.objects.select_related("permission", "quota").get(pk=request.user.unit_id)
    today = timezone.localdate()
    live = list(Association.objects.for_unit(unit).live().employee_list().order_by("-requested_at"))
    applications = (
        PermitApplication.objects.for_unit(unit)
        .open()
        .select_related("applicant")
        .defer(*documents_of("applicant"))
    )
    return render(
        request,
        "permits/unit_employees.html",
        {
            "unit": unit,
            "pending": [a for a in live if a.state == AssociationState.REQUESTED],
            "current": employee_rows(
                [a for a in live if a.state == AssociationState.ACCEPTED], today
            ),
            "applications": with_clocks(applications, today=today),
            "permit_cases": list(PermitCase.objects.for_unit(unit).open().queue()),
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
    # A holder of another unit's permit is taken on with name, gender and ID number (PR5).
    holder_permit = life.holder_elsewhere(
        association.applicant, association.unit, timezone.localdate()
    )
    form_class = HolderContractForm if holder_permit else ContractForm
    accept_form = form_class(initial={"party_a": association.unit.name}, prefix="accept")
    reject_form = ReasonForm(prefix="reject")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                accept_form = form_class(request.POST, request.FILES, prefix="accept")
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
        {
            "association": association,
            "accept_form": accept_form,
            "reject_form": reject_form,
            "holder_permit": holder_permit,
        },
        status=status,
    )


@role_required(Role.UNIT_STAFF)
def unit_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    return _render_unit_application(request, application)


def _render_unit_application(
    request: HttpRequest,
    application: PermitApplication,
    *,
    return_form: ReturnForm | None = None,
    extra=None,
    status=200,
):
    """The unit's page, with a fresh return form unless ``return_form`` (with errors) is
    given."""
    context = application_context(
        application, today=timezone.localdate(), user=request.user, here=request.get_full_path()
    )
    if return_form is None:
        return_form = _unit_return_form(context["items"])
    return render(
        request,
        "permits/unit_application.html",
        {**context, "return_form": return_form, **(extra or {})},
        status=status,
    )


def _unit_return_form(items: list, data=None) -> ReturnForm:
    return ReturnForm(
        data, materials=items, prefix="return", comment_label=_("Comment to the applicant")
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
                return _render_unit_application(
                    request, application, extra={"forward_comment": comment}, status=400
                )
            messages.success(request, _("Forwarded to the zone."))
        elif action == "return":
            form = _unit_return_form(application_items(application), request.POST)
            if not form.is_valid():
                return _render_unit_application(request, application, return_form=form, status=400)
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


# --- the employee record and the permit's life (unit) -----------------------------------
@role_required(Role.UNIT_STAFF)
def employee(request: HttpRequest, pk: int) -> HttpResponse:
    """员工当前信息: the holder's data, permit and its life, contracts (newest judged)."""
    association = get_employee_for(request.user, pk)
    today = timezone.localdate()
    row = employee_rows(Association.objects.filter(pk=association.pk).employee_list(), today)[0]
    context = {"row": row, "association": association, "applicant": association.applicant}
    # A released employee's permit is no longer the unit's business once it moved on.
    if row.permit is not None and (
        association.state == AssociationState.ACCEPTED or row.permit.unit_id == association.unit_id
    ):
        context.update(permit_life_context(row.permit, today=today))
    context["contracts"] = list(
        association.contracts.select_related("created_by").order_by("-created_at")
    )
    context["today"] = today
    return render(request, "permits/employee.html", context)


@role_required(Role.UNIT_STAFF)
def employee_contract(request: HttpRequest, pk: int) -> HttpResponse:
    """更新合同: upload the newest labour contract at any time."""
    association = get_employee_for(request.user, pk)
    current = association.current_contract
    initial = {"party_a": association.unit.name}
    if current is not None:
        initial["position"] = current.position
        initial["work_location"] = current.work_location
    form = ContractForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                life.contract_update(association=association, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            except services.Refused as exc:
                for reason in exc.reasons:
                    form.add_error(None, reason)
            else:
                messages.success(request, _("The newest labour contract was saved."))
                return redirect("permits:employee", pk=pk)
        status = 400
    return render(
        request,
        "permits/employee_contract.html",
        {"association": association, "form": form},
        status=status,
    )


@role_required(Role.UNIT_STAFF)
def employee_release(request: HttpRequest, pk: int) -> HttpResponse:
    """解除关联: the former unit releases an employee who left (within 5 days, T4)."""
    association = get_employee_for(request.user, pk)
    if association.state != AssociationState.ACCEPTED:
        messages.info(request, _("This employee has already been released."))
        return redirect("permits:employee", pk=pk)
    contract = association.current_contract
    form = ReleaseForm(
        request.POST or None,
        request.FILES or None,
        initial={"left_on": contract.end_date if contract else None},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                life.association_release(
                    association=association, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            except TransitionRefused as exc:
                messages.error(request, exc.message)
                return redirect("permits:employees")
            else:
                messages.success(
                    request,
                    _("%(name)s was released from the unit.")
                    % {"name": association.applicant.name},
                )
                return redirect("permits:employees")
        status = 400
    return render(
        request,
        "permits/employee_release.html",
        {
            "association": association,
            "form": form,
            "departure": life.departure_clock(contract, timezone.localdate()),
        },
        status=status,
    )


@require_POST
@role_required(Role.UNIT_STAFF)
def permit_case_start(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """办理: the unit starts (or finds) the renewal or the employer change of an employee."""
    association = get_employee_for(request.user, pk)
    start = {"renewal": life.renewal_open, "change": life.employer_change_open}.get(kind)
    if start is None:
        raise Http404
    try:
        case = start(association=association, by=request.user)
    except services.Refused as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
        return redirect("permits:employee", pk=pk)
    return redirect("permits:unit_permit_case", pk=case.pk)


def _withholding_formset(case: PermitCase, data=None) -> WithholdingFormSet:
    return WithholdingFormSet(
        data, initial=life.withholding_rows(case, timezone.localdate()), prefix="months"
    )


def _render_permit_case(request, case, *, status=200, **forms) -> HttpResponse:
    context = permit_case_context(
        case, today=timezone.localdate(), user=request.user, here=request.get_full_path()
    )
    formset = forms.get("formset") or _withholding_formset(case)
    if context["readiness"] is not None:
        for index, errors in context["readiness"].row_errors.items():
            if index < len(formset.forms):
                formset.forms[index].row_errors = errors
    context.update(
        {
            "formset": formset,
            "details_form": forms.get("details_form")
            or RenewalDetailsForm(initial={"old_unit_gone": case.old_unit_gone}),
            "import_form": forms.get("import_form") or WithholdingImportForm(),
            "opinion_form": forms.get("opinion_form") or OpinionForm(),
        }
    )
    return render(request, "permits/unit_permit_case.html", context, status=status)


@role_required(Role.UNIT_STAFF)
def unit_permit_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_permit_case_for(request.user, pk)
    if request.method != "POST":
        return _render_permit_case(request, case)
    action = request.POST.get("action")
    try:
        if action == "save":
            formset = _withholding_formset(case, request.POST)
            details = RenewalDetailsForm(request.POST)
            if not (formset.is_valid() and details.is_valid()):
                return _render_permit_case(
                    request, case, status=400, formset=formset, details_form=details
                )
            life.renewal_details_save(
                case=case,
                by=request.user,
                rows=formset.cleaned_data,
                old_unit_gone=details.cleaned_data["old_unit_gone"],
            )
            messages.success(request, _("The months were saved and checked."))
        elif action == "import":
            form = WithholdingImportForm(request.POST, request.FILES)
            if not form.is_valid():
                return _render_permit_case(request, case, status=400, import_form=form)
            try:
                rows = rows_from_xlsx(form.cleaned_data["spreadsheet"])
            except ValidationError as exc:
                _form_errors(form, exc)
                return _render_permit_case(request, case, status=400, import_form=form)
            merged = {r["month"]: r for r in case.withholding}
            merged.update({r["month"]: r for r in rows})
            life.renewal_details_save(
                case=case,
                by=request.user,
                rows=list(merged.values()),
                old_unit_gone=case.old_unit_gone,
            )
            messages.success(
                request, _("%(count)d months were read from the file.") % {"count": len(rows)}
            )
        elif action == "submit":
            form = OpinionForm(request.POST)
            opinion = form.data.get("opinion", "")[:2000]
            try:
                life.permit_case_submit(case=case, by=request.user, opinion=opinion)
            except TransitionRefused:
                raise
            except services.Refused as exc:
                for reason in exc.reasons:
                    messages.error(request, reason)
                return _render_permit_case(request, case, status=400, opinion_form=form)
            messages.success(request, _("Submitted to the zone."))
        else:
            # The case exists and is the unit's: a body without a known action is a bad
            # request, not a missing page.
            raise BadRequest
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    return redirect("permits:unit_permit_case", pk=pk)


@role_required(Role.APPLICANT)
def my_permit_case(request: HttpRequest, pk: int) -> HttpResponse:
    """The holder follows a renewal or an employer change the unit handles."""
    case = get_permit_case_for(request.user, pk)
    context = permit_case_context(
        case, today=timezone.localdate(), user=request.user, here=request.get_full_path()
    )
    return render(request, "permits/my_permit_case.html", context)
