"""From 1 November, /manage/ and /healthz warn that next year's working-day calendar is
missing; /healthz stays 200 (a warning, not a failure). docs/eligibility.md, "Working days"."""

from datetime import date

import pytest
from django.utils import timezone

from portal.constants import Role
from portal.services import heartbeat_record
from portal.tests.factories import UserFactory
from rules.services import calendar_import


@pytest.fixture
def on(monkeypatch):
    def set_today(day: date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


@pytest.fixture
def healthy(db):
    heartbeat_record(hostname="test")


def test_healthz_warns_of_a_missing_next_year_from_november_and_stays_200(client, healthy, on):
    on(date(2026, 10, 31))
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["warnings"] == {}
    on(date(2026, 11, 1))
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok" and body["failing"] == []
    assert body["warnings"]["calendar"]["uncovered_years"] == [2027]
    calendar_import(year=2027, text="2027-01-01 holiday 元旦", source="test fixture")
    assert client.get("/healthz").json()["warnings"] == {}


def test_admin_home_warns_of_a_missing_next_year_from_november(client, db, on):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    on(date(2026, 10, 31))
    assert "calendar-warning" not in client.get("/manage/").content.decode()
    on(date(2026, 11, 2))
    page = client.get("/manage/").content.decode()
    assert "calendar-warning" in page and "2027" in page
    assert "/admin/rules/workingdayoverride/import/?year=2027" in page
