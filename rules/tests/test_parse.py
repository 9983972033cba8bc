"""Bad input: one error listing every bad field path, in Chinese and English; never a
traceback."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.engine import CalendarNotCovered, InputError, WageYearMissing, evaluate, parse

from .builders import make_id, person_payload, renewal_payload, unit_payload

TODAY = date(2026, 11, 27)


def errors(kind, payload):
    with pytest.raises(InputError) as err:
        parse(kind, payload, today=TODAY)
    return {e.path: e for e in err.value.errors}


def test_every_bad_field_is_listed_at_once():
    payload = person_payload(
        monthly_taxable_income=-1,
        months_salary_paid="3",
        degree="phd",
        submission_date="2026-02-30",
        colour="blue",
    )
    del payload["name"]
    payload["residence"] = {
        "kind": "own_home",
        "lease": {
            "lessor_name": "",
            "address": "x",
            "start_date": "2026-01-01",
            "end_date": "2025-01-01",
        },
    }
    payload["employer"]["category"] = 7
    found = errors("person", payload)
    assert {
        "name": "required",
        "monthly_taxable_income": "negative",
        "months_salary_paid": "type",
        "degree": "choice",
        "submission_date": "impossible_date",
        "colour": "unknown",
        "residence.lease.lessor_name": "blank",
        "employer.category": "choice",
    }.items() <= {p: e.code for p, e in found.items()}.items()
    assert found["monthly_taxable_income"].zh == "不能为负数"
    assert found["monthly_taxable_income"].en == "must not be negative"


def test_date_order_inside_an_object_is_reported_at_its_path():
    payload = person_payload(
        contract={"party_a": "x", "start_date": "2026-01-01", "end_date": "2025-12-31"}
    )
    assert errors("person", payload)["contract.end_date"].code == "date_order"


def test_list_items_have_indexed_paths():
    payload = person_payload(
        awards=[
            {"level": "national", "field": "science_technology"},
            {"level": "galactic", "field": "x"},
        ]
    )
    found = errors("person", payload)
    assert set(found) == {"awards[1].level", "awards[1].field"}


def test_bad_resident_id_and_credit_code_are_field_errors():
    found = errors("person", person_payload(id_number="110115199005171230"))
    assert found["id_number"].code == "resident_id"
    found = errors("unit", unit_payload(credit_code="91110302MA01K7W30X"))
    assert found["credit_code"].code == "credit_code"


def test_future_birth_date_is_rejected():
    found = errors("person", person_payload(id_number=make_id(date(2027, 1, 1))))
    assert "不可能" in found["id_number"].zh


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (True, "type"),
        ("abc", "type"),
        (float("nan"), "type"),
        ("-5", "negative"),
        (10**13, "range"),
    ],
)
def test_money_must_be_a_non_negative_number(value, code):
    assert (
        errors("person", person_payload(monthly_taxable_income=value))[
            "monthly_taxable_income"
        ].code
        == code
    )


def test_money_accepts_decimal_strings_and_floats():
    facts = parse("person", person_payload(monthly_taxable_income="14323.50"), today=TODAY)
    assert str(facts.monthly_taxable_income) == "14323.50"
    facts = parse("person", person_payload(monthly_taxable_income=14323.5), today=TODAY)
    assert str(facts.monthly_taxable_income) == "14323.5"


def test_root_must_be_an_object():
    assert errors("unit", [1, 2])["(root)"].code == "type"


def test_null_only_where_allowed():
    assert errors("person", person_payload(degree=None))["degree"].code == "null"
    parse("person", person_payload(contract=None, residence=None), today=TODAY)


def test_unit_established_after_application_is_impossible():
    found = errors("unit", unit_payload(established_on="2026-04-01"))
    assert found["established_on"].code == "date_order"


def test_renewal_expiry_before_issue_is_impossible():
    found = errors("renewal", renewal_payload(permit_issued_on="2027-01-01"))
    assert found["permit_expires_on"].code == "date_order"


def test_defaults_fill_in_optional_fields():
    minimal = {
        "name": "李申请",
        "id_number": make_id(date(1990, 1, 1)),
        "employer": {"name": "某公司"},
        "monthly_taxable_income": 20000,
        "months_salary_paid": 3,
        "months_social_insurance": 3,
        "months_income_tax": 3,
    }
    facts = parse("person", minimal, today=TODAY)
    assert facts.submission_date == TODAY
    assert facts.degree == "none" and facts.awards == [] and facts.contract is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


def _mutations(base):
    keys = st.sampled_from(sorted(base))
    return st.builds(lambda k, v: {**base, k: v}, keys, json_values)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        _mutations(person_payload()).map(lambda p: ("person", p)),
        _mutations(unit_payload()).map(lambda p: ("unit", p)),
        _mutations(renewal_payload()).map(lambda p: ("renewal", p)),
        json_values.map(lambda p: ("person", p)),
    )
)
def test_any_json_gives_a_verdict_or_field_errors_never_a_traceback(wages, calendar, case):
    kind, payload = case
    try:
        facts = parse(kind, payload, today=TODAY)
    except InputError as exc:
        assert exc.errors
        assert all(e.zh and e.en for e in exc.errors)
        return
    try:
        verdict = evaluate(kind, facts, wages=wages, calendar=calendar)
    except (WageYearMissing, CalendarNotCovered):
        return  # turned into field errors by rules.services (test_interfaces)
    assert verdict.to_dict()["result"] in {"eligible", "needs_review", "not_eligible"}
