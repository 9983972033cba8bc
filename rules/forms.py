"""Forms generated from the engine's schema (``rules.engine.parse.SCHEMAS``), the one
declaration of the facts. Nothing here declares a field of its own: a form picks paths of a
schema, groups them into sections, and turns its cleaned data back into the engine's JSON.

A field is named by its engine path (``residence.lease.start_date`` →
``residence__lease__start_date``; ``awards[0].level`` → ``awards__0__level``; a year of a
year map, ``annual_taxable_income.2025`` → ``annual_taxable_income__2025``) and labelled
with the schema's own Chinese and English words, so the engine's field errors land at their
field by name alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .engine.labels import choices
from .engine.parse import (
    MAX_STR,
    REQUIRED,
    SCHEMAS,
    TODAY,
    Bool,
    CreditCodeSpec,
    DateSpec,
    EnumSpec,
    Field,
    FieldError,
    Int,
    ListOf,
    Money,
    Obj,
    ResidentIdSpec,
    Spec,
    YearMap,
    label_for,
)
from .engine.text import hidden_characters, nfc
from .engine.verdict import FAIL, RuleResult

SEP = "__"
YEARS_BACK = 3  # C4, C5 and C8 judge the three calendar years before the submission year


def _in_language(zh: str, en: str) -> str:
    return zh if (get_language() or "zh-hans").startswith("zh") else en


bilingual = lazy(_in_language, str)


def field_name(path: str) -> str:
    """``residence.lease.start_date`` → ``residence__lease__start_date``."""
    return path.replace("[", ".").replace("]", "").replace(".", SEP)


def claim_years(submission: date) -> list[int]:
    """The calendar years an income or tax claim is about, for a submission on that day."""
    return [submission.year - YEARS_BACK + i for i in range(YEARS_BACK)]


@dataclass(frozen=True, slots=True)
class Leaf:
    path: str
    field: Field
    spec: Spec
    required: bool  # required by the schema through all its ancestors
    label_suffix: str = ""


def leaves(
    obj: Obj,
    *,
    prefix: str = "",
    required: bool = True,
    rows: dict[str, int] | None = None,
    years: Sequence[int] = (),
) -> Iterator[Leaf]:
    """Every leaf path of a schema, in declaration order. Lists get ``rows[path]`` rows (1
    by default); year maps get one leaf per year."""
    rows = rows or {}
    for f in obj.fields:
        path = prefix + f.name
        needed = required and f.default is REQUIRED
        spec = f.spec
        if isinstance(spec, Obj):
            yield from leaves(spec, prefix=f"{path}.", required=needed, rows=rows, years=years)
        elif isinstance(spec, ListOf) and isinstance(spec.item, Obj):
            for i in range(rows.get(path, 1)):
                yield from leaves(
                    spec.item, prefix=f"{path}[{i}].", required=False, rows=rows, years=years
                )
        elif isinstance(spec, YearMap):
            for year in years:
                yield Leaf(f"{path}.{year}", f, spec.item, False, f" {year}")
        else:
            yield Leaf(path, f, spec, needed)


def _excluded(path: str, exclude: Iterable[str]) -> bool:
    return any(path == e or path.startswith((f"{e}.", f"{e}[")) for e in exclude)


def _form_field(leaf: Leaf, required: bool) -> forms.Field:
    spec, f = leaf.spec, leaf.field
    label = bilingual(f.zh + leaf.label_suffix, capfirst(f.en) + leaf.label_suffix)
    kw: dict[str, Any] = {"label": label, "required": required}
    if isinstance(spec, Bool):
        return forms.BooleanField(label=label, required=False)
    if isinstance(spec, Int):
        return forms.IntegerField(min_value=spec.minimum, max_value=spec.maximum, **kw)
    if isinstance(spec, Money):
        return forms.DecimalField(
            min_value=Decimal(0), max_value=spec.maximum, max_digits=15, decimal_places=2, **kw
        )
    if isinstance(spec, DateSpec):
        return forms.DateField(widget=DateInput(), **kw)
    if isinstance(spec, EnumSpec):
        return forms.ChoiceField(choices=_lazy_choices(spec.enum, blank=not required), **kw)
    if isinstance(spec, ResidentIdSpec | CreditCodeSpec):
        return forms.CharField(max_length=18, **kw)
    return forms.CharField(max_length=MAX_STR, **kw)


def _lazy_choices(enum: type[StrEnum], *, blank: bool):
    def options():
        found = choices(enum, get_language() or "zh-hans")
        return [("", "—"), *found] if blank else found

    return options


class DateInput(forms.DateInput):
    """ISO values, which ``<input type="date">`` needs in every language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# --- text as every form of the portal takes it -------------------------------------------
