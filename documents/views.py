"""Pages and files of the documents: declarations (prefilled or blank), receipts and the
unit's export of its permit holders. Every object is fetched through an access helper."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import Applicant, documents_of
from permits.access import get_association_for
from permits.models import Association
from portal.access import role_required
from portal.constants import Role
from portal.spreadsheets import xlsx_response
from rules.tables import load_calendar

from . import exports
from .declarations import (
    IntegrityDeclaration,
    LodgingDeclaration,
    associated_unit,
    integrity_declaration,
    lodging_declaration,
)
from .pdf import pdf_response
from .receipts import receipt, submission_for, submissions

LODGING = "lodging"
INTEGRITY = "integrity"
TEMPLATES = {LODGING: "documents/pdf/lodging.html", INTEGRITY: "documents/pdf/integrity.html"}
FILE_NAMES = {LODGING: "借住声明", INTEGRITY: "诚信声明"}


def _declaration(kind: str, declaration, *, suffix: str = "") -> HttpResponse:
    name = FILE_NAMES[kind] + (f"-{suffix}" if suffix else "")
    return pdf_response(TEMPLATES[kind], {"d": declaration}, filename=f"{name}.pdf")


@login_required
def blank(request: HttpRequest, kind: str) -> HttpResponse:
    """The handbook's annexes with every line empty, for anyone signed in."""
    if kind == LODGING:
        return _declaration(kind, LodgingDeclaration())
    if kind == INTEGRITY:
        return _declaration(kind, IntegrityDeclaration())
    raise Http404


# --- applicant ------------------------------------------------------------------------------
@role_required(Role.APPLICANT)
def mine(request: HttpRequest) -> HttpResponse:
    applicant = Applicant.objects.filter(user=request.user).first()
    if applicant is None:
        return redirect("applicants:home")
    return render(
        request,
        "documents/mine.html",
        {
            "applicant": applicant,
            "unit": associated_unit(applicant),
            "receipts": list(submissions(applicant=applicant)),
        },
    )


@role_required(Role.APPLICANT)
def my_declaration(request: HttpRequest, kind: str) -> HttpResponse:
    applicant = Applicant.objects.filter(user=request.user).first()
    if applicant is None or kind not in TEMPLATES:
        raise Http404
    unit = associated_unit(applicant)
    if kind == LODGING:
        return _declaration(kind, lodging_declaration(applicant, unit), suffix=applicant.name)
    return _declaration(kind, integrity_declaration(applicant, unit), suffix=applicant.name)


# --- unit -----------------------------------------------------------------------------------
@role_required(Role.UNIT_STAFF)
def unit_documents(request: HttpRequest) -> HttpResponse:
    unit = request.user.unit
    employees = list(
        Association.objects.for_unit(unit)
        .accepted()
        .select_related("applicant")
        .defer(*documents_of("applicant"))
    )
    return render(
        request,
        "documents/unit.html",
        {"unit": unit, "employees": employees, "receipts": list(submissions(unit=unit)[:50])},
    )


@role_required(Role.UNIT_STAFF)
def employee_declaration(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    association = get_association_for(request.user, pk)
    if kind not in TEMPLATES or association.state not in ("requested", "accepted"):
        raise Http404
    applicant, unit = association.applicant, association.unit
    if kind == LODGING:
        return _declaration(kind, lodging_declaration(applicant, unit), suffix=applicant.name)
    return _declaration(kind, integrity_declaration(applicant, unit), suffix=applicant.name)


@role_required(Role.UNIT_STAFF)
def unit_integrity(request: HttpRequest) -> HttpResponse:
    """The unit's own declaration (material U10d): its part filled in, the applicant's empty."""
    return _declaration(INTEGRITY, integrity_declaration(None, request.user.unit))


@role_required(Role.UNIT_STAFF)
def holders_export(request: HttpRequest) -> HttpResponse:
    queryset = exports.holders(request.user.unit)
    name = _("permit-holders")
    return xlsx_response(
        filename=f"{name}-{timezone.localdate():%Y%m%d}.xlsx",
        title=_("Permit holders"),
        columns=exports.holder_columns(queryset),
        rows=exports.holder_rows(queryset, load_calendar()),
    )


# --- every role -----------------------------------------------------------------------------
@login_required
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    event, case = submission_for(request.user, pk)
    data = receipt(event, case)
    name = _("receipt")
    return pdf_response(
        "documents/pdf/receipt.html",
        {"r": data, "printed_at": timezone.now()},
        filename=f"{name}-{data.number}.pdf",
    )
