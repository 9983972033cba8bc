"""The benchmark's instruments: `seed_load` fills a database with cases in every state,
bench/pages.py's client measures a local server, and the deadline benchmark's seed, baseline
and comparison (bench/deadlines.py, `deadline_bench`) agree with the scans
(docs/performance.md)."""

import importlib.util
import io
import json
import sys
import threading
from collections import Counter
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from applicants.models import Applicant
from attachments.models import Attachment
from notices.models import Delivery, Notice
from permits.constants import ApplicationState
from permits.models import Association, LabourContract, Permit, PermitApplication
from portal.management.commands import deadline_bench, seed_load
from portal.models import User
from units.models import Quota, Unit, UnitCase, UnitPermission

_spec = importlib.util.spec_from_file_location(
    "bench_pages", Path(__file__).resolve().parent.parent / "bench" / "pages.py"
)
pages = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = pages  # its dataclass looks itself up there
_spec.loader.exec_module(pages)


@pytest.fixture
def accounts_file(tmp_path, monkeypatch):
    path = tmp_path / "load_accounts.json"
    monkeypatch.setattr(seed_load, "LOAD_ACCOUNTS_FILE", path)
    return path


@pytest.mark.django_db
def test_seed_load_makes_cases_in_every_state_and_refuses_a_second_run(accounts_file):
    call_command("load_reference", verbosity=0)
    call_command("seed_load", cases=30, stdout=io.StringIO())

    states = Counter(PermitApplication.objects.values_list("state", flat=True))
    expected = Counter(seed_load.state_of(i) for i in range(30))
    assert states == expected
    assert set(states) == set(ApplicationState)
    approved = states[ApplicationState.APPROVED]
    assert Permit.objects.count() == approved
    assert Applicant.objects.count() == Association.objects.count() == 30
    assert LabourContract.objects.count() == 30
    units = Unit.objects.count()
    assert units == 2
    assert UnitPermission.objects.count() == Quota.objects.count() == units
    assert UnitCase.objects.count() == 2 * units
    zone = PermitApplication.objects.filter(
        state__in=["with_zone", "returned_to_unit", "approved", "rejected"]
    )
    assert not zone.filter(due_on__isnull=True).exists()
    assert Attachment.objects.count() > 30
    # The applicants' facts are the demo's, so the engine and the pages can read them.
    assert Applicant.objects.filter(facts={}).count() == 0

    accounts = json.loads(accounts_file.read_text("utf-8"))
    for account in accounts:
        user = User.objects.get(username=account["username"])
        assert user.check_password(account["password"])

    with pytest.raises(CommandError, match="already holds load data"):
        call_command("seed_load", cases=5)


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert pages.percentile(values, 95) == 95.0
    assert pages.percentile([0.3], 95) == 0.3
    assert pages.percentile([], 95) == 0.0


def test_set_cookie_headers_become_a_cookie_header():
    cookies = pages.parse_set_cookies(
        [
            ("Set-Cookie", "csrftoken=abc; Path=/; SameSite=Lax"),
            ("Content-Type", "text/html"),
            ("Set-Cookie", "sessionid=xyz; HttpOnly; Path=/"),
        ]
    )
    assert cookies == {"csrftoken": "abc", "sessionid": "xyz"}
    assert pages.cookie_header(cookies) == "csrftoken=abc; sessionid=xyz"


def test_doc_section_is_replaced_not_repeated(tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "DOC", tmp_path / "performance.md")
    pages.write_doc("demo-sqlite", ["first"])
    pages.write_doc("other", ["kept"])
    pages.write_doc("demo-sqlite", ["second"])
    text = (tmp_path / "performance.md").read_text("utf-8")
    assert "second" in text and "first" not in text and "kept" in text
    assert text.count("<!-- bench:demo-sqlite -->") == 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        status = 200 if self.path == "/ok" else 404
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.mark.services
def test_measure_counts_answers_and_errors_of_a_local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        good = pages.measure(port, "/ok", seconds=0.3, connections=2)
        bad = pages.measure(port, "/missing", seconds=0.2, connections=2)
    finally:
        server.shutdown()
    assert good.requests > 10 and good.errors == 0
    assert good.rate > 0 and good.p95_ms > 0
    assert bad.requests == 0 and bad.errors > 0