TEXT_MAX_LENGTH = 2000  # a text field that declares no maximum of its own


def validate_visible_text(value: str) -> None:
    hidden = hidden_characters(value or "")
    if hidden:
        raise ValidationError(
            _(
                "Remove the invisible or control characters (%(codes)s): they can make what "
                "is shown differ from what is stored."
            ),
            code="characters",
            params={"codes": ", ".join(hidden)},
        )


EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)


def validate_sane_date(value: date | None) -> None:
    """No date of this portal (births, diplomas, contracts, quotas, documents) lies outside
    1900–2100; 9999-12-31 is a typing accident or a probe."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


def _nfc_to_python(to_python):
    def wrapped(value):
        value = to_python(value)
        return nfc(value) if isinstance(value, str) else value

    return wrapped


def harden_field(field: forms.Field) -> None:
    """Text: NFC, no control / bidi / zero-width characters, a maximum length. Dates: within
    1900–2100."""
    if getattr(field, "_hardened", False):
        return
    field._hardened = True
    if isinstance(field, forms.DateField):
        field.validators.append(validate_sane_date)
    if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
        return  # a password is compared as typed, never rewritten
    field.to_python = _nfc_to_python(field.to_python)
    field.validators.append(validate_visible_text)
    if field.max_length is None:
        field.max_length = TEXT_MAX_LENGTH
        field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))


class CleanTextMixin:
    """Every form of the portal derives from this: each text field, declared or added in
    ``__init__``, is normalised to NFC and refuses invisible characters with a message at the
    field, within a maximum length; each date lies within 1900–2100. Checked for every form
    class by tests/test_forms_hardened.py."""

    def full_clean(self) -> None:
        for field in self.fields.values():
            harden_field(field)
        super().full_clean()


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _given(value: Any, default: Any) -> bool:
    """A value the user gave, as opposed to the schema's default or an empty field."""
    if value is None or value == "":
        return False
    if default is REQUIRED or default is TODAY:
        return True
    return value != default


