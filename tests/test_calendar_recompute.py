"""A calendar for every year: importing 2027's holiday notice moves the promised dates (T1) of
the cases the zone holds, with an audit row per moved date; closed and returned cases keep
theirs; running the recompute again changes nothing.

The 2027 dates are a TEST FIXTURE (tests/holidays_2027_fixture.txt), not the published
notice: chinesecalendar 1.11.0, the newest release on PyPI when this was written, ends with
2026."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from permits.constants import ApplicationState
from permits.models import PermitApplication
from permits.tests.factories import application_with_zone
from portal.celery import app as celery_app
from portal.constants import Role
from portal.models import User
from reviews.models import AuditEvent
from reviews.recompute import TRANSITION, case_due_dates_recompute
from rules.tables import forget_after_commit
from units.constants import UnitCaseState
from units.tests.factories import UnitCaseFactory, UnitFactory

FIXTURE_2027 = (Path(__file__).parent / "holidays_2027_fixture.txt").read_text("utf-8")
BEIJING = ZoneInfo("Asia/Shanghai")


def received(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def cases(db):
    """Cases received in December 2026, whose promised dates fall in 2027 (not covered)."""
    unit = UnitFactory(complete=True)
    new_permit = application_with_zone(unit, 1)  # PR3: 20 working days
    PermitApplication.objects.filter(pk=new_permit.pk).update(
        received_at=received(date(2026, 12, 10)), due_on=None
    )
    pr1 = UnitCaseFactory(submitted=True, received_at=received(date(2026, 12, 28)), due_on=None)
    returned = UnitCaseFactory(
        returned=True, kind="PR2", received_at=received(date(2026, 12, 28)), due_on=None
    )
    approved = UnitCaseFactory(approved=True, received_at=received(date(2026, 12, 28)))
    return {"pr3": new_permit, "pr1": pr1, "returned": returned, "approved": approved}


def due(case):
    return type(case).objects.get(pk=case.pk).due_on


def moves(case):
    return list(
        AuditEvent.objects.for_case(case)
        .filter(transition=TRANSITION)
        .values_list("data__due_on__old", "data__due_on__new")
    )


@pytest.fixture
def eager_celery(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def test_importing_2027_moves_the_promised_dates_of_open_cases(
    client, cases, eager_celery, django_capture_on_commit_callbacks
):
    assert due(cases["pr3"]) is None and due(cases["pr1"]) is None  # 2027 not covered yet
    boss = User.objects.create(
        username="boss", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
    )
    client.force_login(boss)
    url = reverse("admin:rules_workingdayoverride_import")
    form = {"year": 2027, "source": "测试数据，非国务院正式通知 (fixture)", "text": FIXTURE_2027}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.post(url, {**form, "preview": "1"}).status_code == 200
    assert callbacks == []  # a preview changes nothing and enqueues nothing
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.post(url, {**form, "confirm": "1"}).status_code == 302
    # The recomputes, enqueued after the commit: the promised dates (reviews) and the
    # permits' last renewal submission days (permits, T2); beside them, the cached calendar
    # is forgotten once.
    assert callbacks.count(forget_after_commit) == 1
    assert len(callbacks) == 3

    # PR3, received Thu 2026-12-10: 15 working days to 31 Dec; 1–3 Jan off (fixture); 4–8 Jan.
    assert due(cases["pr3"]) == date(2027, 1, 8)
    # PR1, received Mon 2026-12-28: 29–31 Dec, 4–8 Jan, 11, 12 Jan.
    assert due(cases["pr1"]) == date(2027, 1, 12)
    assert moves(cases["pr3"]) == [(None, "2027-01-08")]
    event = AuditEvent.objects.for_case(cases["pr1"]).get(transition=TRANSITION)
    assert (event.actor, event.from_state, event.to_state) == (None, "submitted", "submitted")
    assert "2027-01-12" in event.comment
    # Cases the zone does not hold keep their dates and get no row.
    assert due(cases["returned"]) is None and moves(cases["returned"]) == []
    assert moves(cases["approved"]) == []

    # A correction (fixture): 4 Jan 2027 made a day off. Each date moves by one working day.
    corrected = FIXTURE_2027 + "2027-01-04 holiday 元旦调整（fixture）\n"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**form, "text": corrected, "confirm": "1"}).status_code == 302
    assert due(cases["pr3"]) == date(2027, 1, 11)
    assert due(cases["pr1"]) == date(2027, 1, 13)
    assert moves(cases["pr1"]) == [(None, "2027-01-12"), ("2027-01-12", "2027-01-13")]


def test_the_recompute_is_idempotent_and_a_command(cases):
    from rules.services import calendar_import

    calendar_import(year=2027, text=FIXTURE_2027, source="fixture")
    first = case_due_dates_recompute()
    assert (first.examined, first.moved) == (2, 2)
    events = AuditEvent.objects.filter(transition=TRANSITION).count()
    call_command("recompute_due_dates")
    assert AuditEvent.objects.filter(transition=TRANSITION).count() == events == 2
    assert case_due_dates_recompute().moved == 0


def test_a_case_decided_meanwhile_is_not_touched(cases):
    from rules.services import calendar_import

    calendar_import(year=2027, text=FIXTURE_2027, source="fixture")
    PermitApplication.objects.filter(pk=cases["pr3"].pk).update(state=ApplicationState.APPROVED)
    type(cases["pr1"]).objects.filter(pk=cases["pr1"].pk).update(state=UnitCaseState.APPROVED)
    assert case_due_dates_recompute().moved == 0


def test_every_case_model_says_which_cases_the_zone_holds():
    from reviews.recompute import case_models

    models = case_models()
    assert {m._meta.label for m in models} >= {"units.UnitCase", "permits.PermitApplication"}
    for model in models:
        assert hasattr(model.objects, "awaiting_zone"), model
