from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from attachments.panel import material_panels
from attachments.status import materials_status
from portal.access import role_required
from portal.constants import Role
from rules.engine.parse import InputError, parse

from . import services
from .access import get_applicant_for, load_histories
from .checklist import required_material_kinds, residence_refusal, returned_reasons
from .constants import Gender
from .eligibility import (
    FactsIncomplete,
    assess_applicant,
    contract_facts_of,
    live_association,
    missing_facts_items,
    missing_profile_items,
    person_payload,
)
from .forms import SECTIONS, ApplicantCreateForm, FactsForm, ProfileForm, add_filing_errors
from .forms import profile_formsets as build_formsets
from .home import home_panels
from .models import Applicant


def _assess(applicant: Applicant):
    association = live_association(applicant)
    unit = association.unit if association and association.state == "accepted" else None
    assessment = assess_applicant(
        applicant,
        today=timezone.localdate(),
        unit=unit,
        contract=contract_facts_of(association),
    )
    return assessment, association


def _latest_application(applicant: Applicant):
    # The applications are permits' rows, read through their reverse relation.
    return applicant.applications.order_by("-created_at").first()


def _steps(applicant: Applicant, assessment, association, latest) -> list[dict]:
    # The latest application decides: a returned one is back with the applicant, not done.
    submitted = latest is not None and latest.state not in ("draft", "returned_to_applicant")
    done = [
        ("profile", _("Profile"), not missing_profile_items(applicant)),
        ("facts", _("Eligibility facts"), not missing_facts_items(applicant)),
        ("materials", _("Materials"), not assessment.materials_to_upload),
        (
            "associate",
            _("Associate with your unit"),
            bool(association) and association.state == "accepted",
        ),
        ("submit", _("Submit"), submitted),
    ]
    current = next((key for key, _label, ok in done if not ok), None)
    return [
        {"key": key, "label": label, "done": ok, "current": key == current}
        for key, label, ok in done
    ]


@role_required(Role.APPLICANT)
def home(request: HttpRequest) -> HttpResponse:
    applicant = get_applicant_for(request.user, histories=False)
    context = {"applicant": applicant}
    if applicant is not None and applicant.read_once().holds_permit:
        # A holder's home is their permit: the new-permit steps are behind them (PR3), and
        # their profile changes only through a change case (PR6, PR7).
        association = live_association(applicant)
        context.update(
            holder=True,
            **home_panels(
                applicant, timezone.localdate(), association=association, application=None
            ),
        )
    elif applicant is not None:
        load_histories(applicant)
        assessment, association = _assess(applicant)
        latest = _latest_application(applicant)
        context.update(
            assessment=assessment,
            association=association,
            missing_profile=missing_profile_items(applicant),
            missing_facts=missing_facts_items(applicant),
            steps=_steps(applicant, assessment, association, latest),
            **home_panels(
                applicant, timezone.localdate(), association=association, application=latest
            ),
        )
    return render(request, "applicants/home.html", context)


def _sections(form: ProfileForm, formsets: dict) -> list[dict]:
    """The page's sections, each with its fields, its formset and how many errors it has."""
    sections = []
    for anchor, title, names, formset_key in SECTIONS:
        formset = formsets[formset_key] if formset_key else None
        count = 0
        if form.is_bound:
            count = sum(len(form[name].errors) for name in names)
            if formset is not None:
                count += len(formset.non_form_errors())
                count += sum(len(row.errors) for row in formset.forms)
        sections.append(
            {
                "anchor": anchor,
                "title": title,
                "fields": [form[name] for name in names],
                "formset": formset,
                "errors": count,
            }
        )
    return sections


