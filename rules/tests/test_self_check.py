"""The self-check page for applicants and unit staff."""

from datetime import date

import pytest
from django.urls import reverse

from portal.constants import Role
from portal.models import User
from units.models import Unit

from .builders import make_id

pytestmark = pytest.mark.django_db
URL = reverse("rules:self_check")


@pytest.fixture
def applicant(client, seeded_wages):
    user = User.objects.create(
        username="li", role=Role.APPLICANT, last_name="李", first_name="申请"
    )
    client.force_login(user)
    return user


@pytest.fixture
def unit_staff(client, seeded_wages):
    unit = Unit.objects.create(name="北京亦庄示范科技有限公司", credit_code="91110000600037341L")
    user = User.objects.create(username="hr", role=Role.UNIT_STAFF, unit=unit)
    client.force_login(user)
    return user


PERSON_FORM = {
    "name": "李申请",
    "id_number": "",
    "submission_date": "2026-03-02",
    "employer__name": "北京亦庄示范科技有限公司",
    "employer__category": "other",
    "employer__agency_kind": "none",
    "monthly_taxable_income": "14323",
    "months_salary_paid": "6",
    "months_social_insurance": "6",
    "months_income_tax": "6",
    "contract__party_a": "北京亦庄示范科技有限公司",
    "contract__start_date": "2025-06-01",
    "contract__end_date": "2028-05-31",
    "degree": "bachelor",
    "work_experience_months": "36",
    "title": "none",
    "residence__tenure": "ordinary",
    "residence__kind": "own_home",
    "residence__property_use": "residential",
    "residence__has_property_certificate": "on",
}


def test_anonymous_visitor_checks_without_signing_in(client, seeded_wages):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["form"]["name"].value() in (None, "")
    data = {**PERSON_FORM, "id_number": make_id(date(1990, 5, 17))}
    verdict = client.post(URL + "?kind=person", data).context["verdict"]
    assert verdict is not None
    assert verdict.result("P5").outcome == "fail"


def test_reviewer_may_use_the_self_check_too(client):
    client.force_login(User.objects.create(username="rev", role=Role.REVIEWER))
    assert client.get(URL).status_code == 200


def test_applicant_sees_the_person_form_prefilled_with_name(client, applicant):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["kind"] == "person"
    assert response.context["form"]["name"].value() == "李申请"
    html = response.content.decode()
    assert "资格自查" in html  # Chinese is the default language
    assert "在京月应税收入（元）" in html  # the schema's own words, rule IDs aside


def test_unit_staff_sees_the_unit_form_prefilled_with_the_unit(client, unit_staff):
    response = client.get(URL)
    form = response.context["form"]
    assert response.context["kind"] == "unit"
    assert form["credit_code"].value() == "91110000600037341L"
    person = client.get(URL + "?kind=person").context["form"]
    assert person["employer__name"].value() == "北京亦庄示范科技有限公司"


def test_applicant_gets_a_table_of_rules_with_reasons_and_actions(client, applicant):
    data = {**PERSON_FORM, "id_number": make_id(date(1990, 5, 17))}
    response = client.post(URL + "?kind=person", data)
    assert response.status_code == 200
    verdict = response.context["verdict"]
    assert verdict is not None, response.context["form"].errors
    assert verdict.overall == "not_eligible"
    html = response.content.decode()
    assert "status-fail" in html
    assert "月应税收入 14,323 元，低于 2026 年申报标准 14,324 元" in html
    assert "月应税收入须达到 14,324 元" in html  # what to do


def test_engine_errors_are_shown_at_the_field_in_chinese(client, applicant):
    data = {**PERSON_FORM, "id_number": "110115199005171230"}
    response = client.post(URL + "?kind=person", data)
    assert response.status_code == 200
    assert response.context["verdict"] is None
    errors = response.context["form"].errors
    assert "校验位" in errors["id_number"][0]


