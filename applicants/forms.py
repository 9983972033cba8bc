"""The applicant's forms. The filing rules F1–F8 are checked by rules.engine.fields only:
`add_filing_errors` runs them once over the submitted profile and puts each problem at the
field (or row) whose engine path the result names. The eligibility facts form is generated
from the engine's schema (rules.forms)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.i18n import in_language
from rules.engine.fields import check_form
from rules.engine.identity import IdentityError, parse_resident_id
from rules.engine.types import Relation
from rules.engine.verdict import FAIL
from rules.forms import CleanTextMixin, DateInput, SchemaForm
from units.forms import PHONE

from .constants import TalentCondition
from .eligibility import OWNER_PROVIDED, RESIDENCE_KIND_PATH, form_facts
from .models import Applicant, Dependant, EducationEntry
from .models import WorkEntry as WorkRow


def _clean_phone(value: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if not PHONE.match(value):
        raise ValidationError(
            _("Enter a mobile number (11 digits) or a landline such as 010-67881234.")
        )
    return value


class ApplicantCreateForm(CleanTextMixin, forms.ModelForm):
    """First visit: who you are. The ID number is fixed once saved."""

    class Meta:
        model = Applicant
        fields = ["name", "id_number", "phone"]
        labels = {"name": _("Full name")}
        help_texts = {
            "name": _("As on your resident identity card."),
            "id_number": _(
                "18 characters. Your birth date and gender are read from it; it cannot be "
                "changed later."
            ),
        }
        error_messages = {
            "id_number": {"unique": _("This ID number is already registered to another account.")}
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = True
        self.identity = None

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip().upper()
        try:
            self.identity = parse_resident_id(value, today=timezone.localdate())
        except IdentityError as exc:
            raise ValidationError(in_language(exc.zh, exc.en)) from None
        return value

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone", ""))


PROFILE_FIELDS = [
    "phone",
    "register_type",
    "register_province",
    "register_city",
    "register_district",
    "register_address",
    "current_province",
    "current_city",
    "current_district",
    "current_address",
    "bungalow",
    "marital_status",
    "children_accompany",
    "graduation_school",
    "graduation_date",
    "final_diploma_issuer",
    "final_diploma_issued_on",
    "full_time_graduation_date",
    "study_mode",
    "degree",
    "degree_issued_on",
    "foreign_degree",
    "degree_certificate_number",
    "cscse_report_number",
    "verification_prompted",
    "title_level",
    "title_name",
    "title_route",
    "title_other_province",
]
# The addresses are not "required" here: F1 and F2 say what an empty one lacks.
REQUIRED = (
    "phone",
    "register_type",
    "register_province",
    "register_city",
    "current_province",
    "current_city",
    "marital_status",
    "graduation_school",
    "graduation_date",
    "final_diploma_issuer",
    "final_diploma_issued_on",
    "study_mode",
    "degree",
)

# (anchor, title, fields, formset) — the page's sections, each with its own error count.
SECTIONS = [
    ("contact", _("Contact"), ["phone"], None),
    (
        "register",
        _("Household register (F2, F3)"),
        [
            "register_type",
            "register_province",
            "register_city",
            "register_district",
            "register_address",
        ],
        None,
    ),
    (
        "address",
        _("Current address (F1, F3)"),
        ["current_province", "current_city", "current_district", "current_address", "bungalow"],
        None,
    ),
    (
        "education",
        _("Final diploma and degree (F4, F5)"),
        [
            "graduation_school",
            "graduation_date",
            "final_diploma_issuer",
            "final_diploma_issued_on",
            "full_time_graduation_date",
            "study_mode",
            "degree",
            "degree_issued_on",
            "foreign_degree",
            "degree_certificate_number",
            "cscse_report_number",
            "verification_prompted",
        ],
        None,
    ),
    ("schools", _("Education history from senior high school (F6)"), [], "education"),
    ("work", _("Work history since full-time graduation (F7)"), [], "work"),
    (
        "title",
        _("Professional title (C2)"),
        ["title_level", "title_name", "title_route", "title_other_province"],
        None,
    ),
    (
        "family",
        _("Marital status and dependants (F8)"),
        ["marital_status", "children_accompany"],
        "dependants",
    ),
]


class ProfileForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Applicant
        fields = PROFILE_FIELDS
        widgets = {
            name: DateInput()
            for name in (
                "graduation_date",
                "final_diploma_issued_on",
                "full_time_graduation_date",
                "degree_issued_on",
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in REQUIRED:
            self.fields[name].required = True
        for name in ("register_province", "current_province"):
            self.fields[name].widget.attrs["placeholder"] = "北京市"
        self.fields["current_district"].widget.attrs["placeholder"] = "大兴区"

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in (
            "graduation_date",
            "final_diploma_issued_on",
            "degree_issued_on",
            "full_time_graduation_date",
        ):
            value = cleaned.get(name)
            if value and value > today:
                self.add_error(name, _("The date cannot be in the future."))
        return cleaned

    def grouped(self):
        return [
            (anchor, title, [self[name] for name in names], formset)
            for anchor, title, names, formset in SECTIONS
        ]


class _RowForm(CleanTextMixin, forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned


class EducationForm(_RowForm):
    class Meta:
        model = EducationEntry
        fields = ["level", "school", "summary", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class WorkForm(_RowForm):
    class Meta:
        model = WorkRow
        fields = ["employer", "position", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class DependantForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Dependant
        # A tuple: an inline formset appends its foreign key to a list of fields in place,
        # which would give every later subclass (changes' dependants) an "applicant" field.
        fields = ("relation", "name", "id_number", "in_school", "school")

    def clean_id_number(self) -> str:
        return self.cleaned_data.get("id_number", "").strip().upper()


class RowFormSet(BaseInlineFormSet):
    def get_queryset(self):
        # The applicant's rows through its relation: the ones the access helper prefetched
        # (get_applicant_for), so that the page reads them once, not again here.
        if not hasattr(self, "_queryset") and self.instance.pk is not None:
            rows = getattr(self.instance, self.fk.remote_field.get_accessor_name()).all()
            self._queryset = rows if rows.ordered else rows.order_by("pk")
        return super().get_queryset()

    def _existing_object(self, pk):
        # A row id that is not one of this applicant's rows: never someone else's data.
        obj = super()._existing_object(pk)
        if obj is None and pk not in (None, ""):
            raise Http404
        return obj

    def kept_forms(self) -> list[forms.ModelForm]:
        """The rows that stay after saving: filled in and not marked for deletion."""
        kept = []
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.errors:
                continue  # an empty extra row, or one with its own errors
            if not self._should_delete_form(form):
                kept.append(form)
        return kept

    def add_non_form_error(self, message: str) -> None:
        self.non_form_errors().append(message)


def profile_formsets(applicant: Applicant, data=None) -> dict[str, RowFormSet]:
    """The applicant's rows built into forms here, so that the template only shows them
    (issue 15): one empty row to add, more while a history has none."""

    def build(model, form, prefix: str, extra_when_empty: int):
        formset_class = inlineformset_factory(
            Applicant, model, form=form, formset=RowFormSet, extra=1, can_delete=True
        )
        formset = formset_class(data, instance=applicant, prefix=prefix)
        if not formset.get_queryset():  # the rows its forms are built from
            formset.extra += extra_when_empty
        formset.forms  # noqa: B018 - builds the forms (a cached property) before any template
        return formset

    return {
        "education": build(EducationEntry, EducationForm, "education", 2),
        "work": build(WorkRow, WorkForm, "work", 1),
        "dependants": build(Dependant, DependantForm, "dependants", 1),
    }


# --- F1–F8 at the field -------------------------------------------------------------------
# The engine's FormFacts paths that are not the profile form's field of the same name.
_ROWS = {"education": "education", "work_history": "work", "dependants": "dependants"}


def add_filing_errors(
    form: ProfileForm,
    formsets: dict[str, RowFormSet],
    *,
    unit_name: str,
    today: date,
) -> None:
    """Rules F1–F8 over the submitted profile, run once; each problem is shown at the field
    or row its engine path names (``form.current_address``, ``form.education[1].school``).
    Call after is_valid(). A field or row that failed its own validation keeps only its own
    message, and its value is not judged."""
    kept = {key: formset.kept_forms() for key, formset in formsets.items()}
    facts = form_facts(
        form.cleaned_data,
        [row.cleaned_data for row in kept["education"]],
        [row.cleaned_data for row in kept["work"]],
        [row.cleaned_data for row in kept["dependants"]],
    )
    for result in check_form(facts, unit_name, today):
        if result.outcome is not FAIL:
            continue
        action = in_language(result.action_zh, result.action_en)
        for problem in result.problems:
            message = f"{in_language(problem.zh, problem.en)}（{result.rule}）"
            if action:
                message = f"{message} {action}"
            _put(problem.path, message, form, formsets, kept)
    _children_accompany(form, kept["dependants"])


def _put(
    path: str,
    message: str,
    form: ProfileForm,
    formsets: dict[str, RowFormSet],
    kept: dict[str, list[forms.ModelForm]],
) -> None:
    name = path.removeprefix("form.")
    head, _bracket, rest = name.partition("[")
    if head in _ROWS:
        formset = formsets[_ROWS[head]]
        if not rest:
            # About the list as a whole (F6: where it starts): only once every row is valid.
            if not any(row.errors for row in formset.forms):
                formset.add_non_form_error(message)
            return
        index, _sep, field = rest.partition("].")
        row = kept[_ROWS[head]][int(index)]
        if not row.has_error(field):
            row.add_error(field, message)
        return
    if name in form.fields and not form.has_error(name):
        form.add_error(name, message)


def _children_accompany(form: ProfileForm, rows: list[forms.ModelForm]) -> None:
    children = [r for r in rows if r.cleaned_data.get("relation") == Relation.CHILD]
    if "children_accompany" in form.cleaned_data:
        accompany = form.cleaned_data["children_accompany"]
        if accompany and not children:
            form.add_error(
                "children_accompany", _("List each accompanying child under dependants (F8).")
            )
        elif children and not accompany:
            form.add_error(
                "children_accompany",
                _("A child is listed as a dependant: tick “children accompany me” (M6)."),
            )


# --- eligibility facts --------------------------------------------------------------------
class FactsForm(SchemaForm):
    """The engine's person schema without what the profile, the unit, the contract and the
    day of submission provide (OWNER_PROVIDED); with the one talent condition and the one
    residence the applicant applies with. Yearly figures are asked for the three calendar
    years before today's and stored under those years."""

    kind = "person"
    exclude = OWNER_PROVIDED
    required_paths = frozenset({RESIDENCE_KIND_PATH})
    talent_condition = forms.ChoiceField(
        label=_("Talent condition you apply under (P4)"),
        choices=[("", "—"), *TalentCondition.choices],
        help_text=_("Choose one. Its proof is asked for in the materials (M3)."),
    )

    sections = [
        (_("What you apply with"), ["talent_condition", RESIDENCE_KIND_PATH]),
        (
            _("Employment (P1, P5, U7)"),
            [
                "employer",
                "dispatched_to_other_unit",
                "monthly_taxable_income",
                "months_salary_paid",
                "months_social_insurance",
                "months_income_tax",
            ],
        ),
        (
            _("Experience and equivalent qualification"),
            ["work_experience_months", "equivalent_qualification"],
        ),
        (_("Award"), ["awards"]),
        (_("Taxable income in each of the last 3 years"), ["annual_taxable_income"]),
        (_("Intellectual property"), ["intellectual_property"]),
        (_("Innovation team"), ["innovation_team"]),
        (_("Freelancer or individual business"), ["freelancer"]),
        (_("Residence in Beijing (H1–H8)"), ["residence"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer__name"].help_text = _(
            "After association, the unit's registered name is used."
        )
        self.fields["work_experience_months"].help_text = _(
            "All work since full-time graduation, the current unit included (C1)."
        )

    def stored_facts(self) -> dict[str, Any]:
        """The answers as the engine's JSON for Applicant.facts (the residence's kind is
        the applicant's own column)."""
        facts = self.to_payload()
        residence = facts.get("residence")
        if residence is not None:
            residence.pop("kind", None)
            if not residence:
                facts.pop("residence")
        return facts

    @classmethod
    def initial_for(cls, applicant: Applicant, unit_name: str = "") -> dict[str, Any]:
        initial = cls.initial_from(applicant.facts or {})
        initial["talent_condition"] = applicant.talent_condition
        initial["residence__kind"] = applicant.residence_kind
        if unit_name:
            initial["employer__name"] = unit_name
        return initial