# --- the deadline scans at scale (bench/deadlines.py, manage.py deadline_bench) -------------
sys.modules.setdefault("pages", pages)  # bench/deadlines.py imports its neighbour by name
_spec = importlib.util.spec_from_file_location(
    "bench_deadlines", Path(__file__).resolve().parent.parent / "bench" / "deadlines.py"
)
deadlines = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(deadlines)

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def test_deadline_plan_shares_the_due_items_and_caps_the_units_deadlines():
    big = deadline_bench.plan(1_000_000, 10_000)
    assert big["units"] == 4_000
    assert sum(v for k, v in big.items() if k != "units") == 10_000
    assert big["t2_window"] == 3_500 and big["t6_certificate"] == 500
    small = deadline_bench.plan(2_000, 300)
    # 8 units: a unit's deadline takes at most a third of them, PR3 reviews the rest.
    assert small["t1_unit_case"] == small["t6_certificate"] == small["u9_quota"] == 2
    assert sum(v for k, v in small.items() if k != "units") == 300
    with pytest.raises(CommandError):
        deadline_bench.plan(100, 200)


def test_deadline_comparison_flags_a_scan_that_differs_from_its_baseline():
    row = {"seconds": 1.0, "found": 3, "notices": 6, "deliveries": 6}
    scans = {"a": {**row, "batches": 1, "queries": 7}, "b": {**row, "batches": 2, "queries": 14}}
    baseline = {"a": {**row, "seconds": 0.5}, "b": {**row, "notices": 5}, "c": row}
    lines, problems = deadlines.compare(baseline, scans)
    assert "| `a` | 3 | 6 | 6 | 1.000 | 0.500 | 2.0× | 1 | 7.0 |" in lines
    assert problems == [
        "b: notices 6 by the scan, 5 by the baseline",
        "c: a baseline but no registered scan (not compared)",
    ]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the deadline benchmark seeds with PostgreSQL SQL")
@pytest.mark.django_db
def test_deadline_scans_find_what_the_set_based_baseline_finds():
    call_command("load_reference", verbosity=0)
    today = date(2026, 11, 18)  # a Wednesday; the calendar covers the reminders' days
    counts = deadline_bench.seed(2_000, 100, today)["plan"]
    baseline = deadline_bench.baseline_run(today)
    # The baseline rolled back: the scans start from no notices.
    assert not Notice.objects.exists() and not Delivery.objects.exists()
    scans = deadline_bench.scans_run(today, batch_size=7)

    expected = {
        "t1_permit_applications_overdue": counts["t1_application"],
        "t1_permit_changes_overdue": counts["t1_change"],
        "t1_permit_cases_overdue": counts["t1_permit_case"],
        "t1_unit_cases_overdue": counts["t1_unit_case"],
        "t5_labour_contract_ending": counts["t5_contract"] + counts["t4_leaver"],
        "t6_tax_certificate_stale": counts["t6_certificate"],
        "u9_quota_expiring": counts["u9_quota"],
        "t2_renewal_window_open": counts["t2_window"],
        "t3_permit_lapse": counts["t3_lapse"],
        "t4_leaver_not_released": counts["t4_leaver"],
    }
    for name, found in expected.items():
        assert scans[name]["found"] == baseline[name]["found"] == found, name
    for name in scans.keys() & baseline.keys():
        for key in ("found", "notices", "deliveries"):
            assert scans[name][key] == baseline[name][key], (name, key)
        assert scans[name]["notices"] > 0, name
        # Bounded by batches: a fixed number of queries per batch, whatever the rows (the
        # lapse too: permits_lapse_batch), and a lookup or two cached for the run.
        assert scans[name]["queries"] <= 15 * scans[name]["batches"] + 2, name
    assert set(scans) == set(baseline)  # every registered scan has its baseline
    assert scans["t2_renewal_reminders"]["found"] > 0
    assert scans["t2_renewal_window_open"]["batches"] >= 3
    assert Notice.objects.count() == sum(s["notices"] for s in scans.values())
