"""The holder's forms for a change, built from the declarations that exist: the profile's
own model fields and sections (applicants) for the basic information, the engine's person
schema (rules.forms.SchemaForm) for the new residence, the profile's dependant row for the
dependants. No field is declared twice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from applicants.forms import REQUIRED as PROFILE_REQUIRED
from applicants.forms import SECTIONS, DependantForm, ProfileForm
from applicants.models import Applicant
from rules.engine.parse import SCHEMAS
from rules.forms import SchemaForm, add_rule_errors

from .constants import BasicGroup

_SECTION_FIELDS = {anchor: names for anchor, _title, names, _formset in SECTIONS}

# The fields each part of a PR6 change touches: the profile's own sections.
GROUP_FIELDS: dict[str, list[str]] = {
    BasicGroup.ADDRESS: _SECTION_FIELDS["address"],
    BasicGroup.REGISTER: _SECTION_FIELDS["register"],
    BasicGroup.MARITAL_STATUS: ["marital_status"],
    BasicGroup.DEGREE: _SECTION_FIELDS["education"],
    BasicGroup.TITLE: _SECTION_FIELDS["title"],
}
RESIDENCE = "residence"
# The person schema's top-level fields other than the residence: the new residence's form
# is the schema's residence part alone.
_NOT_RESIDENCE = tuple(f.name for f in SCHEMAS["person"].fields if f.name != RESIDENCE)


def group_field_name(group: str) -> str:
    return f"change_{group}"


class BasicChangeForm(SchemaForm):
    """PR6: tick what changes, fill in the new values. The new residence (address changes)
    is the engine's residence schema, judged by H1–H8 and so residential (PR6)."""

    kind = "person"
    exclude = _NOT_RESIDENCE
    sections = [(_("New residence"), [RESIDENCE])]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_fields = fields_for_model(
            Applicant,
            fields=[n for names in GROUP_FIELDS.values() for n in names],
            widgets=ProfileForm._meta.widgets,
        )
        ticks = {}
        for group in BasicGroup:
            ticks[group_field_name(group)] = forms.BooleanField(
                label=_("Change: %(part)s") % {"part": group.label}, required=False
            )
        schema_fields = dict(self.fields)
        self.fields.clear()
        self.fields.update(ticks)
        for name, field in model_fields.items():
            field.required = False  # required only when its part is ticked (clean)
            self.fields[name] = field
        self.fields.update(schema_fields)

    def groups(self) -> list[dict[str, Any]]:
        """The page's parts: the tick box, the fields, and for an address the residence."""
        parts = []
        for group in BasicGroup:
            names = list(GROUP_FIELDS[group])
            if group == BasicGroup.ADDRESS:
                names += [n for n, path in self.paths.items() if path.startswith("residence.")]
            bound = [self[n] for n in names]
            parts.append(
                {
                    "key": group.value,
                    "label": group.label,
                    "tick": self[group_field_name(group)],
                    "fields": bound,
                    "errors": any(b.errors for b in bound),
                }
            )
        return parts

    def chosen(self) -> list[str]:
        return [g.value for g in BasicGroup if self.cleaned_data.get(group_field_name(g))]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen = self.chosen()
        if not chosen:
            raise forms.ValidationError(_("Tick at least one part of your details to change."))
        for group in chosen:
            for name in GROUP_FIELDS[group]:
                if name in PROFILE_REQUIRED and cleaned.get(name) in (None, ""):
                    self._required(name)
        if BasicGroup.ADDRESS in chosen and not cleaned.get("residence__kind"):
            self._required("residence__kind")
        return cleaned

    def _required(self, name: str) -> None:
        if not self.has_error(name):
            self.add_error(name, self.fields[name].error_messages["required"])

    def proposal(self) -> dict[str, Any]:
        """The change as JSON: the parts, their new values, the new residence (the engine's
        JSON, its kind included)."""
        chosen = self.chosen()
        fields = {
            name: _plain(self.cleaned_data.get(name))
            for group in chosen
            for name in GROUP_FIELDS[group]
        }
        proposal: dict[str, Any] = {"groups": chosen, "fields": fields}
        if BasicGroup.ADDRESS in chosen:
            proposal[RESIDENCE] = self.to_payload().get(RESIDENCE, {})
        return proposal

    @classmethod
    def initial_for(cls, holder: Applicant, proposal: dict[str, Any]) -> dict[str, Any]:
        """The form as the proposal left it; parts not proposed show the current record."""
        initial = {name: getattr(holder, name) for names in GROUP_FIELDS.values() for name in names}
        initial.update(proposal.get("fields", {}))
        for group in proposal.get("groups", []):
            initial[group_field_name(group)] = True
        residence = proposal.get(RESIDENCE)
        if residence is None:
            residence = {**(holder.facts or {}).get(RESIDENCE, {})}
            if holder.residence_kind:
                residence["kind"] = holder.residence_kind
        initial.update(cls.initial_from({RESIDENCE: residence}))
        return initial

    def locate(self, path: str) -> str | None:
        """The field an engine path is about: the profile's names for the form's F facts
        (``form.current_address``), the schema's for the residence."""
        name = path.removeprefix("form.")
        if name in self.fields:
            return name
        return self.field_for(path)

    def add_rule_errors(self, results) -> None:
        add_rule_errors(self, results, self.locate)


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class ChangedDependantForm(DependantForm):
    """A dependant as the profile lists them (F8), with what PR7 asks of a child: the
    household register's province and, after a divorce, custody."""

    register_province = forms.CharField(
        label=_("Household register: province"),
        max_length=30,
        required=False,
        help_text=_("For a child: the province of the child's household register."),
    )
    custody_with_applicant = forms.BooleanField(
        label=_("After a divorce: I hold custody of this child"),
        required=False,
        help_text=_("As the divorce agreement on record or the judgement states."),
    )

    def row(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "relation": data["relation"],
            "name": data["name"],
            "id_number": data.get("id_number", ""),
            "in_school": bool(data.get("in_school")),
            "school": data.get("school", ""),
            "register_province": data.get("register_province", "").strip(),
            "custody_with_applicant": bool(data.get("custody_with_applicant")),
        }


