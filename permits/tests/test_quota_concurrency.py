"""Two reviewers approve two applications of the same unit at the same moment with one quota
place left: exactly one permit is issued and exactly one place used (U9). On PostgreSQL this
exercises the quota row lock; on SQLite, BEGIN IMMEDIATE serialises the two writers."""

import threading

import pytest
from django.db import close_old_connections, connection

from permits import services
from permits.models import Permit
from portal.constants import Role
from units.models import Quota


@pytest.mark.django_db(transaction=True)
def test_one_place_left_two_simultaneous_approvals_issue_exactly_one_permit(
    permitted_unit, with_zone, make_user
):
    unit = permitted_unit(places=1)
    first, second = with_zone(1, unit), with_zone(2, unit)
    reviewers = [make_user(Role.REVIEWER, username=f"reviewer-{i}") for i in (1, 2)]
    barrier = threading.Barrier(2)
    outcomes = {}

    def approve(application, reviewer):
        try:
            barrier.wait(timeout=10)
            services.application_approve(application=application, by=reviewer)
            outcomes[application.pk] = "issued"
        except services.Refused as exc:
            outcomes[application.pk] = f"refused: {exc.reasons}"
        except Exception as exc:  # surfaced by the assertion below
            outcomes[application.pk] = f"error: {exc!r}"
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(first, reviewers[0])),
        threading.Thread(target=approve, args=(second, reviewers[1])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(v.split(":")[0] for v in outcomes.values()) == ["issued", "refused"], outcomes
    assert "U9" in next(v for v in outcomes.values() if v.startswith("refused"))
    assert Permit.objects.filter(unit=unit).count() == 1
    quota = Quota.objects.get(unit=unit)
    assert (quota.used, quota.remaining) == (1, 0)


@pytest.mark.django_db
def test_a_double_clicked_approval_with_one_place_left_hears_already_decided(
    permitted_unit, with_zone, make_user
):
    unit = permitted_unit(places=1)
    application = with_zone(1, unit)
    reviewer = make_user(Role.REVIEWER, username="reviewer-1")
    services.application_approve(application=application, by=reviewer)
    with pytest.raises(services.Refused) as refused:
        services.application_approve(application=application, by=reviewer)
    assert "U9" not in refused.value.message
    assert "no longer possible" in refused.value.message or "已" in refused.value.message
    assert Permit.objects.filter(unit=unit).count() == 1
