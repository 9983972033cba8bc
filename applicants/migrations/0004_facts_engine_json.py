"""Applicant.facts becomes the engine's own JSON with absolute years (version 2).

Version 1 stored the self-check form's flat fields, with incomes and taxes by position
(income_1..3: the third, second and last year before the day of submission), so the same
answers moved a year each New Year. Here each position becomes the calendar year it meant
when the row was entered (facts_updated_at, else updated_at): entered in 2026, income_3 is
2025. The v1 layout is copied below as it was, since the form that declared it is gone.
"""

from django.db import migrations, models
from django.utils import timezone

YEARS = ("1", "2", "3")


def _year_map(facts, prefix, base_year):
    out = {}
    for i, position in enumerate(YEARS):
        value = facts.get(f"{prefix}{position}")
        if value not in (None, ""):
            out[str(base_year - 3 + i)] = value
    return out


def _prune(values):
    return {k: v for k, v in values.items() if v not in (None, "")}


def v1_to_v2(facts, base_year):
    """One row's v1 facts as v2 (the old form's payload rules, years made absolute)."""
    get = facts.get
    out = _prune(
        {
            "dispatched_to_other_unit": get("dispatched_to_other_unit"),
            "monthly_taxable_income": get("monthly_taxable_income"),
            "months_salary_paid": get("months_salary_paid"),
            "months_social_insurance": get("months_social_insurance"),
            "months_income_tax": get("months_income_tax"),
            "work_experience_months": get("work_experience_months"),
            "equivalent_qualification": get("equivalent_qualification"),
        }
    )
    employer = _prune(
        {
            "name": get("employer_name"),
            "category": get("employer_category"),
            "agency_kind": get("employer_agency_kind"),
        }
    )
    if employer:
        out["employer"] = employer
    if get("award_level") or get("award_field"):
        out["awards"] = [_prune({"level": get("award_level"), "field": get("award_field")})]
    incomes = _year_map(facts, "income_", base_year)
    if incomes:
        out["annual_taxable_income"] = incomes
    counts = {k: get(k) or 0 for k in ("invention_patents", "other_patents", "software_copyrights")}
    if any(counts.values()):
        out["intellectual_property"] = {
            **counts,
            "applied_in_beijing": bool(get("ip_applied_in_beijing")),
        }
    if get("shareholding_percent") not in (None, "") or get("shareholder_rank"):
        out["innovation_team"] = _prune(
            {
                k: get(k)
                for k in (
                    "shareholding_percent",
                    "shareholder_rank",
                    "own_investment_3y",
                    "equity_cash_financing",
                    "average_annual_tax_3y",
                )
            }
        )
    taxes = _year_map(facts, "freelancer_tax_", base_year)
    if taxes:
        out["freelancer"] = {
            "annual_tax": taxes,
            "notable_contribution": bool(get("notable_contribution")),
        }
    residence = _prune(
        {
            "property_use": get("property_use"),
            "tenure": get("tenure"),
            "address": get("residence_address"),
            "owner_name": get("owner_name"),
            "has_property_certificate": get("has_property_certificate"),
            "delivery_date": get("delivery_date"),
            "move_in_notice": get("move_in_notice"),
            "permit_expires_on": get("permit_expires_on"),
            "blue_residence_card": get("blue_residence_card"),
            "public_rental_parties": get("public_rental_parties"),
            "unit_certificate_address": get("unit_certificate_address"),
        }
    )
    if get("lease_start_date") or get("lease_end_date") or get("lease_lessor_name"):
        residence["lease"] = _prune(
            {
                "lessor_name": get("lease_lessor_name"),
                "address": get("lease_address"),
                "start_date": get("lease_start_date"),
                "end_date": get("lease_end_date"),
            }
        )
    if get("declaration_owner_name") or get("declaration_lodger_name"):
        residence["lodging_declaration"] = _prune(
            {
                "owner_name": get("declaration_owner_name"),
                "lodger_name": get("declaration_lodger_name"),
                "address": get("declaration_address"),
            }
        )
    if residence:
        out["residence"] = residence
    return out


def forwards(apps, schema_editor):
    Applicant = apps.get_model("applicants", "Applicant")
    for applicant in Applicant.objects.filter(facts_version=1).iterator():
        if applicant.facts:
            entered = applicant.facts_updated_at or applicant.updated_at or timezone.now()
            applicant.facts = v1_to_v2(applicant.facts, timezone.localtime(entered).year)
        applicant.facts_version = 2
        applicant.save(update_fields=["facts", "facts_version"])


class Migration(migrations.Migration):
    dependencies = [("applicants", "0003_alter_applicant_gender")]

    operations = [
        # Rows that exist now hold version 1; new rows are written as version 2.
        migrations.AddField(
            model_name="applicant",
            name="facts_version",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="applicant",
            name="facts_version",
            field=models.PositiveSmallIntegerField(
                default=2,
                help_text="2: the engine's JSON with absolute years (applicants.eligibility).",
                verbose_name="version of the facts' format",
            ),
        ),
        migrations.AlterField(
            model_name="applicant",
            name="facts",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The answers of the facts page as the eligibility engine's JSON, "
                "with absolute years.",
                verbose_name="eligibility facts",
            ),
        ),
    ]
