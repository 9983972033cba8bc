"""docs/eligibility.md: the worked examples give exactly the documented output through the
command and the API, and the field tables are the parser's own."""

import io
import json
import re
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.constants import Role
from portal.models import User
from rules.engine.labels import enumerations_markdown
from rules.engine.parse import SCHEMAS, schema_markdown

DOC = (Path(__file__).resolve().parents[2] / "docs" / "eligibility.md").read_text("utf-8")
EXAMPLE = re.compile(
    r"<!-- example: (\w+), exit (\d) -->.*?```json\n(.*?)\n```.*?```json\n(.*?)\n```", re.S
)
EXAMPLES = EXAMPLE.findall(DOC)


def test_docs_have_three_examples_one_per_kind():
    assert sorted(kind for kind, *_ in EXAMPLES) == ["person", "renewal", "unit"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "exit_code", "given", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_documented_example_output(client, seeded_wages, kind, exit_code, given, expected):
    expected = json.loads(expected)
    out = io.StringIO()
    old, sys.stdin = sys.stdin, io.StringIO(given)
    try:
        with pytest.raises(SystemExit) as exit_:
            call_command("eligibility", kind, stdout=out)
    finally:
        sys.stdin = old
    assert exit_.value.code == int(exit_code)
    assert json.loads(out.getvalue()) == expected
    client.force_login(User.objects.create(username="doc", role=Role.APPLICANT))
    response = client.post(
        reverse("rules:api_eligibility", args=[kind]), data=given, content_type="application/json"
    )
    assert response.json() == expected


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_docs_field_tables_match_the_parser(kind):
    block = re.search(rf"<!-- schema: {kind} -->\n(.*?)\n<!-- /schema -->", DOC, re.S)
    assert block, f"no schema table for {kind}"
    assert block.group(1) == schema_markdown(kind)


def test_docs_enumerations_match_the_engine():
    block = re.search(r"<!-- enumerations -->\n(.*?)\n<!-- /enumerations -->", DOC, re.S)
    assert block.group(1) == enumerations_markdown()