def test_form_errors_are_shown_not_a_500(client, applicant):
    response = client.post(URL + "?kind=person", {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


def test_unit_staff_checks_the_unit(client, unit_staff):
    data = {
        "name": "北京亦庄示范科技有限公司",
        "credit_code": "91110000600037341L",
        "entity_type": "enterprise_legal_person",
        "registered_in_zone": "on",
        "zone_tax_months": "3",
        "registered_capital": "5000000",
        "business_scope": "软件开发",
        "previous_year_zone_tax": "300000",
        "established_on": "2019-01-01",
        "application_date": "2026-03-02",
        "agency_kind": "none",
        "key_support": "none",
        "quota__remaining": "2",
        "quota__expires_on": "2026-12-31",
        "tax_certificate_date": "2026-02-01",
    }
    response = client.post(URL + "?kind=unit", data)
    verdict = response.context["verdict"]
    assert verdict is not None, response.context["form"].errors
    assert verdict.overall == "needs_review"
    assert verdict.result("U2").outcome == "review"


def test_renewal_tab_works(client, applicant):
    data = {
        "name": "李申请",
        "id_number": make_id(date(1980, 1, 1)),
        "submission_date": "2026-09-01",
        "employer__name": "某公司",
        "permit_expires_on": "2026-10-31",
        "months_social_insurance": "36",
        "months_income_tax": "36",
        "withholding_matches_contract": "on",
        "contract__party_a": "某公司",
        "contract__start_date": "2024-01-01",
    }
    response = client.post(URL + "?kind=renewal", data)
    verdict = response.context["verdict"]
    assert verdict is not None, response.context["form"].errors
    assert verdict.overall == "eligible"
    assert "2026-09-29" in response.content.decode()


def test_english_page_shows_english_reasons(client, applicant):
    client.cookies["django_language"] = "en"
    data = {**PERSON_FORM, "id_number": make_id(date(1990, 5, 17))}
    html = client.post(URL + "?kind=person", data).content.decode()
    assert "monthly taxable income RMB 14,323 is below the 2026 threshold RMB 14,324" in html


def test_income_years_are_calendar_years_of_the_submission_date(client, applicant):
    """C4/C5: the fields are named by absolute year; a submission in 2026 asks for
    2023–2025, and the engine receives those years."""
    data = {
        **PERSON_FORM,
        "id_number": make_id(date(1990, 5, 17)),
        "annual_taxable_income__2023": "700000",
        "annual_taxable_income__2024": "710000",
        "annual_taxable_income__2025": "720000",
    }
    response = client.post(URL + "?kind=person", data)
    form = response.context["form"]
    assert form.years == [2023, 2024, 2025]
    assert form.to_payload()["annual_taxable_income"] == {
        "2023": "700000",
        "2024": "710000",
        "2025": "720000",
    }


def test_figures_typed_for_other_years_are_not_dropped_silently(client, applicant):
    data = {**PERSON_FORM, "id_number": make_id(date(1990, 5, 17))}
    data["annual_taxable_income__2021"] = "700000"  # years of another submission date
    response = client.post(URL + "?kind=person", data)
    assert response.context["verdict"] is None
    assert "2023、2024、2025" in " ".join(response.context["form"].non_field_errors())


def test_a_lease_that_ends_before_it_starts_is_shown_at_the_lease_end(client, applicant):
    data = {
        **PERSON_FORM,
        "id_number": make_id(date(1990, 5, 17)),
        "residence__kind": "rented_home",
        "residence__lease__lessor_name": "王房东",
        "residence__lease__address": "亦庄镇荣华南路15号",
        "residence__lease__start_date": "2026-01-01",
        "residence__lease__end_date": "2025-01-01",
    }
    response = client.post(URL + "?kind=person", data)
    assert response.context["verdict"] is None
    assert (
        "终止日期早于开始日期" in response.context["form"].errors["residence__lease__end_date"][0]
    )