class SchemaForm(CleanTextMixin, forms.Form):
    """A form over some paths of one schema. Subclasses set ``kind``, ``exclude`` (path
    prefixes the owner provides), ``sections`` (title, path prefixes), and may set ``rows``
    (rows of a list), ``required_paths`` and ``widgets``."""

    kind = ""
    exclude: tuple[str, ...] = ()
    sections: list[tuple[Any, list[str]]] = []
    rows: dict[str, int] = {}
    required_paths: frozenset[str] = frozenset()
    widgets: dict[str, forms.Widget] = {}

    def __init__(self, *args: Any, years: Sequence[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if years is None:
            years = claim_years(self._submission_date() or timezone.localdate())
        self.years = list(years)
        self.schema = SCHEMAS[self.kind]
        self.paths: dict[str, str] = {}  # field name -> engine path
        extra = dict(self.fields)  # fields a subclass declares beside the schema's
        self.fields.clear()
        self.fields.update(extra)
        for leaf in self.leaves():
            name = field_name(leaf.path)
            self.fields[name] = _form_field(leaf, leaf.required or leaf.path in self.required_paths)
            if leaf.path in self.widgets:
                self.fields[name].widget = self.widgets[leaf.path]
            self.paths[name] = leaf.path

    def _submission_date(self) -> date | None:
        """The submission date the user typed: the claims' years follow it."""
        if not self.is_bound:
            return None
        try:
            return date.fromisoformat(str(self.data.get(self.add_prefix("submission_date"))))
        except ValueError:
            return None

    def clean(self) -> dict[str, Any]:
        # A year typed in under another submission date is not silently dropped.
        cleaned = super().clean()
        maps = [field_name(leaf.path).rpartition(SEP)[0] for leaf in self.leaves()]
        stray = sorted(
            key
            for key, value in self.data.items()
            if value not in ("", None)
            and key not in self.fields
            and key.rpartition(SEP)[0] in maps
            and key.rpartition(SEP)[2].isdigit()
        )
        if stray:
            years = "、".join(str(y) for y in self.years)
            self.add_error(
                None,
                bilingual(
                    f"年度收入（纳税）须按提交日期对应的年份（{years}）重新填写",
                    f"enter the yearly figures again for the years of the submission date "
                    f"({years})",
                ),
            )
        return cleaned

    def leaves(self) -> list[Leaf]:
        return [
            leaf
            for leaf in leaves(self.schema, rows=self.rows, years=self.years)
            if not _excluded(leaf.path, self.exclude)
        ]

    # --- sections for the templates ---------------------------------------------------
    def grouped(self) -> list[tuple[Any, list[forms.BoundField], bool]]:
        groups, placed = [], set()
        for title, prefixes in self.sections:
            names = [
                name
                for name in self.fields
                if name not in placed and _excluded(self.paths.get(name, name), prefixes)
            ]
            placed.update(names)
            bound = [self[name] for name in names]
            groups.append((title, bound, any(b.errors for b in bound)))
        return groups

    # --- engine JSON in and out ---------------------------------------------------------
    def to_payload(self) -> dict[str, Any]:
        """The cleaned data as the engine's JSON: empty values and untouched defaults are
        left out, and so is an optional object or list row that nothing was given for."""
        return self._build(self.schema, "", top=True) or {}

    def _build(self, obj: Obj, prefix: str, *, top: bool = False) -> dict[str, Any] | None:
        data = self.cleaned_data
        out: dict[str, Any] = {}
        given = False
        for f in obj.fields:
            path = prefix + f.name
            if _excluded(path, self.exclude):
                continue
            spec = f.spec
            if isinstance(spec, Obj):
                sub = self._build(spec, f"{path}.")
                if sub is not None:
                    out[f.name], given = sub, True
            elif isinstance(spec, ListOf) and isinstance(spec.item, Obj):
                items = [
                    item
                    for i in range(self.rows.get(path, 1))
                    if (item := self._build(spec.item, f"{path}[{i}]."))
                ]
                if items:
                    out[f.name], given = items, True
            elif isinstance(spec, YearMap):
                by_year = {
                    str(year): _jsonable(value)
                    for year in self.years
                    if (value := data.get(field_name(f"{path}.{year}"))) is not None
                }
                if by_year:
                    out[f.name], given = by_year, True
            else:
                name = field_name(path)
                if name not in self.fields:
                    continue
                value = data.get(name)
                if value is None or value == "":
                    continue
                out[f.name] = _jsonable(value)
                given = given or _given(value, f.default)
        return out if (given or top) else None

    @classmethod
    def initial_from(cls, payload: dict[str, Any]) -> dict[str, Any]:
        """Initial values by field name from (partial) engine JSON."""
        flat: dict[str, Any] = {}

        def walk(value: Any, path: str) -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(v, f"{path}.{k}" if path else k)
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    walk(v, f"{path}[{i}]")
            else:
                flat[field_name(path)] = value

        walk(payload, "")
        return flat

    # --- errors at their fields ---------------------------------------------------------
    def field_for(self, path: str) -> str | None:
        """The field an engine path is about: itself, else the first field inside it, else
        the nearest enclosing one."""
        while path:
            name = field_name(path)
            if name in self.fields:
                return name
            inside = [n for n in self.fields if n.startswith(name + SEP)]
            if inside:
                return inside[0]
            path = path.rpartition(".")[0]
        return None

    def add_engine_errors(self, errors: Iterable[FieldError]) -> None:
        for e in errors:
            message = _in_language(e.zh, e.en)
            name = self.field_for(e.path)
            if name is None:
                zh, en = label_for(self.kind, e.path)
                self.add_error(None, f"{_in_language(zh, en)}：{message}")
            else:
                self.add_error(name, message)

    def add_rule_errors(self, results: Iterable[RuleResult]) -> None:
        add_rule_errors(self, results, lambda path: self.field_for(path))


def add_rule_errors(form: forms.BaseForm, results: Iterable[RuleResult], locate) -> None:
    """Each failing result's problems at the field ``locate(path)`` names (None: the form as
    a whole), with the rule's advice. The engine says which input each problem is about
    (``RuleResult.problems``); nothing is re-run to find out."""
    for r in results:
        if r.outcome is not FAIL:
            continue
        action = _in_language(r.action_zh, r.action_en)
        for problem in r.problems or ():
            text = _in_language(problem.zh, problem.en) + f"（{r.rule}）"
            if action:
                text = f"{text} {action}"
            form.add_error(locate(problem.path), text)


# --- the self-check's three forms ---------------------------------------------------------
class PersonForm(SchemaForm):
    kind = "person"
    exclude = ("form",)  # the online form (F1–F8) is the applicant's profile, not a check
    sections = [
        (_("Applicant"), ["name", "id_number", "submission_date"]),
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
        (_("Labour contract (M7, T5)"), ["contract"]),
        (
            _("Talent conditions (C1–C8)"),
            [
                "degree",
                "work_experience_months",
                "title",
                "equivalent_qualification",
                "awards",
                "annual_taxable_income",
                "intellectual_property",
                "innovation_team",
                "freelancer",
            ],
        ),
        (_("Residence in Beijing (H1–H8)"), ["residence"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_date"].help_text = _("Empty: today.")
        self.fields["contract__start_date"].help_text = _("Empty: no labour contract yet.")
        self.fields["contract__end_date"].help_text = _("Empty: open-ended.")


class UnitForm(SchemaForm):
    kind = "unit"
    sections = [
        (_("Unit"), ["name", "credit_code", "entity_type", "application_date"]),
        (
            _("Registration, capital and tax (U2–U5)"),
            [
                "registered_in_zone",
                "zone_tax_months",
                "registered_capital",
                "head_office_registered_capital",
                "business_scope",
                "previous_year_zone_tax",
                "established_on",
                "profit_making",
                "strategic_emerging_industry",
            ],
        ),
        (
            _("Permits, flags and quota (U6–U9, T6)"),
            ["permits_held", "agency_kind", "key_support", "quota", "tax_certificate_date"],
        ),
    ]
    widgets = {"business_scope": forms.Textarea(attrs={"rows": 3})}


class RenewalForm(SchemaForm):
    kind = "renewal"
    # The month-by-month withholding (PR4) is entered on the unit's renewal page or sent to
    # the API; the self-check asks for the summary figures.
    exclude = ("withholding", "contract_history")
    sections = [
        (_("Permit holder"), ["name", "id_number", "submission_date", "employer"]),
        (_("Permit (T2, T3, T7)"), ["permit_issued_on", "permit_expires_on"]),
        (
            _("Social insurance and tax (PR4)"),
            ["months_social_insurance", "months_income_tax", "withholding_matches_contract"],
        ),
        (_("Labour contract (M7, T5)"), ["contract"]),
    ]


FORMS: dict[str, type[SchemaForm]] = {
    "person": PersonForm,
    "unit": UnitForm,
    "renewal": RenewalForm,
}
