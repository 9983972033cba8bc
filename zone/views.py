"""The zone reviewers' portal: the queues of unit cases and new permits, and the decisions."""

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attachments.models import Attachment, MaterialKind
from documents import exports
from permits import life as permit_life
from permits import services as permit_services
from permits.access import get_application_for, get_permit_case_for
from permits.constants import ApplicationState, PermitCaseState
from permits.forms import ZoneApproveForm
from permits.items import application_items
from permits.models import PermitApplication, PermitCase
from permits.pages import application_context, permit_case_context, permit_life_context
from portal.access import role_required
from portal.constants import Role
from portal.spreadsheets import xlsx_response
from reviews.clock import clock_for, with_clocks
from reviews.models import AuditEvent
from reviews.services import TransitionRefused
from rules.tables import load_calendar
from units import services as unit_services
from units.access import get_unit_case_for
from units.constants import UNIT_MATERIAL_CODES, UnitCaseState
from units.eligibility import assess_unit
from units.forms import QuotaForm
from units.models import Quota, Unit, UnitCase

from .decisions import DecisionForms, decide, decision_forms
from .filters import PermitApplicationFilter, PermitCaseFilter, UnitCaseFilter, UnitFilter

PAGE_SIZE = 25


def _unit_case_filter(request: HttpRequest) -> UnitCaseFilter:
    return UnitCaseFilter(request.GET or None, queryset=UnitCase.objects.queue())


