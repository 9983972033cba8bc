"""One valid permit per person, one open new application per person: refused in the service,
held by partial unique indexes in the database, and not offered on the applicant's pages.
A lapsed (T3) or cancelled permit does not block a new application."""

import os
import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.urls import reverse
from django.utils import timezone

from notices.constants import NoticeKind
from notices.models import Notice
from permits import services
from permits.constants import ApplicationState, PermitStatus
from permits.models import Permit, PermitApplication
from portal.constants import Role


@pytest.fixture
def holder(with_zone, reviewer):
    """A person whose first application was approved: they hold a valid permit."""
    application = with_zone(1)
    services.application_approve(application=application, by=reviewer)
    return application.applicant


def _second_application_with_zone(person):
    """What the bug let through: a second application reaching the zone for a holder. Built
    row by row (the services refuse it), as data from before the rule would look."""
    first = person.applications.get()
    application = PermitApplication.objects.create(
        applicant=person, unit=first.unit, association=first.association
    )
    PermitApplication.objects.filter(pk=application.pk).update(
        state=ApplicationState.WITH_ZONE, received_at=timezone.now()
    )
    application.refresh_from_db()
    return application


def test_holder_cannot_open_a_second_application(holder):
    with pytest.raises(services.Refused) as excinfo:
        services.application_open(applicant=holder)
    assert holder.permits.get().number in excinfo.value.reasons[0]
    assert not PermitApplication.objects.for_applicant(holder).open().exists()


def test_holder_cannot_get_a_second_permit_through_the_service(holder, reviewer):
    second = _second_application_with_zone(holder)
    with pytest.raises(services.Refused) as excinfo:
        services.application_approve(application=second, by=reviewer)
    assert (
        "already holds a valid" in excinfo.value.reasons[0]
        or "已持有" in (excinfo.value.reasons[0])
    )
    assert Permit.objects.filter(holder=holder).count() == 1
    second.refresh_from_db()
    assert second.state == ApplicationState.WITH_ZONE  # nothing happened, quota untouched
    assert holder.permits.get().unit.quota.used == 1


def test_database_refuses_a_second_valid_permit(holder):
    permit = holder.permits.get()
    second = _second_application_with_zone(holder)
    with pytest.raises(IntegrityError), transaction.atomic():
        Permit.objects.create(
            number="JKGJ-2099-000001",
            holder=holder,
            unit=permit.unit,
            application=second,
            issued_on=permit.issued_on,
            expires_on=permit.expires_on,
        )


def test_database_refuses_a_second_open_application(holder):
    Permit.objects.filter(holder=holder).update(status=PermitStatus.CANCELLED)
    first = services.application_open(applicant=holder)
    with pytest.raises(IntegrityError), transaction.atomic():
        PermitApplication.objects.create(
            applicant=holder, unit=first.unit, association=first.association
        )


@pytest.mark.parametrize("status", [PermitStatus.LAPSED, PermitStatus.CANCELLED])
def test_lapsed_or_cancelled_permit_does_not_block_a_new_application(holder, status):
    Permit.objects.filter(holder=holder).update(status=status)
    application = services.application_open(applicant=holder)
    assert application.state == ApplicationState.DRAFT


def test_expired_permit_lapses_at_the_next_approval(holder, reviewer):
    """T3: past its expiry a permit has lapsed even before a scan marks it."""
    Permit.objects.filter(holder=holder).update(expires_on=timezone.localdate() - timedelta(days=1))
    second = _second_application_with_zone(holder)
    services.application_approve(application=second, by=reviewer)
    statuses = sorted(Permit.objects.filter(holder=holder).values_list("status", flat=True))
    assert statuses == [PermitStatus.LAPSED, PermitStatus.VALID]
    # The holder and the unit are told of the lapse as the scan would tell them.
    lapsed = Permit.objects.get(holder=holder, status=PermitStatus.LAPSED)
    told = Notice.objects.filter(
        kind=NoticeKind.PERMIT_LAPSED, subject=f"permits.permit:{lapsed.pk}"
    )
    assert {n.recipient_id for n in told} == {
        holder.user_id,
        *lapsed.unit.staff.values_list("pk", flat=True),
    }


def test_holder_home_offers_no_new_application(client, holder):
    client.force_login(holder.user)
    home = client.get(reverse("applicants:home")).content.decode()
    assert holder.permits.get().number in home
    assert "申请工作居住证" not in home  # the "apply" button of the panel
    assert "不能再新办" in home or "no new application" in home
    page = client.get(reverse("permits:application")).content.decode()
    assert "已持有" in page
    assert "开始申请" not in page
    response = client.post(reverse("permits:application"), follow=True)
    assert "已持有" in response.content.decode()
    assert not PermitApplication.objects.for_applicant(holder).open().exists()


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL: set DATABASE_URL=postgres://…",
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_issue_one_permit(with_zone, make_user):
    """Two reviewers approve the same person's application at the same moment: the row
    locks (holder, then case) serve them one after the other; one permit, one place used."""
    application = with_zone(1)
    reviewers = [make_user(Role.REVIEWER, username=f"reviewer-{i}") for i in (1, 2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(reviewer):
        try:
            barrier.wait(timeout=10)
            services.application_approve(application=application, by=reviewer)
            outcomes.append("issued")
        except services.Refused:
            outcomes.append("refused")
        except Exception as exc:  # surfaced by the assertion below
            outcomes.append(f"error: {exc!r}")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=approve, args=(r,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["issued", "refused"], outcomes
    assert Permit.objects.filter(holder=application.applicant).count() == 1
    assert application.unit.quota.__class__.objects.get(unit=application.unit).used == 1
