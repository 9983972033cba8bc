"""Three ways in, one engine: the command and the JSON API give identical verdicts."""

import base64
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.constants import Role
from portal.models import User
from units.models import Unit

from .builders import person_payload, renewal_payload, unit_payload

pytestmark = pytest.mark.django_db

MANAGE_PY = Path(__file__).resolve().parents[2] / "manage.py"

CASES = [
    ("person", person_payload(), 0),
    ("person", person_payload(monthly_taxable_income=14323), 1),
    (
        "person",
        person_payload(
            degree="none", awards=[{"level": "national", "field": "science_technology"}]
        ),
        0,
    ),
    ("unit", unit_payload(), 0),
    ("unit", unit_payload(registered_capital=10), 1),
    ("renewal", renewal_payload(), 0),
    ("renewal", renewal_payload(submission_date="2026-11-02"), 1),
    ("person", person_payload(monthly_taxable_income=-3, degree="x"), 2),
    ("unit", {"name": 1}, 2),
]


def run_cli(kind, payload, tmp_path=None, raw=None):
    out = io.StringIO()
    text = raw if raw is not None else json.dumps(payload, ensure_ascii=False)
    stdin = io.StringIO(text)
    import sys

    old = sys.stdin
    sys.stdin = stdin
    try:
        with pytest.raises(SystemExit) as exit_:
            call_command("eligibility", kind, stdout=out)
    finally:
        sys.stdin = old
    return exit_.value.code, out.getvalue()


def api_client(client):
    user = User.objects.create(username="li", role=Role.APPLICANT)
    client.force_login(user)
    return client


@pytest.mark.parametrize(("kind", "payload", "code"), CASES)
def test_cli_and_api_give_identical_verdicts(client, seeded_wages, kind, payload, code):
    exit_code, cli_text = run_cli(kind, payload)
    api = api_client(client).post(
        reverse("rules:api_eligibility", args=[kind]),
        data=json.dumps(payload),
        content_type="application/json",
    )
    assert exit_code == code
    assert api.status_code == (400 if code == 2 else 200)
    assert api["Content-Type"].startswith("application/json")
    assert cli_text.strip() == api.content.decode("utf-8").strip()  # byte for byte
    body = json.loads(cli_text)
    if code == 2:
        assert body["result"] == "bad_input" and body["errors"]
    else:
        assert body["eligible"] is (code == 0)


def test_cli_reads_a_file(tmp_path, seeded_wages):
    path = tmp_path / "unit.json"
    path.write_text(json.dumps(unit_payload()), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("eligibility", "unit", str(path), stdout=out)
    assert exit_.value.code == 0
    assert json.loads(out.getvalue())["kind"] == "unit"


def test_cli_bad_json_exits_2_with_an_error_list(seeded_wages):
    code, text = run_cli("person", None, raw="{not json")
    assert code == 2
    assert json.loads(text)["errors"][0]["code"] == "json"


def test_cli_missing_file_exits_2(seeded_wages):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("eligibility", "unit", "/nonexistent/file.json", stdout=out)
    assert exit_.value.code == 2


def test_api_needs_sign_in_and_answers_401_in_json(client, seeded_wages):
    response = client.post(
        reverse("rules:api_eligibility", args=["unit"]),
        data=json.dumps(unit_payload()),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert response.json()["result"] == "unauthenticated"


def test_api_accepts_http_basic_authentication(client, seeded_wages):
    unit = Unit.objects.create(name="某公司", credit_code="91110000600037341L")
    user = User(username="hr", role=Role.UNIT_STAFF, unit=unit)
    user.set_password("a-long-passphrase-1")
    user.save()
    token = base64.b64encode(b"hr:a-long-passphrase-1").decode()
    response = client.post(
        reverse("rules:api_eligibility", args=["unit"]),
        data=json.dumps(unit_payload()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
    )
    assert response.status_code == 200
    assert response.json()["result"] == "eligible"
    wrong = base64.b64encode(b"hr:wrong").decode()
    response = client.post(
        reverse("rules:api_eligibility", args=["unit"]),
        data=json.dumps(unit_payload()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {wrong}",
    )
    assert response.status_code == 401


def test_api_rejects_get_with_405(client):
    api_client(client)
    assert client.get(reverse("rules:api_eligibility", args=["person"])).status_code == 405


def test_api_bad_json_and_unknown_kind_are_400(client, seeded_wages):
    api_client(client)
    response = client.post(
        reverse("rules:api_eligibility", args=["person"]),
        data="{x",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["result"] == "bad_input"
    response = client.post(
        reverse("rules:api_eligibility", args=["alien"]), data="{}", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "kind"


def test_api_calendar_not_covered_is_a_clear_error(client, seeded_wages):
    api_client(client)
    payload = renewal_payload(
        submission_date="2026-11-20", permit_expires_on="2027-01-15", permit_issued_on="2024-01-16"
    )
    response = client.post(
        reverse("rules:api_eligibility", args=["renewal"]),
        data=json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] == "calendar_not_covered"
    assert "2027" in error["zh"]


def test_cli_without_a_database_says_how_to_set_it_up_and_exits_2(tmp_path):
    # A fresh checkout: VAR_DIR is empty and no DATABASE_URL points elsewhere. Exit status 1
    # would read as "not eligible", so the missing database is exit 2 with one clear line.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["VAR_DIR"] = str(tmp_path / "var")
    (tmp_path / "var").mkdir()
    result = subprocess.run(
        [sys.executable, str(MANAGE_PY), "eligibility", "person"],
        input=json.dumps(person_payload(), ensure_ascii=False),
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    [line] = [line for line in result.stderr.splitlines() if "migrate" in line]
    assert "数据库尚未建立" in line and "database is not set up" in line
    assert "make run" in line and "python manage.py migrate" in line
