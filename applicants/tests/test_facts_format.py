"""Applicant.facts is the engine's person JSON with absolute years (format version 2): the
docs say which paths are left to their owners, and version 1 rows are migrated."""

import importlib
import re
from datetime import datetime
from pathlib import Path

from django.utils import timezone

from applicants.eligibility import OWNER_PROVIDED, RESIDENCE_KIND_PATH
from rules.engine.parse import parse

DOC = (Path(__file__).resolve().parents[2] / "docs" / "eligibility.md").read_text("utf-8")
migration = importlib.import_module("applicants.migrations.0004_facts_engine_json")

V1 = {
    "employer_name": "北京亦庄示范科技有限公司",
    "employer_category": "high_tech_enterprise",
    "employer_agency_kind": "none",
    "dispatched_to_other_unit": False,
    "monthly_taxable_income": "18000",
    "months_salary_paid": 6,
    "months_social_insurance": 6,
    "months_income_tax": 6,
    "work_experience_months": 72,
    "income_1": "700000",
    "income_2": "710000",
    "income_3": "720000",
    "tenure": "ordinary",
    "residence_address": "亦庄镇荣华南路15号",
    "lease_lessor_name": "王房东",
    "lease_address": "亦庄镇荣华南路15号",
    "lease_start_date": "2026-01-01",
    "lease_end_date": "2027-01-01",
    "has_property_certificate": False,
}


def test_docs_list_what_the_stored_applicant_facts_leave_out():
    block = re.search(r"<!-- owner-provided -->\n(.*?)\n<!-- /owner-provided -->", DOC, re.S)
    assert block
    listed = [p.strip().strip("`") for p in block.group(1).split(",")]
    assert listed == [*OWNER_PROVIDED, RESIDENCE_KIND_PATH]


def test_version_1_incomes_become_the_years_they_meant_when_entered():
    facts = migration.v1_to_v2(V1, 2026)
    assert facts["annual_taxable_income"] == {"2023": "700000", "2024": "710000", "2025": "720000"}
    assert facts["employer"] == {
        "name": "北京亦庄示范科技有限公司",
        "category": "high_tech_enterprise",
        "agency_kind": "none",
    }
    assert facts["residence"]["lease"]["lessor_name"] == "王房东"
    assert "income_1" not in facts


def test_migrated_facts_parse_as_the_engines_json():
    facts = migration.v1_to_v2(V1, 2026)
    payload = {
        **facts,
        "name": "李申请",
        "id_number": "11010519491231002X",
        "residence": {**facts["residence"], "kind": "rented_home"},
    }
    person = parse("person", payload, today=timezone.localdate())
    assert person.annual_taxable_income[2025] == 720000
    assert person.residence.lease.end_date.year == 2027


def test_the_year_of_entry_comes_from_when_the_facts_were_saved():
    saved = timezone.make_aware(datetime(2027, 1, 2, 9, 0))
    year = timezone.localtime(saved).year
    assert migration.v1_to_v2(V1, year)["annual_taxable_income"] == {
        "2024": "700000",
        "2025": "710000",
        "2026": "720000",
    }
