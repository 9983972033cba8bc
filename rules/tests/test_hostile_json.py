"""Hostile JSON to the eligibility API: bounded before parsing, a 400 with a message, never a
500 (issue 10: 1,000 levels deep was a RecursionError, 5,000 digits a ValueError)."""

from datetime import date

import pytest
from django.urls import reverse

from portal.constants import Role
from portal.models import User
from rules.engine.parse import Context, Str, load_json
from rules.engine.text import hidden_characters


@pytest.fixture
def api(client, db):
    client.force_login(User.objects.create(username="li", role=Role.APPLICANT))

    def post(kind: str, body: str | bytes):
        return client.post(
            reverse("rules:api_eligibility", args=[kind]),
            data=body,
            content_type="application/json",
        )

    return post


@pytest.mark.parametrize("kind", ["person", "unit", "renewal"])
@pytest.mark.parametrize(
    "body",
    [
        "[" * 1000 + "]" * 1000,
        '{"a":' * 1000 + "1" + "}" * 1000,
        "9" * 5000,
        '{"monthly_taxable_income": ' + "1" * 5000 + "}",
        '{"monthly_taxable_income": 1e99999}',
        '{"monthly_taxable_income": NaN}',
        '"' + "x" * 70_000 + '"',
        b"\xff\xfe{}",
    ],
    ids=["deep-list", "deep-object", "digits", "digits-field", "huge-float", "nan", "big", "bytes"],
)
def test_hostile_json_is_a_400_with_a_message(api, kind, body):
    response = api(kind, body)
    assert response.status_code == 400
    data = response.json()
    assert data["result"] == "bad_input"
    assert data["errors"][0]["zh"] and data["errors"][0]["en"]


def test_depth_counts_brackets_inside_strings_as_text():
    assert load_json(b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}') == {"a": "[" * 30}


def test_a_nul_in_a_name_is_refused_not_stored(api):
    response = api("person", '{"employer": {"name": "A\\u0000B"}}')
    assert response.status_code == 400
    paths = {e["path"]: e["code"] for e in response.json()["errors"]}
    assert paths.get("employer.name") == "characters"


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u0007", "\ufeff", "\u2028"])
def test_control_bidi_and_zero_width_characters_are_named(char):
    assert hidden_characters(f"张{char}三") == [f"U+{ord(char):04X}"]


def test_text_is_stored_composed_and_ordinary_whitespace_is_kept():
    ctx = Context(date(2026, 1, 1), [])
    assert Str().parse("e\u0301", "name", ctx) == "\u00e9"
    assert hidden_characters("line\nnext\ttab") == []
