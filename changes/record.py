"""The permit's record before and after a change: what the holder's record holds now for the
parts a change touches, writing an approved change into it, and the before → after view.

The values are plain JSON (choice codes, ISO dates); labels come from the change's forms at
display time, so the page reads in the viewer's language."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.models import Applicant, Dependant
from applicants.record import shown
from portal.constants import Process

from .constants import BasicGroup
from .forms import GROUP_FIELDS, RESIDENCE, BasicChangeForm, ChangedDependantForm

DEPENDANT_FIELDS = ("relation", "name", "id_number", "in_school", "school")


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def current_residence(holder: Applicant) -> dict[str, Any]:
    residence = dict((holder.facts or {}).get(RESIDENCE) or {})
    if holder.residence_kind:
        residence["kind"] = holder.residence_kind
    return residence


def current_dependants(holder: Applicant) -> list[dict[str, Any]]:
    return [
        {name: _plain(getattr(d, name)) for name in DEPENDANT_FIELDS}
        for d in holder.dependants.all()
    ]


def same_dependants(proposal: dict[str, Any], before: dict[str, Any]) -> bool:
    """The proposed list holds the record's dependants, no more, no fewer, none changed."""

    def rows(values: dict[str, Any]) -> list[dict[str, Any]]:
        return [{n: r.get(n, "") for n in DEPENDANT_FIELDS} for r in values.get("dependants", [])]

    return rows(proposal) == rows(before)


def record_before(kind: str, holder: Applicant, proposal: dict[str, Any]) -> dict[str, Any]:
    """The holder's record now, for the parts ``proposal`` changes."""
    if kind == Process.PR7:
        return {"dependants": current_dependants(holder)}
    groups = proposal.get("groups", [])
    before: dict[str, Any] = {
        "groups": groups,
        "fields": {
            name: _plain(getattr(holder, name)) for group in groups for name in GROUP_FIELDS[group]
        },
    }
    if BasicGroup.ADDRESS in groups:
        before[RESIDENCE] = current_residence(holder)
    return before


def record_apply(kind: str, holder: Applicant, submitted: dict[str, Any]) -> list[str]:
    """Write an approved change into the holder's record; returns the fields written. The
    caller holds the holder's row lock."""
    if kind == Process.PR7:
        holder.dependants.all().delete()
        rows = submitted.get("dependants", [])
        Dependant.objects.bulk_create(
            Dependant(applicant=holder, **{name: row.get(name, "") for name in DEPENDANT_FIELDS})
            for row in rows
        )
        holder.children_accompany = any(row.get("relation") == "child" for row in rows)
        holder.save(update_fields=["children_accompany", "updated_at"])
        return ["dependants", "children_accompany"]
    written = []
    for name, value in submitted.get("fields", {}).items():
        field = Applicant._meta.get_field(name)
        if value in ("", None) and field.null:
            value = None
        elif value is not None:
            value = field.to_python(value)
        setattr(holder, name, value)
        written.append(name)
    if RESIDENCE in submitted:
        residence = dict(submitted[RESIDENCE])
        holder.residence_kind = residence.pop("kind", "")
        holder.facts = {**(holder.facts or {}), RESIDENCE: residence}
        holder.facts_updated_at = timezone.now()
        written += ["residence_kind", "facts", "facts_updated_at"]
    holder.save(update_fields=[*written, "updated_at"])
    return written


# --- before → after ---------------------------------------------------------------------
def _row(label, field, before, after) -> dict[str, Any]:
    return {
        "label": label,
        "before": shown(field, before),
        "after": shown(field, after),
        "changed": before != after,
    }


def comparison(kind: str, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Each changed field with its value before and after (PR6), or the dependants before
    and after with what was added and removed (PR7)."""
    if kind == Process.PR7:
        return _dependants_comparison(before, after)
    form = BasicChangeForm()
    parts = []
    for group in BasicGroup:
        if group not in after.get("groups", []):
            continue
        rows = [
            _row(
                form.fields[name].label,
                form.fields[name],
                before.get("fields", {}).get(name, ""),
                after.get("fields", {}).get(name, ""),
            )
            for name in GROUP_FIELDS[group]
        ]
        if group == BasicGroup.ADDRESS:
            old = BasicChangeForm.initial_from({RESIDENCE: before.get(RESIDENCE) or {}})
            new = BasicChangeForm.initial_from({RESIDENCE: after.get(RESIDENCE) or {}})
            rows += [
                _row(form.fields[name].label, form.fields[name], old.get(name), new.get(name))
                for name in form.fields
                if name in old or name in new
            ]
            rows = [r for r in rows if r["before"] or r["after"]]
        parts.append({"label": group.label, "rows": rows})
    return {"kind": kind, "parts": parts}


def _key(row: dict[str, Any]) -> str:
    return row.get("id_number") or f"name:{row.get('name')}"


def _dependants_comparison(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    form = ChangedDependantForm()
    names = [n for n in form.fields if n != "DELETE"]
    old = {_key(r): r for r in before.get("dependants", [])}
    new_keys = {_key(r) for r in after.get("dependants", [])}

    def cells(row):
        return [shown(form.fields[n], row.get(n, "")) for n in names]

    rows = []
    for row in after.get("dependants", []):
        previous = old.get(_key(row))
        if previous is None:
            status = _("added")
        elif any(previous.get(n) != row.get(n) for n in DEPENDANT_FIELDS):
            status = _("changed")
        else:
            status = _("unchanged")
        rows.append({"cells": cells(row), "status": status, "added": previous is None})
    removed = [
        {"cells": cells(row), "status": _("removed"), "removed": True}
        for key, row in old.items()
        if key not in new_keys
    ]
    return {
        "kind": Process.PR7,
        "columns": [form.fields[n].label for n in names],
        "rows": rows + removed,
    }