class BaseDependantsFormSet(forms.BaseFormSet):
    def kept_forms(self) -> list[ChangedDependantForm]:
        """The rows of the new list: filled in and not removed, in order."""
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.errors
            and not self._should_delete_form(form)
        ]

    def proposal(self) -> dict[str, Any]:
        return {"dependants": [form.row() for form in self.kept_forms()]}

    def add_rule_errors(self, results) -> None:
        """Each problem at its row's field: ``dependants[i].<field>`` (PR7) and
        ``form.dependants[i].<field>`` (F8) name the i-th row of the new list."""
        kept = self.kept_forms()

        def locate(path: str) -> tuple[forms.Form | None, str | None]:
            head, _bracket, rest = path.removeprefix("form.").partition("[")
            if head != "dependants" or not rest:
                return None, None
            index, _sep, field = rest.partition("].")
            if not index.isdigit() or int(index) >= len(kept):
                return None, None
            form = kept[int(index)]
            return form, field if field in form.fields else None

        add_rule_errors(_Sink(locate, self), results, lambda path: path)


class _Sink:
    """Routes ``add_rule_errors``' messages to the row a path names, or to the formset."""

    def __init__(self, locate, formset: BaseDependantsFormSet) -> None:
        self.locate = locate
        self.formset = formset

    def add_error(self, path: str | None, message: str) -> None:
        form, field = self.locate(path or "")
        if form is None:
            self.formset.non_form_errors().append(message)
        elif field is None or not form.has_error(field):
            form.add_error(field, message)


DependantsFormSet = forms.formset_factory(
    ChangedDependantForm, formset=BaseDependantsFormSet, extra=1, can_delete=True
)


def dependants_initial(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(row) for row in rows]
