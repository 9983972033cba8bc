from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attachments.models import Attachment, MaterialKind
from portal.access import role_required
from portal.constants import Role
from rules.tables import load_calendar
from units import services as unit_services
from units.access import get_unit_case_for
from units.constants import UNIT_MATERIAL_CODES, UnitCaseState
from units.eligibility import assess_unit
from units.forms import ApproveForm, QuotaForm, RejectForm, ReturnForm
from units.models import Quota, Unit, UnitCase

from .clock import case_clock
from .filters import UnitCaseFilter
from .models import AuditEvent
from .services import MaterialReturn, TransitionRefused

PAGE_SIZE = 25


@role_required(Role.REVIEWER)
def home(request: HttpRequest) -> HttpResponse:
    """The zone's queue of unit cases, oldest receipt first, with each case's T1 clock."""
    case_filter = UnitCaseFilter(request.GET or None, queryset=UnitCase.objects.queue())
    page = Paginator(case_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    calendar = load_calendar()
    today = timezone.localdate()
    rows = [
        (
            case,
            case_clock(
                received_on=case.received_on(), due_on=case.due_on, today=today, calendar=calendar
            )
            if case.received_at
            else None,
        )
        for case in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reviews/home.html",
        {"filter": case_filter, "page_obj": page, "rows": rows, "query": query.urlencode()},
    )


def _decision_forms(case: UnitCase, data=None, action: str = "") -> dict:
    kinds = MaterialKind.objects.filter(code__in=UNIT_MATERIAL_CODES).order_by("code")
    return {
        "approve_form": ApproveForm(data if action == "approve" else None, prefix="approve"),
        "return_form": ReturnForm(
            data if action == "return" else None, materials=kinds, prefix="return"
        ),
        "reject_form": RejectForm(data if action == "reject" else None, prefix="reject"),
    }


def _render_case(
    request: HttpRequest, case: UnitCase, forms: dict, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    assessment = assess_unit(case.unit, today)
    versions = (
        Attachment.objects.for_owner(case.unit)
        .alive()
        .filter(kind__code__in=UNIT_MATERIAL_CODES)
        .select_related("kind", "uploaded_by")
        .order_by("kind__code", "-version")
    )
    clock = None
    if case.received_at:
        clock = case_clock(
            received_on=case.received_on(),
            due_on=case.due_on,
            today=today,
            calendar=load_calendar(),
        )
    context = {
        "case": case,
        "unit": case.unit,
        "assessment": assessment,
        "versions": versions,
        "clock": clock,
        "events": AuditEvent.objects.for_case(case).timeline(),
        "state_labels": dict(UnitCaseState.choices),
        "can_decide": case.state == UnitCaseState.SUBMITTED,
        **forms,
    }
    return render(request, "reviews/unit_case.html", context, status=status)


@role_required(Role.REVIEWER)
def unit_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_unit_case_for(request.user, pk)
    return _render_case(request, case, _decision_forms(case))


@require_POST
@role_required(Role.REVIEWER)
def unit_case_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = get_unit_case_for(request.user, pk)
    forms = _decision_forms(case, request.POST, action)
    form = forms.get(f"{action}_form")
    if form is None:
        return redirect("reviews:unit_case", pk=pk)
    if not form.is_valid():
        return _render_case(request, case, forms, status=400)
    try:
        if action == "approve":
            unit_services.unit_case_approve(
                case=case, by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Approved."))
        elif action == "return":
            returned = [
                MaterialReturn(code, name, reason) for code, name, reason in form.returned()
            ]
            unit_services.unit_case_return(
                case=case, by=request.user, comment=form.cleaned_data["comment"], returned=returned
            )
            messages.success(request, _("Returned to the unit with your reasons."))
        else:
            unit_services.unit_case_reject(
                case=case, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Rejected."))
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    return redirect("reviews:unit_case", pk=pk)


@role_required(Role.REVIEWER, Role.ADMINISTRATOR)
def quota(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """Rule U9: set a unit's new-permit quota."""
    unit = get_object_or_404(Unit, pk=unit_pk)
    current = Quota.objects.filter(unit=unit).first()
    initial = {"granted": current.granted, "expires_on": current.expires_on} if current else None
    form = QuotaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit_services.quota_set(unit=unit, by=request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error("granted", exc.message)
        else:
            messages.success(request, _("The quota was saved."))
            return redirect("reviews:quota", unit_pk=unit.pk)
    return render(request, "reviews/quota.html", {"unit": unit, "quota": current, "form": form})