@role_required(Role.REVIEWER)
def home(request: HttpRequest) -> HttpResponse:
    """The zone's queue of unit cases, oldest receipt first, with each case's T1 clock."""
    case_filter = _unit_case_filter(request)
    page = Paginator(case_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = with_clocks(page, today=timezone.localdate())
    return render(
        request,
        "zone/home.html",
        {"filter": case_filter, "page_obj": page, "rows": rows, "query": _query(request)},
    )


@role_required(Role.REVIEWER)
def home_export(request: HttpRequest) -> HttpResponse:
    """The unit-case queue as filtered on the page, every page of it, as Excel."""
    queryset = _unit_case_filter(request).qs
    today = timezone.localdate()
    name = _("unit-cases")
    return xlsx_response(
        filename=f"{name}-{today:%Y%m%d}.xlsx",
        title=_("Unit cases"),
        columns=exports.unit_queue_columns(queryset),
        rows=exports.unit_queue_rows(queryset, today=today, calendar=load_calendar()),
    )


def _decision_forms(case: UnitCase, data=None, action: str = "") -> DecisionForms:
    kinds = MaterialKind.objects.filter(code__in=UNIT_MATERIAL_CODES).order_by("code")
    return decision_forms(data, action, materials=kinds)


def _render_case(
    request: HttpRequest, case: UnitCase, forms: dict, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    assessment = assess_unit(case.unit, today)
    versions = list(
        Attachment.objects.for_owner(case.unit)
        .alive()
        .filter(kind__code__in=UNIT_MATERIAL_CODES)
        .select_related("kind", "uploaded_by")
        .order_by("kind__code", "-version")
    )
    clock = clock_for(case, today=today)
    context = {
        "case": case,
        "unit": case.unit,
        "assessment": assessment,
        "versions": versions,
        "clock": clock,
        "events": list(AuditEvent.objects.for_case(case).timeline()),
        "state_labels": dict(UnitCaseState.choices),
        "can_decide": case.state == UnitCaseState.SUBMITTED,
        **forms,
    }
    return render(request, "zone/unit_case.html", context, status=status)


@role_required(Role.REVIEWER)
def unit_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_unit_case_for(request.user, pk)
    return _render_case(request, case, _decision_forms(case))


@require_POST
@role_required(Role.REVIEWER)
def unit_case_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = get_unit_case_for(request.user, pk)
    return decide(
        request,
        action=action,
        forms=_decision_forms(case, request.POST, action),
        page=partial(_render_case, request, case),
        approve=partial(unit_services.unit_case_approve, case=case),
        return_to_unit=partial(unit_services.unit_case_return, case=case),
        reject=partial(unit_services.unit_case_reject, case=case),
        done=reverse("reviews:unit_case", args=[pk]),
    )


@role_required(Role.REVIEWER, Role.ADMINISTRATOR)
def quota(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """Rule U9: set a unit's new-permit quota."""
    unit = get_object_or_404(Unit, pk=unit_pk)
    current = Quota.objects.filter(unit=unit).first()
    initial = {"granted": current.granted, "expires_on": current.expires_on} if current else None
    form = QuotaForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit_services.quota_set(unit=unit, by=request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error("granted", exc.message)
        else:
            messages.success(request, _("The quota was saved."))
            return redirect(_back_to(request, reverse("reviews:quota", args=[unit.pk])))
    return render(
        request,
        "zone/quota.html",
        {
            "unit": unit,
            "quota": current,
            "changes": list(current.history()) if current else [],
            "form": form,
            "next": _back_to(request, ""),
        },
    )


def _back_to(request: HttpRequest, default: str) -> str:
    """The page the reviewer came from (the unit list), if it is one of ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


# --- PR3: new permits -------------------------------------------------------------------
def _permit_application_filter(request: HttpRequest) -> PermitApplicationFilter:
    return PermitApplicationFilter(request.GET or None, queryset=PermitApplication.objects.queue())


@role_required(Role.REVIEWER)
def permits_queue(request: HttpRequest) -> HttpResponse:
    """New-permit applications waiting for the zone, oldest first, with their T1 clocks;
    search, filters and sorting by due date."""
    application_filter = _permit_application_filter(request)
    page = Paginator(application_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = with_clocks(page, today=timezone.localdate())
    return render(
        request,
        "zone/permits_queue.html",
        {"filter": application_filter, "page_obj": page, "rows": rows, "query": _query(request)},
    )


def _query(request: HttpRequest) -> str:
    """The filters of the page, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@role_required(Role.REVIEWER, Role.ADMINISTRATOR)
def units(request: HttpRequest) -> HttpResponse:
    """Every unit with its business permission and new-permit quota (U9): used / granted /
    valid until, each editable from here."""
    unit_filter = UnitFilter(
        request.GET or None,
        queryset=Unit.objects.select_related("permission", "quota").order_by("name", "pk"),
    )
    page = Paginator(unit_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "zone/units.html",
        {
            "filter": unit_filter,
            "page_obj": page,
            "units": list(page),
            "query": _query(request),
            "today": timezone.localdate(),
            "here": request.get_full_path(),
        },
    )


@role_required(Role.REVIEWER)
def permits_queue_export(request: HttpRequest) -> HttpResponse:
    """The new-permit queue as filtered on the page, as Excel."""
    queryset = _permit_application_filter(request).qs
    today = timezone.localdate()
    name = _("new-permits")
    return xlsx_response(
        filename=f"{name}-{today:%Y%m%d}.xlsx",
        title=_("New permits"),
        columns=exports.permit_queue_columns(queryset),
        rows=exports.permit_queue_rows(queryset, today=today, calendar=load_calendar()),
    )


def _render_application(request, application, forms=None, status=200):
    """The case page, with fresh decision forms unless ``forms`` (with errors) are given."""
    context = application_context(
        application, today=timezone.localdate(), user=request.user, here=request.get_full_path()
    )
    context["can_decide"] = application.state == ApplicationState.WITH_ZONE
    if forms is None:
        forms = _application_forms(context["items"])
    return render(request, "zone/permit_application.html", {**context, **forms}, status=status)


def _application_forms(items, data=None, action=""):
    return decision_forms(
        data,
        action,
        materials=items,
        approve_form=ZoneApproveForm,
        comment_label=_("Comment to the unit"),
    )


@role_required(Role.REVIEWER)
def permit_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    return _render_application(request, application)


@require_POST
@role_required(Role.REVIEWER)
def permit_application_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = get_application_for(request.user, pk)
    return decide(
        request,
        action=action,
        forms=_application_forms(application_items(application), request.POST, action),
        page=partial(_render_application, request, application),
        approve=partial(permit_services.application_approve, application=application),
        approved=lambda permit: (
            _("Approved: permit %(number)s issued.") % {"number": permit.number}
        ),
        return_to_unit=partial(permit_services.application_return_to_unit, application=application),
        reject=partial(permit_services.application_reject, application=application),
        done=reverse("reviews:permit_application", args=[pk]),
    )


# --- PR4 / PR5: renewals and employer changes -------------------------------------------
@role_required(Role.REVIEWER)
def permit_cases_queue(request: HttpRequest) -> HttpResponse:
    """Renewals and employer changes waiting for the zone, oldest first, with T1 clocks."""
    case_filter = PermitCaseFilter(request.GET or None, queryset=PermitCase.objects.queue())
    page = Paginator(case_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = with_clocks(page, today=timezone.localdate())
    return render(
        request,
        "zone/permit_cases_queue.html",
        {"filter": case_filter, "page_obj": page, "rows": rows, "query": _query(request)},
    )


def _permit_case_forms(case, data=None, action=""):
    return decision_forms(
        data,
        action,
        materials=MaterialKind.objects.filter(
            code__in=["M5", "M7", *permit_life.case_material_codes(case)]
        ),
        approve_form=ZoneApproveForm,
        comment_label=_("Comment to the unit"),
    )


def _render_permit_case(request, case, forms, status=200):
    today = timezone.localdate()
    life = permit_life_context(case.permit, today=today)
    # The case's own timeline wins the "events" name; the permit's is shown apart.
    context = {
        **life,
        **permit_case_context(case, today=today, user=request.user, here=request.get_full_path()),
        "permit_events": life["events"],
    }
    context["can_decide"] = case.state == PermitCaseState.WITH_ZONE
    return render(request, "zone/permit_case.html", {**context, **forms}, status=status)


@role_required(Role.REVIEWER)
def permit_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_permit_case_for(request.user, pk)
    return _render_permit_case(request, case, _permit_case_forms(case))


@require_POST
@role_required(Role.REVIEWER)
def permit_case_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = get_permit_case_for(request.user, pk)
    return decide(
        request,
        action=action,
        forms=_permit_case_forms(case, request.POST, action),
        page=partial(_render_permit_case, request, case),
        approve=partial(permit_life.permit_case_approve, case=case),
        approved=_permit_case_approved,
        return_to_unit=partial(permit_life.permit_case_return, case=case),
        reject=partial(permit_life.permit_case_reject, case=case),
        done=reverse("reviews:permit_case", args=[pk]),
    )


def _permit_case_approved(permit) -> str:
    return _("Approved: permit %(number)s is valid until %(expires)s, unit %(unit)s.") % {
        "number": permit.number,
        "expires": permit.expires_on.isoformat(),
        "unit": permit.unit.name,
    }
