"""The applicant's filing as submitted: a plain-JSON snapshot of everything the applicant
filled in (identity, profile F1–F8, education, work history, dependants, eligibility facts),
taken at each submission, and its display laid out like the forms, with what changed marked.

The snapshot keeps raw values (choice codes, ISO dates); labels come from the same forms at
display time, so the page reads in the viewer's language. The field lists are the forms'
own (ProfileForm, its row formsets, the FactsForm generated from the engine's schema): no
second list of the applicant's fields."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import Gender
from .forms import (
    SECTIONS,
    DependantForm,
    EducationForm,
    FactsForm,
    ProfileForm,
    WorkForm,
    profile_formsets,
)
from .models import Applicant

RECORD_VERSION = 1
ROW_SKIP = {"id", "DELETE", "applicant"}
ROW_TITLES = {
    "education": gettext_lazy("Education history from senior high school (F6)"),
    "work": gettext_lazy("Work history since full-time graduation (F7)"),
    "dependants": gettext_lazy("Dependants (F8)"),
}


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _form_values(form: forms.BaseForm, skip=frozenset()) -> dict[str, Any]:
    return {
        name: _plain(form.initial.get(name, field.initial))
        for name, field in form.fields.items()
        if name not in skip
    }


def applicant_record(applicant: Applicant) -> dict[str, Any]:
    """Everything the applicant filled in, as JSON for the submission's audit row."""
    facts_form = FactsForm(initial=FactsForm.initial_for(applicant))
    return {
        "version": RECORD_VERSION,
        "identity": {
            "name": applicant.name,
            "id_number": applicant.id_number,
            "gender": applicant.gender,
            "birth_date": _plain(applicant.birth_date),
        },
        "profile": _form_values(ProfileForm(instance=applicant)),
        "rows": {
            key: [_form_values(row, ROW_SKIP) for row in formset.initial_forms]
            for key, formset in profile_formsets(applicant).items()
        },
        "years": facts_form.years,
        "facts": _form_values(facts_form),
    }


# --- display ---------------------------------------------------------------------------
def _choices(field: forms.Field) -> dict[str, str]:
    flat: dict[str, str] = {}
    for value, label in getattr(field, "choices", []) or []:
        if isinstance(label, (list, tuple)):
            flat.update({str(v): str(lab) for v, lab in label})
        else:
            flat[str(value)] = str(label)
    return flat


def shown(field: forms.Field | None, value: Any) -> str:
    """A stored value as the form would show it: labels for codes, 是/否 for booleans."""
    if value in ("", None, []):
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "、".join(shown(field, v) for v in value if v not in ("", None))
    if field is not None:
        label = _choices(field).get(str(value))
        if label is not None:
            return label
    return str(value)


def _row(label, field, name, record, previous, current) -> dict[str, Any]:
    value = record.get(name, "")
    return {
        "name": name,
        "label": label,
        "value": shown(field, value),
        "changed": previous is not None and previous.get(name, "") != value,
        "before": shown(field, previous.get(name, "")) if previous is not None else "",
        "edited": current is not None and current.get(name, "") != value,
    }


def _table(key, form_class, record, previous, current) -> dict[str, Any]:
    fields = {n: f for n, f in form_class().fields.items() if n not in ROW_SKIP}
    rows_now = record["rows"].get(key, [])
    rows_before = previous["rows"].get(key, []) if previous else None
    return {
        "title": ROW_TITLES[key],
        "columns": [f.label for f in fields.values()],
        "rows": [
            {
                "cells": [shown(f, row.get(n, "")) for n, f in fields.items()],
                "changed": rows_before is not None
                and (i >= len(rows_before) or rows_before[i] != row),
            }
            for i, row in enumerate(rows_now)
        ],
        "removed": max(0, len(rows_before) - len(rows_now)) if rows_before is not None else 0,
        "edited": current is not None and current["rows"].get(key, []) != rows_now,
    }


def record_sections(
    record: dict[str, Any],
    *,
    previous: dict[str, Any] | None = None,
    current: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The snapshot laid out like the forms: one section per form section, each with its
    fields (label, value) and its table of rows. ``changed`` marks a difference from the
    ``previous`` submission, ``edited`` one made since this submission (``current``)."""
    profile_form = ProfileForm()
    row_forms = {"education": EducationForm, "work": WorkForm, "dependants": DependantForm}
    identity_fields = {n: Applicant._meta.get_field(n) for n in record["identity"]}
    sections = [
        {
            "title": _("Identity"),
            "fields": [
                _row(
                    str(identity_fields[name].verbose_name),
                    forms.ChoiceField(choices=Gender.choices) if name == "gender" else None,
                    name,
                    record["identity"],
                    previous and previous["identity"],
                    current and current["identity"],
                )
                for name in record["identity"]
            ],
            "table": None,
        }
    ]
    for _anchor, title, names, formset_key in SECTIONS:
        sections.append(
            {
                "title": title,
                "fields": [
                    _row(
                        profile_form.fields[name].label,
                        profile_form.fields[name],
                        name,
                        record["profile"],
                        previous and previous["profile"],
                        current and current["profile"],
                    )
                    for name in names
                    if name in profile_form.fields
                ],
                "table": _table(formset_key, row_forms[formset_key], record, previous, current)
                if formset_key
                else None,
            }
        )
    facts_form = FactsForm(initial=record["facts"], years=record.get("years"))
    for title, bound_fields, _errors in facts_form.grouped():
        rows = [
            _row(
                b.label,
                b.field,
                b.name,
                record["facts"],
                previous and previous["facts"],
                current and current["facts"],
            )
            for b in bound_fields
        ]
        rows = [r for r in rows if r["value"] or r["changed"] or r["edited"]]
        if rows:
            sections.append({"title": title, "fields": rows, "table": None})
    return sections
