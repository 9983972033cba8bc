"""The self-check forms. Each form only gathers data: it turns its fields into the engine's
JSON (docs/eligibility.md) so that the page runs the same path as the CLI and the API, and
maps the engine's field errors back onto its fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .engine import types as t
from .engine.labels import choices

Section = tuple[Any, list[str]]


def _choice(enum: type[StrEnum], label, *, blank: bool = False, **kw) -> forms.ChoiceField:
    def lazy_choices():
        options = choices(enum, get_language() or "zh-hans")
        return [("", "—"), *options] if blank else options

    return forms.ChoiceField(label=label, choices=lazy_choices, required=not blank, **kw)


def _money(label, *, required: bool = False, **kw) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        **kw,
    )


def _int(label, *, required: bool = True, **kw) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=0, **kw)


def _date(label, *, required: bool = False, **kw) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), **kw
    )


def _text(label, *, required: bool = False, **kw) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=500, **kw)


def _flag(label, **kw) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, **kw)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _contract_payload(d: dict[str, Any]) -> dict[str, Any]:
    """The labour contract (M7, T5) of a person or renewal form, as engine JSON."""
    return {
        "party_a": d["contract_party_a"] or d["employer_name"],
        "start_date": _iso(d["contract_start_date"]),
        "end_date": _iso(d.get("contract_end_date")),
        "work_location": d["contract_work_location"],
    }


def _prune(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


class FactsForm(forms.Form):
    """Common plumbing: sections for the template, and engine paths for the fields."""

    sections: list[Section] = []
    paths: dict[str, str] = {}  # engine path -> form field

    def to_payload(self) -> dict[str, Any]:  # pragma: no cover - each form defines it
        raise NotImplementedError

    def grouped(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    def add_engine_errors(self, errors) -> None:
        for e in errors:
            message = e.zh if (get_language() or "zh").startswith("zh") else e.en
            field = self._field_for(e.path)
            self.add_error(field, message if field else f"{e.path}: {message}")

    def _field_for(self, path: str) -> str | None:
        while path:
            if path in self.paths:
                return self.paths[path]
            if path in self.fields:
                return path
            path = path.rpartition(".")[0]
        return None

    @classmethod
    def initial_from_facts(cls, facts: dict[str, Any]) -> dict[str, Any]:
        """Form initial values from (partial) engine JSON, e.g. rules.prefill's."""
        flat: dict[str, Any] = {}

        def walk(value: Any, prefix: str) -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(v, f"{prefix}.{k}" if prefix else k)
            else:
                flat[prefix] = value

        walk(facts, "")
        fields = cls.base_fields
        initial = {}
        for path, value in flat.items():
            name = cls.paths.get(path, path)
            if name in fields:
                initial[name] = value
        return initial


# The residence section (H1–H8) of the person form; the applicant's facts page reuses it.
RESIDENCE_FIELDS = [
    "residence_kind",
    "property_use",
    "tenure",
    "residence_address",
    "owner_name",
    "has_property_certificate",
    "delivery_date",
    "move_in_notice",
    "permit_expires_on",
    "blue_residence_card",
    "lease_lessor_name",
    "lease_address",
    "lease_start_date",
    "lease_end_date",
    "public_rental_parties",
    "declaration_owner_name",
    "declaration_lodger_name",
    "declaration_address",
    "unit_certificate_address",
]


