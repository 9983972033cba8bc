from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attachments.models import MaterialKind
from attachments.panel import material_panels
from portal.access import role_required
from portal.constants import Process, Role
from reviews.clock import clock_for
from reviews.models import AuditEvent
from reviews.services import TransitionRefused

from . import services
from .access import get_unit_case_for
from .constants import UNIT_MATERIAL_CODES, UnitCaseState
from .eligibility import assess_unit
from .forms import UnitProfileForm
from .models import Quota, Unit, UnitCase

UNIT_PROCESSES = {"permission": Process.PR1, "department": Process.PR2}


@role_required(Role.UNIT_STAFF)
def home(request: HttpRequest) -> HttpResponse:
    # The unit with its permission in one query (the page shows when it was granted).
    unit = Unit.objects.select_related("permission").get(pk=request.user.unit_id)
    today = timezone.localdate()
    assessment = assess_unit(unit, today)
    cases = list(UnitCase.objects.for_unit(unit).order_by("-created_at")[:10])
    quota = Quota.objects.filter(unit=unit).first()
    return render(
        request,
        "units/home.html",
        {
            "unit": unit,
            "assessment": assessment,
            "cases": cases,
            "quota": quota,
            "quota_valid": quota.is_valid_on(today) if quota else False,
            "open_cases": {c.kind: c for c in UnitCase.objects.for_unit(unit).open()},
        },
    )


@role_required(Role.UNIT_STAFF)
def profile(request: HttpRequest) -> HttpResponse:
    unit = request.user.unit
    if unit.under_review:
        message = _(
            "The zone is reviewing the unit's application: the profile and attachments cannot "
            "change until it is decided or returned."
        )
        if request.method == "POST":
            messages.error(request, message)
            return redirect("units:home")
        messages.warning(request, message)
    form = UnitProfileForm(request.POST if request.method == "POST" else None, instance=unit)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The unit profile was saved."))
            return redirect("units:home")
        messages.error(request, _("Some fields need attention: see the messages at each field."))
    return render(request, "units/profile.html", {"unit": unit, "form": form})


@role_required(Role.UNIT_STAFF)
def materials(request: HttpRequest) -> HttpResponse:
    unit = request.user.unit
    if unit.under_review:
        messages.warning(
            request,
            _(
                "The zone is reviewing the unit's application: new versions can be uploaded "
                "once it is decided or returned."
            ),
        )
    kinds = MaterialKind.objects.filter(code__in=UNIT_MATERIAL_CODES).order_by("code")
    panels = material_panels(unit, kinds, request.user, next_url=request.get_full_path())
    return render(request, "units/materials.html", {"unit": unit, "panels": panels})


@role_required(Role.UNIT_STAFF)
def apply(request: HttpRequest, process: str) -> HttpResponse:
    """Start (or continue) the unit's PR1 or PR2 case and show what stands in its way."""
    kind = UNIT_PROCESSES.get(process)
    if kind is None:
        raise Http404
    unit = request.user.unit
    if request.method == "POST":
        case = services.unit_case_open(unit=unit, kind=kind)
        return redirect("units:case", pk=case.pk)
    open_case = UnitCase.objects.for_unit(unit).open().filter(kind=kind).first()
    if open_case:
        return redirect("units:case", pk=open_case.pk)
    return render(
        request,
        "units/apply.html",
        {"unit": unit, "kind": kind, "assessment": assess_unit(unit, timezone.localdate())},
    )


@role_required(Role.UNIT_STAFF)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_unit_case_for(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "units/case.html",
        {
            "case": case,
            "unit": case.unit,
            "assessment": assess_unit(case.unit, today) if case.is_open else None,
            "events": list(AuditEvent.objects.for_case(case).timeline()),
            "state_labels": dict(UnitCaseState.choices),
            "clock": clock_for(case, today=today),
        },
    )


@require_POST
@role_required(Role.UNIT_STAFF)
def case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_unit_case_for(request.user, pk)
    try:
        services.unit_case_submit(case=case, by=request.user)
    except services.SubmissionBlocked as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Submitted. The zone will review it; you can follow it here."))
    return redirect("units:case", pk=case.pk)
