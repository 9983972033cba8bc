"""The applicant's forms. The filing rules F1–F8 are checked by rules.engine.fields only:
`add_filing_errors` runs each check and puts its message at the field (or row) it is about.
To attribute a check that covers several fields, it is run once per field with the other
inputs of that check held at a value that passes; the logic itself stays in the engine."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.i18n import in_language
from rules.engine import fields as f
from rules.engine.identity import IdentityError, parse_resident_id
from rules.engine.types import EducationEntry as EngineEducation
from rules.engine.types import EducationLevel, FormFacts, Region, Relation, WorkEntry
from rules.engine.verdict import FAIL, RuleResult
from rules.forms import RESIDENCE_FIELDS, PersonForm
from units.forms import PHONE

from .constants import TalentCondition
from .eligibility import FACT_FIELDS, dependant, education_entry, work_entry
from .models import Applicant, Dependant, EducationEntry
from .models import WorkEntry as WorkRow

# A valid resident ID number and passing rows: the "held" inputs described above.
_PASSING_ID = "11010519491231002X"
_FAR = date(2100, 1, 1)
_PASSING_SCHOOL = EngineEducation(EducationLevel.SENIOR_HIGH, "—", "—", _FAR, _FAR)
_PASSING_WORK = WorkEntry("—", _FAR, _FAR)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _clean_phone(value: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if not PHONE.match(value):
        raise ValidationError(
            _("Enter a mobile number (11 digits) or a landline such as 010-67881234.")
        )
    return value


class ApplicantCreateForm(forms.ModelForm):
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


class ProfileForm(forms.ModelForm):
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


class _RowForm(forms.ModelForm):
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


class DependantForm(forms.ModelForm):
    class Meta:
        model = Dependant
        fields = ["relation", "name", "id_number", "in_school", "school"]

    def clean_id_number(self) -> str:
        return self.cleaned_data.get("id_number", "").strip().upper()


class RowFormSet(BaseInlineFormSet):
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
    def build(model, form, prefix: str, related: str):
        extra = 0 if getattr(applicant, related).all() else (2 if prefix == "education" else 1)
        formset_class = inlineformset_factory(
            Applicant, model, form=form, formset=RowFormSet, extra=extra + 1, can_delete=True
        )
        return formset_class(data, instance=applicant, prefix=prefix)

    return {
        "education": build(EducationEntry, EducationForm, "education", "education"),
        "work": build(WorkRow, WorkForm, "work", "work_history"),
        "dependants": build(Dependant, DependantForm, "dependants", "dependants"),
    }


# --- F1–F8 at the field -------------------------------------------------------------------
def _message(result: RuleResult) -> str:
    reason = in_language(result.reason_zh, result.reason_en)
    action = in_language(result.action_zh, result.action_en)
    return f"{reason} {action}" if action else reason


def _put(form: forms.BaseForm, name: str | None, result: RuleResult) -> bool:
    if result.outcome is not FAIL:
        return False
    if name is None:
        form.add_non_form_error(_message(result))  # a formset
    else:
        form.add_error(name, _message(result))
    return True


def add_filing_errors(
    form: ProfileForm,
    formsets: dict[str, RowFormSet],
    *,
    unit_name: str,
    today: date,
) -> None:
    """Rules F1–F8 over the submitted profile, each message at its field or row. Call after
    is_valid(); fields and rows that failed their own validation are skipped."""
    d = dict(form.cleaned_data)  # add_error() removes a field from cleaned_data
    empty = Region()
    if "current_address" in d:
        current = d["current_address"]
        region = Region(
            d.get("current_province", ""), d.get("current_city", ""), d.get("current_district", "")
        )
        _put(form, "current_address", f.check_f1(current, d.get("bungalow", False)))
        _put(form, "current_address", f.check_f3(current, region, "", empty))
    if "register_address" in d:
        register = d["register_address"]
        region = Region(
            d.get("register_province", ""),
            d.get("register_city", ""),
            d.get("register_district", ""),
        )
        _put(form, "register_address", f.check_f2(register, ""))
        _put(form, "register_address", f.check_f3("", empty, register, region))

    school, issuer = d.get("graduation_school", ""), d.get("final_diploma_issuer", "")
    if school and issuer:
        only_school = FormFacts("", graduation_school=school, final_diploma_issuer=issuer)
        _put(form, "graduation_school", f.check_f4(only_school))
    graduated, issued = d.get("graduation_date"), d.get("final_diploma_issued_on")
    if graduated and issued:
        only_date = FormFacts(
            "",
            graduation_school=school or "—",
            graduation_date=graduated,
            final_diploma_issued_on=issued,
        )
        _put(form, "graduation_date", f.check_f4(only_date))

    degree_facts = FormFacts(
        "",
        foreign_degree=d.get("foreign_degree", False),
        degree_certificate_number=d.get("degree_certificate_number", ""),
        cscse_report_number=d.get("cscse_report_number", ""),
    )
    f5_field = (
        "cscse_report_number"
        if not degree_facts.cscse_report_number.strip()
        else ("degree_certificate_number")
    )
    _put(form, f5_field, f.check_f5(degree_facts))

    _education_errors(formsets["education"])
    graduation = d.get("full_time_graduation_date") or graduated
    _work_errors(formsets["work"], unit_name, graduation)
    _dependant_errors(form, formsets["dependants"], today)


def _education_errors(formset: RowFormSet) -> None:
    rows = formset.kept_forms()
    entries = [education_entry(r.cleaned_data) for r in rows]
    if all(not row.errors for row in formset.forms):
        # Where the history starts: the rows' texts held at passing values.
        levels_only = [replace(e, school="—", summary="—") for e in entries]
        _put(formset, None, f.check_f6(FormFacts("", education=levels_only)))
    for i, (row, entry) in enumerate(zip(rows, entries, strict=True)):
        # Passing rows before it keep the engine's row number right; one after it stands
        # for the senior high school, which the check above covers.
        padded = [_PASSING_SCHOOL] * i + [entry, _PASSING_SCHOOL]
        result = f.check_f6(FormFacts("", education=padded))
        if result.outcome is FAIL:
            name = "school" if not entry.school else "summary"
            _put(row, name, result)


def _work_errors(formset: RowFormSet, unit_name: str, graduation: date | None) -> None:
    for i, row in enumerate(formset.kept_forms()):
        padded = [_PASSING_WORK] * i + [work_entry(row.cleaned_data)]
        facts = FormFacts("", full_time_graduation_date=graduation, work_history=padded)
        result = f.check_f7(facts, unit_name)
        if result.outcome is FAIL:
            _put(row, "employer", result)


def _dependant_errors(form: ProfileForm, formset: RowFormSet, today: date) -> None:
    rows = formset.kept_forms()
    for row in rows:
        d = dependant(row.cleaned_data)
        id_only = replace(d, relation=Relation.SPOUSE)
        _put(row, "id_number", f.check_f8(FormFacts("", dependants=[id_only]), today))
        school_only = replace(d, id_number=_PASSING_ID)
        _put(row, "school", f.check_f8(FormFacts("", dependants=[school_only]), today))
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
class FactsForm(PersonForm):
    """The self-check's person form without what the profile, the unit and the contract
    provide; with the one talent condition and the one residence the applicant applies with."""

    name = None
    id_number = None
    submission_date = None
    contract_party_a = None
    contract_start_date = None
    contract_end_date = None
    contract_work_location = None
    degree = None
    title = None
    talent_condition = forms.ChoiceField(
        label=_("Talent condition you apply under (P4)"),
        choices=[("", "—"), *TalentCondition.choices],
        help_text=_("Choose one. Its proof is asked for in the materials (M3)."),
    )

    sections = [
        (_("What you apply with"), ["talent_condition", "residence_kind"]),
        (
            _("Employment (P1, P5, U7)"),
            [
                "employer_name",
                "employer_category",
                "employer_agency_kind",
                "dispatched_to_other_unit",
                "monthly_taxable_income",
                "months_salary_paid",
                "months_social_insurance",
                "months_income_tax",
            ],
        ),
        (
            _("C1, C2: experience and equivalent qualification"),
            ["work_experience_months", "equivalent_qualification"],
        ),
        (_("C3: award"), ["award_level", "award_field"]),
        (
            _("C4, C5: taxable income in each of the last 3 years"),
            ["income_1", "income_2", "income_3"],
        ),
        (
            _("C6: intellectual property"),
            ["invention_patents", "other_patents", "software_copyrights", "ip_applied_in_beijing"],
        ),
        (
            _("C7: innovation team"),
            [
                "shareholding_percent",
                "shareholder_rank",
                "own_investment_3y",
                "equity_cash_financing",
                "average_annual_tax_3y",
            ],
        ),
        (
            _("C8: freelancer or individual business"),
            ["freelancer_tax_1", "freelancer_tax_2", "freelancer_tax_3", "notable_contribution"],
        ),
        (
            _("Residence in Beijing (H1–H8)"),
            [name for name in RESIDENCE_FIELDS if name != "residence_kind"],
        ),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residence_kind"].required = True
        self.fields["employer_name"].help_text = _(
            "After association, the unit's registered name is used."
        )
        self.fields["work_experience_months"].help_text = _(
            "All work since full-time graduation, the current unit included (C1)."
        )

    def grouped(self):
        return [
            (title, [self[n] for n in names], any(self[n].errors for n in names))
            for title, names in self.sections
        ]

    def stored_facts(self) -> dict[str, Any]:
        """The answers as JSON for Applicant.facts."""
        facts: dict[str, Any] = {}
        for name in FACT_FIELDS:
            value = self.cleaned_data.get(name)
            if value is None or value == "":
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif not isinstance(value, bool | int | str):
                value = str(value)  # Decimal
            facts[name] = value
        return facts

    @classmethod
    def initial_for(cls, applicant: Applicant, unit_name: str = "") -> dict[str, Any]:
        initial = dict(applicant.facts or {})
        initial["talent_condition"] = applicant.talent_condition
        initial["residence_kind"] = applicant.residence_kind
        if unit_name:
            initial["employer_name"] = unit_name
        return initial
