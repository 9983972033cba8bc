"""Two reviewers decide the same case at the same moment: exactly one decision wins and the
other gets a clear message. On PostgreSQL this exercises the row lock of case_transition
(SELECT … FOR UPDATE); on SQLite, BEGIN IMMEDIATE serialises the two writers."""

import threading

import pytest
from django.db import close_old_connections, connection

from portal.constants import Role
from reviews.models import AuditEvent
from reviews.services import MaterialReturn, TransitionRefused
from units import services
from units.constants import UnitCaseState
from units.models import UnitCase, UnitPermission


@pytest.mark.django_db(transaction=True)
def test_conflicting_decisions_at_the_same_moment_exactly_one_wins(ready_unit, make_user):
    first = make_user(Role.REVIEWER, username="reviewer-a")
    second = make_user(Role.REVIEWER, username="reviewer-b")
    case = services.unit_case_submit(
        case=services.unit_case_open(unit=ready_unit, kind="PR1"), by=ready_unit.staff_user
    )
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(name, action):
        try:
            stale = UnitCase.objects.get(pk=case.pk)  # both read "submitted"
            barrier.wait(timeout=10)
            action(stale)
            outcomes[name] = "won"
        except TransitionRefused as exc:
            outcomes[name] = f"refused: {exc.message}"
        except Exception as exc:  # surfaced by the assertion below
            outcomes[name] = f"error: {exc!r}"
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(
            target=decide,
            args=("approve", lambda c: services.unit_case_approve(case=c, by=first)),
        ),
        threading.Thread(
            target=decide,
            args=(
                "return",
                lambda c: services.unit_case_return(
                    case=c,
                    by=second,
                    comment="",
                    returned=[MaterialReturn("U10d", "单位诚信声明", "未签字")],
                ),
            ),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(v.split(":")[0] for v in outcomes.values()) == ["refused", "won"], outcomes
    refused = next(v for v in outcomes.values() if v.startswith("refused"))
    assert "刷新页面" in refused
    case = UnitCase.objects.get(pk=case.pk)
    decisions = AuditEvent.objects.for_case(case).exclude(transition="submit")
    assert decisions.count() == 1
    winner = "approve" if outcomes["approve"] == "won" else "return"
    expected_state = UnitCaseState.APPROVED if winner == "approve" else UnitCaseState.RETURNED
    assert case.state == expected_state
    assert UnitPermission.objects.filter(unit=ready_unit).exists() == (winner == "approve")