class PersonForm(FactsForm):
    name = _text(_("Full name"), required=True)
    id_number = _text(_("Resident ID number"), required=True)
    submission_date = _date(_("Submission date"), help_text=_("Empty: today."))
    employer_name = _text(_("Employing unit"), required=True)
    employer_category = _choice(t.EmployerCategory, _("Kind of employer (C4, C5)"))
    employer_agency_kind = _choice(t.AgencyKind, _("HR-service or labour-dispatch agency (U7)"))
    dispatched_to_other_unit = _flag(_("Placed with another unit by the agency (U7)"))
    monthly_taxable_income = _money(
        _("Monthly taxable income in Beijing (yuan, P5)"), required=True
    )
    months_salary_paid = _int(_("Consecutive months of salary paid by the unit (P1)"))
    months_social_insurance = _int(_("Consecutive months of social insurance withheld (P1)"))
    months_income_tax = _int(_("Consecutive months of income tax withheld (P1)"))
    contract_party_a = _text(_("Party A of the labour contract"))
    contract_start_date = _date(
        _("Contract start date"), help_text=_("Empty: no labour contract yet.")
    )
    contract_end_date = _date(_("Contract end date"), help_text=_("Empty: open-ended."))
    contract_work_location = _text(_("Work location in the contract"))
    degree = _choice(t.Degree, _("Highest degree (C1)"))
    work_experience_months = _int(_("Months of work experience (C1)"), required=False)
    title = _choice(t.TitleLevel, _("Professional title (C2)"))
    equivalent_qualification = _flag(_("A qualification equivalent to an intermediate title"))
    award_level = _choice(t.AwardLevel, _("Award level (C3)"), blank=True)
    award_field = _choice(t.AwardField, _("Award field (C3)"), blank=True)
    income_1 = _money(_("Taxable income, third year back (yuan, C4/C5)"))
    income_2 = _money(_("Taxable income, second year back (yuan, C4/C5)"))
    income_3 = _money(_("Taxable income, last year (yuan, C4/C5)"))
    invention_patents = _int(_("Invention patents as first or second author (C6)"), required=False)
    other_patents = _int(_("Other patents (C6)"), required=False)
    software_copyrights = _int(_("Software copyrights (C6)"), required=False)
    ip_applied_in_beijing = _flag(_("Put to use in Beijing (C6)"))
    shareholding_percent = _money(_("Shareholding in the innovation team (%, C7)"))
    shareholder_rank = forms.IntegerField(
        label=_("Shareholder rank (C7)"), required=False, min_value=1
    )
    own_investment_3y = _money(_("Team's own investment over 3 years (yuan, C7)"))
    equity_cash_financing = _money(_("Equity cash financing (yuan, C7)"))
    average_annual_tax_3y = _money(_("Team's average annual tax over 3 years (yuan, C7)"))
    freelancer_tax_1 = _money(_("Freelancer: tax, third year back (yuan, C8)"))
    freelancer_tax_2 = _money(_("Freelancer: tax, second year back (yuan, C8)"))
    freelancer_tax_3 = _money(_("Freelancer: tax, last year (yuan, C8)"))
    notable_contribution = _flag(_("Notable contribution to innovation or culture (C8)"))
    residence_kind = _choice(t.ResidenceKind, _("Kind of residence (H1–H7)"), blank=True)
    property_use = _choice(t.PropertyUse, _("Use on the certificate (H8)"), blank=True)
    tenure = _choice(t.Tenure, _("Tenure (H8)"))
    residence_address = _text(_("Address on the certificate or register"))
    owner_name = _text(_("Owner's name"))
    has_property_certificate = _flag(_("Has a property certificate (H1)"))
    delivery_date = _date(_("Delivery date in the purchase contract (H1)"))
    move_in_notice = _flag(_("Has a move-in notice (H1)"))
    permit_expires_on = _date(_("Beijing residence permit valid until (H2)"))
    blue_residence_card = _flag(_("Only a blue residence card (H2)"))
    lease_lessor_name = _text(_("Lessor (H3, H6, H7)"))
    lease_address = _text(_("Address in the lease"))
    lease_start_date = _date(_("Lease start"))
    lease_end_date = _date(_("Lease end"))
    public_rental_parties = _choice(
        t.PublicRentalParties, _("Parties of the public-rental lease (H4)"), blank=True
    )
    declaration_owner_name = _text(_("Owner named in the lodging declaration (H5)"))
    declaration_lodger_name = _text(_("Lodger named in the lodging declaration (H5)"))
    declaration_address = _text(_("Address in the lodging declaration (H5)"))
    unit_certificate_address = _text(_("Address on the unit's residence certificate (H7)"))

    sections = [
        (_("Applicant"), ["name", "id_number", "submission_date"]),
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
            _("Labour contract (M7, T5)"),
            [
                "contract_party_a",
                "contract_start_date",
                "contract_end_date",
                "contract_work_location",
            ],
        ),
        (
            _("Talent conditions (C1–C8)"),
            [
                "degree",
                "work_experience_months",
                "title",
                "equivalent_qualification",
                "award_level",
                "award_field",
                "income_1",
                "income_2",
                "income_3",
                "invention_patents",
                "other_patents",
                "software_copyrights",
                "ip_applied_in_beijing",
                "shareholding_percent",
                "shareholder_rank",
                "own_investment_3y",
                "equity_cash_financing",
                "average_annual_tax_3y",
                "freelancer_tax_1",
                "freelancer_tax_2",
                "freelancer_tax_3",
                "notable_contribution",
            ],
        ),
        (
            _("Residence in Beijing (H1–H8)"),
            RESIDENCE_FIELDS,
        ),
    ]
    paths = {
        "employer.name": "employer_name",
        "employer.category": "employer_category",
        "employer.agency_kind": "employer_agency_kind",
        "contract.party_a": "contract_party_a",
        "contract.start_date": "contract_start_date",
        "contract.end_date": "contract_end_date",
        "contract.work_location": "contract_work_location",
        "awards": "award_level",
        "annual_taxable_income": "income_3",
        "intellectual_property": "invention_patents",
        "innovation_team.shareholding_percent": "shareholding_percent",
        "innovation_team.shareholder_rank": "shareholder_rank",
        "innovation_team": "shareholding_percent",
        "freelancer": "freelancer_tax_3",
        "residence.kind": "residence_kind",
        "residence.property_use": "property_use",
        "residence.address": "residence_address",
        "residence.owner_name": "owner_name",
        "residence.delivery_date": "delivery_date",
        "residence.permit_expires_on": "permit_expires_on",
        "residence.lease.lessor_name": "lease_lessor_name",
        "residence.lease.address": "lease_address",
        "residence.lease.start_date": "lease_start_date",
        "residence.lease.end_date": "lease_end_date",
        "residence.lease": "lease_end_date",
        "residence.lodging_declaration": "declaration_owner_name",
        "residence": "residence_kind",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        for i, field in enumerate(("income_1", "income_2", "income_3")):
            self.fields[field].help_text = str(year - 3 + i)
        for i, field in enumerate(("freelancer_tax_1", "freelancer_tax_2", "freelancer_tax_3")):
            self.fields[field].help_text = str(year - 3 + i)

    def to_payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        submitted = d.get("submission_date") or timezone.localdate()
        years = [submitted.year - 3, submitted.year - 2, submitted.year - 1]
        payload: dict[str, Any] = {
            "name": d["name"],
            "id_number": d["id_number"],
            "submission_date": submitted.isoformat(),
            "employer": {
                "name": d["employer_name"],
                "category": d["employer_category"],
                "agency_kind": d["employer_agency_kind"],
            },
            "dispatched_to_other_unit": d["dispatched_to_other_unit"],
            "monthly_taxable_income": _num(d["monthly_taxable_income"]),
            "months_salary_paid": d["months_salary_paid"],
            "months_social_insurance": d["months_social_insurance"],
            "months_income_tax": d["months_income_tax"],
            "degree": d["degree"],
            "work_experience_months": d.get("work_experience_months") or 0,
            "title": d["title"],
            "equivalent_qualification": d["equivalent_qualification"],
        }
        if d.get("contract_start_date"):
            payload["contract"] = _contract_payload(d)
        if d.get("award_level") or d.get("award_field"):
            payload["awards"] = [{"level": d["award_level"], "field": d["award_field"]}]
        incomes = [d.get(f"income_{i}") for i in (1, 2, 3)]
        payload["annual_taxable_income"] = {
            str(y): str(v) for y, v in zip(years, incomes, strict=True) if v is not None
        }
        counts = [
            d.get(f) or 0 for f in ("invention_patents", "other_patents", "software_copyrights")
        ]
        if any(counts):
            payload["intellectual_property"] = {
                "invention_patents": counts[0],
                "other_patents": counts[1],
                "software_copyrights": counts[2],
                "applied_in_beijing": d["ip_applied_in_beijing"],
            }
        if d.get("shareholding_percent") is not None or d.get("shareholder_rank"):
            payload["innovation_team"] = _prune(
                {
                    "shareholding_percent": _num(d.get("shareholding_percent")),
                    "shareholder_rank": d.get("shareholder_rank"),
                    "own_investment_3y": _num(d.get("own_investment_3y")),
                    "equity_cash_financing": _num(d.get("equity_cash_financing")),
                    "average_annual_tax_3y": _num(d.get("average_annual_tax_3y")),
                }
            )
        taxes = [d.get(f"freelancer_tax_{i}") for i in (1, 2, 3)]
        if any(v is not None for v in taxes):
            payload["freelancer"] = {
                "annual_tax": {
                    str(y): str(v) for y, v in zip(years, taxes, strict=True) if v is not None
                },
                "notable_contribution": d["notable_contribution"],
            }
        if d.get("residence_kind"):
            payload["residence"] = self._residence()
        return payload

    def _residence(self) -> dict[str, Any]:
        d = self.cleaned_data
        residence: dict[str, Any] = {
            "kind": d["residence_kind"],
            "property_use": d.get("property_use") or None,
            "tenure": d["tenure"],
            "address": d["residence_address"],
            "owner_name": d["owner_name"],
            "has_property_certificate": d["has_property_certificate"],
            "delivery_date": _iso(d.get("delivery_date")),
            "move_in_notice": d["move_in_notice"],
            "permit_expires_on": _iso(d.get("permit_expires_on")),
            "blue_residence_card": d["blue_residence_card"],
            "public_rental_parties": d.get("public_rental_parties") or None,
            "unit_certificate_address": d["unit_certificate_address"],
        }
        if d.get("lease_start_date") or d.get("lease_end_date") or d.get("lease_lessor_name"):
            residence["lease"] = {
                "lessor_name": d["lease_lessor_name"],
                "address": d["lease_address"],
                "start_date": _iso(d.get("lease_start_date")),
                "end_date": _iso(d.get("lease_end_date")),
            }
        if d.get("declaration_owner_name") or d.get("declaration_lodger_name"):
            residence["lodging_declaration"] = {
                "owner_name": d["declaration_owner_name"],
                "lodger_name": d["declaration_lodger_name"],
                "address": d["declaration_address"],
            }
        return residence


class UnitForm(FactsForm):
    name = _text(_("Unit name"), required=True)
    credit_code = _text(_("Unified social credit code"), required=True)
    entity_type = _choice(t.EntityType, _("Entity type (U1)"))
    registered_in_zone = _flag(_("Registered in the zone (U2)"))
    zone_tax_months = _int(_("Months of taxes paid in the zone (U2)"))
    registered_capital = _money(_("Registered capital (yuan, U3)"), required=True)
    head_office_registered_capital = _money(
        _("Head office's registered capital (yuan, branches, U3)")
    )
    business_scope = forms.CharField(
        label=_("Business scope (U4)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    previous_year_zone_tax = _money(_("Tax paid in the zone last year (yuan, U5)"), required=True)
    established_on = _date(_("Date of establishment (U5)"), required=True)
    application_date = _date(_("Application date"), help_text=_("Empty: today."))
    profit_making = _flag(_("A non-enterprise unit that is profit-making (U5)"))
    strategic_emerging_industry = _flag(_("In a strategic emerging or future industry (U5)"))
    permits_held = _int(_("Permits the branch holds now (U6)"), required=False)
    agency_kind = _choice(t.AgencyKind, _("HR-service or labour-dispatch agency (U7)"))
    key_support = _choice(t.KeySupport, _("Key-support area (U8)"))
    quota_remaining = _int(_("New-permit quota places left (U9)"), required=False)
    quota_expires_on = _date(_("Quota valid until (U9)"))
    tax_certificate_date = _date(_("Date of the unit's tax certificate (T6)"))

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
            [
                "permits_held",
                "agency_kind",
                "key_support",
                "quota_remaining",
                "quota_expires_on",
                "tax_certificate_date",
            ],
        ),
    ]
    paths = {
        "quota.remaining": "quota_remaining",
        "quota.expires_on": "quota_expires_on",
        "quota": "quota_remaining",
    }

    def to_payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        payload: dict[str, Any] = {
            "name": d["name"],
            "credit_code": d["credit_code"],
            "entity_type": d["entity_type"],
            "registered_in_zone": d["registered_in_zone"],
            "zone_tax_months": d["zone_tax_months"],
            "registered_capital": _num(d["registered_capital"]),
            "head_office_registered_capital": _num(d.get("head_office_registered_capital")),
            "business_scope": d["business_scope"],
            "previous_year_zone_tax": _num(d["previous_year_zone_tax"]),
            "established_on": _iso(d["established_on"]),
            "application_date": _iso(d.get("application_date") or timezone.localdate()),
            "profit_making": d["profit_making"],
            "strategic_emerging_industry": d["strategic_emerging_industry"],
            "permits_held": d.get("permits_held") or 0,
            "agency_kind": d["agency_kind"],
            "key_support": d["key_support"],
            "tax_certificate_date": _iso(d.get("tax_certificate_date")),
        }
        if d.get("quota_remaining") is not None or d.get("quota_expires_on"):
            payload["quota"] = _prune(
                {
                    "remaining": d.get("quota_remaining"),
                    "expires_on": _iso(d.get("quota_expires_on")),
                }
            )
        return payload


class RenewalForm(FactsForm):
    name = _text(_("Full name"), required=True)
    id_number = _text(_("Resident ID number"), required=True)
    submission_date = _date(_("Submission date"), help_text=_("Empty: today."))
    employer_name = _text(_("Employing unit"), required=True)
    permit_issued_on = _date(_("Permit issued on (T7)"))
    permit_expires_on = _date(_("Permit expires on (T2, T3)"), required=True)
    months_social_insurance = _int(_("Continuous months of Beijing social insurance (PR4)"))
    months_income_tax = _int(_("Continuous months of Beijing income tax (PR4)"))
    withholding_matches_contract = _flag(
        _("The withholding units' names and change dates match the labour contracts (PR4)")
    )
    contract_party_a = _text(_("Party A of the newest labour contract"))
    contract_start_date = _date(
        _("Contract start date"), help_text=_("Empty: no contract uploaded yet.")
    )
    contract_end_date = _date(_("Contract end date"), help_text=_("Empty: open-ended."))
    contract_work_location = _text(_("Work location in the contract"))

    sections = [
        (_("Permit holder"), ["name", "id_number", "submission_date", "employer_name"]),
        (_("Permit (T2, T3, T7)"), ["permit_issued_on", "permit_expires_on"]),
        (
            _("Social insurance and tax (PR4)"),
            [
                "months_social_insurance",
                "months_income_tax",
                "withholding_matches_contract",
            ],
        ),
        (
            _("Labour contract (M7, T5)"),
            [
                "contract_party_a",
                "contract_start_date",
                "contract_end_date",
                "contract_work_location",
            ],
        ),
    ]
    paths = {**PersonForm.paths}

    def to_payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        payload: dict[str, Any] = {
            "name": d["name"],
            "id_number": d["id_number"],
            "submission_date": _iso(d.get("submission_date") or timezone.localdate()),
            "employer": {"name": d["employer_name"]},
            "permit_issued_on": _iso(d.get("permit_issued_on")),
            "permit_expires_on": _iso(d["permit_expires_on"]),
            "months_social_insurance": d["months_social_insurance"],
            "months_income_tax": d["months_income_tax"],
            "withholding_matches_contract": d["withholding_matches_contract"],
        }
        if d.get("contract_start_date"):
            payload["contract"] = _contract_payload(d)
        return payload


FORMS: dict[str, type[FactsForm]] = {"person": PersonForm, "unit": UnitForm, "renewal": RenewalForm}