@role_required(Role.APPLICANT)
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    applicant = get_applicant_for(request.user)
    if applicant is None:
        return _profile_create(request)
    if _refused_under_review(request, applicant) or _refused_for_holder(request, applicant):
        return redirect("applicants:profile" if applicant.holds_permit else "applicants:home")
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=applicant)
    formsets = build_formsets(applicant, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        form.is_valid()
        for formset in formsets.values():
            formset.is_valid()
        add_filing_errors(
            form, formsets, unit_name=_unit_name(applicant), today=timezone.localdate()
        )
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            services.applicant_profile_save(applicant=applicant, form=form, formsets=formsets)
            messages.success(request, _("Your profile was saved."))
            return redirect("applicants:home")
        messages.error(request, _("Some entries need attention: see the messages at each field."))
    sections = _sections(form, formsets)
    return render(
        request,
        "applicants/profile.html",
        {
            "applicant": applicant,
            "form": form,
            "sections": sections,
            "sections_with_errors": [s for s in sections if s["errors"]],
            "gender_label": _gender_label(applicant),
            "holds_permit": applicant.holds_permit,
        },
    )


def _refused_for_holder(request: HttpRequest, applicant: Applicant) -> bool:
    """A holder's profile is the permit's record (PR6, PR7): it changes through a change
    case that the unit and the zone review, not by saving this page."""
    if request.method != "POST" or not applicant.holds_permit:
        return False
    messages.error(
        request,
        _(
            "You hold a valid permit: your basic information and dependants change through a "
            "change request that your unit and the zone review."
        ),
    )
    return True


def _refused_under_review(request: HttpRequest, applicant: Applicant) -> bool:
    """While the application is with the unit or the zone, changes wait until it comes back."""
    if not applicant.under_review:
        return False
    message = _(
        "Your application is being checked: your profile, facts and materials cannot change "
        "until it is returned to you."
    )
    if request.method == "POST":
        messages.error(request, message)
        return True
    messages.warning(request, message)
    return False


def _gender_label(applicant: Applicant) -> str:
    return Gender(applicant.gender).label if applicant.gender in Gender.values else ""


def _unit_name(applicant: Applicant) -> str:
    association = live_association(applicant)
    if association is not None:
        return association.unit.name
    return ((applicant.facts or {}).get("employer") or {}).get("name", "")


def _profile_create(request: HttpRequest) -> HttpResponse:
    initial = {"name": request.user.display_name if request.user.last_name else ""}
    form = ApplicantCreateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.applicant_create(
            user=request.user,
            name=form.cleaned_data["name"],
            id_number=form.cleaned_data["id_number"],
            phone=form.cleaned_data["phone"],
            today=timezone.localdate(),
        )
        messages.success(request, _("Saved. Now complete the rest of your profile."))
        return redirect("applicants:profile")
    return render(request, "applicants/profile_create.html", {"form": form})


@role_required(Role.APPLICANT)
@require_http_methods(["GET", "POST"])
def facts(request: HttpRequest) -> HttpResponse:
    applicant = get_applicant_for(request.user)
    if applicant is None:
        messages.info(request, _("First tell us who you are."))
        return redirect("applicants:profile")
    if _refused_under_review(request, applicant):
        return redirect("applicants:home")
    if request.method == "POST":
        form = FactsForm(request.POST)
        if form.is_valid() and _facts_accepted(applicant, form):
            services.applicant_facts_save(applicant=applicant, form=form)
            messages.success(request, _("Your eligibility facts were saved."))
            return redirect("applicants:home")
        messages.error(request, _("Some entries need attention: see the messages at each field."))
    else:
        form = FactsForm(initial=FactsForm.initial_for(applicant, _unit_name(applicant)))
    return render(request, "applicants/facts.html", {"applicant": applicant, "form": form})


def _facts_accepted(applicant: Applicant, form: FactsForm) -> bool:
    """Run the answers through the engine's parser, as the verdict will: its field errors
    are shown at the fields (e.g. a lease that ends before it starts)."""
    today = timezone.localdate()
    applicant.talent_condition = form.cleaned_data["talent_condition"]
    applicant.residence_kind = form.cleaned_data["residence__kind"]
    try:
        parse(
            "person", person_payload(applicant, today=today, facts=form.stored_facts()), today=today
        )
    except InputError as exc:
        form.add_engine_errors(exc.errors)
        return False
    except FactsIncomplete as exc:
        for message in exc.missing:
            form.add_error(None, message)
        return False
    return True


@role_required(Role.APPLICANT)
def materials(request: HttpRequest) -> HttpResponse:
    applicant = get_applicant_for(request.user)
    if applicant is None:
        messages.info(request, _("First tell us who you are."))
        return redirect("applicants:profile")
    applicant.read_once()
    _refused_under_review(request, applicant)
    kinds = required_material_kinds(applicant)
    reasons = returned_reasons(applicant)
    panels = material_panels(applicant, kinds, request.user, next_url=request.get_full_path())
    current = {p["kind"].pk: p["current"] for p in panels if p["visible"]}
    states = materials_status(applicant, kinds, timezone.localdate(), current=current)
    rows = [
        {"state": s, "reason": reasons.get(s.kind.code, ""), "panel": panel}
        for s, panel in zip(states, panels, strict=True)
    ]
    return render(
        request,
        "applicants/materials.html",
        {
            "applicant": applicant,
            "rows": rows,
            "refused": residence_refusal(applicant),
            "missing_facts": missing_facts_items(applicant),
        },
    )


@role_required(Role.APPLICANT)
def eligibility(request: HttpRequest) -> HttpResponse:
    applicant = get_applicant_for(request.user)
    if applicant is None:
        messages.info(request, _("First tell us who you are."))
        return redirect("applicants:profile")
    assessment, association = _assess(applicant)
    return render(
        request,
        "applicants/eligibility.html",
        {
            "applicant": applicant,
            "assessment": assessment,
            "verdict": assessment.verdict,
            "association": association,
        },
    )
