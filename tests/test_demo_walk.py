"""The demo data of `make run` renders everywhere: every demo account opens every page of its
menu and every case it can see, without an error."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Applicant
from permits.constants import PermitCaseState, PermitStatus
from permits.models import Association, Permit, PermitApplication, PermitCase
from portal import demo
from portal.models import User
from portal.reference_data import load_reference
from reviews.clock import with_clocks
from units.models import UnitCase


@pytest.fixture
def demo_data(db, tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_ACCOUNTS_FILE", tmp_path / "demo_accounts.json")
    load_reference()  # as `bootstrap` does before the demo data
    demo.seed_all()
    demo.seed_all()  # idempotent: a second run adds nothing
    return demo.read_demo_accounts()


def test_demo_covers_every_state(demo_data):
    assert {s for (s,) in UnitCase.objects.values_list("state")} == {
        "draft", "submitted", "returned", "approved", "rejected"
    }  # fmt: skip
    assert {k for (k,) in UnitCase.objects.values_list("kind").distinct()} == {"PR1", "PR2"}
    assert {s for (s,) in PermitApplication.objects.values_list("state")} == {
        "draft", "with_unit", "returned_to_applicant", "with_zone", "returned_to_unit",
        "approved", "rejected",
    }  # fmt: skip
    assert Applicant.objects.filter(user__username="applicant").exists()
    assert len(demo_data) == 5


def test_every_demo_account_opens_its_pages(client, demo_data):
    for account in demo_data:
        user = User.objects.get(username=account["username"])
        client.force_login(user)
        home = client.get("/", follow=True)
        assert home.status_code == 200, account["username"]
        links = {item["url"] for item in home.context["nav_items"]}
        page_links = set(
            re.findall(r'href="(/(?:unit|me|review|permits)/[^"#?]*)"', home.content.decode())
        )
        for url in sorted(links | page_links):
            response = client.get(url)
            assert response.status_code in (200, 302), (
                account["username"],
                url,
                response.status_code,
            )
        client.logout()


def test_reviewer_opens_every_demo_case(client, demo_data):
    client.force_login(User.objects.get(username="reviewer"))
    for case in UnitCase.objects.all():
        assert client.get(reverse("reviews:unit_case", args=[case.pk])).status_code == 200
    for application in PermitApplication.objects.all():
        assert (
            client.get(reverse("reviews:permit_application", args=[application.pk])).status_code
            == 200
        )


def test_demo_unit_opens_its_employees_applications(client, demo_data):
    unit_staff = User.objects.get(username="unit")
    client.force_login(unit_staff)
    # The employer-change demo's first application was made at its former unit.
    for application in PermitApplication.objects.filter(unit_id=unit_staff.unit_id):
        assert (
            client.get(reverse("permits:unit_application", args=[application.pk])).status_code
            == 200
        )


def test_demo_permit_life_in_every_state(client, demo_data):
    """Before the window, inside it (a renewal draft), past the last day, lapsed by the scan,
    two leavers (one overdue), an employer change waiting for the zone (PR4, PR5, T2–T4)."""
    unit_staff = User.objects.get(username="unit")
    assert Permit.objects.filter(status=PermitStatus.LAPSED).count() == 1
    assert PermitCase.objects.filter(kind="PR4", state=PermitCaseState.DRAFT).count() == 1
    change = PermitCase.objects.get(kind="PR5")
    assert change.state == PermitCaseState.WITH_ZONE and change.unit_id == unit_staff.unit_id
    client.force_login(unit_staff)
    page = client.get(reverse("permits:employees")).content.decode()
    assert "row-overdue" in page and "严离职" in page and "华逾期" in page
    for case in PermitCase.objects.all():
        url = reverse("permits:unit_permit_case", args=[case.pk])
        assert client.get(url).status_code == 200
    for association in Association.objects.filter(unit_id=unit_staff.unit_id).accepted():
        url = reverse("permits:employee", args=[association.pk])
        assert client.get(url).status_code == 200
    client.force_login(User.objects.get(username="reviewer"))
    for case in PermitCase.objects.all():
        assert client.get(reverse("reviews:permit_case", args=[case.pk])).status_code == 200


def test_demo_is_spread_over_time(demo_data):
    """Queues show cases with time left, near the due date and overdue (T1); the permits'
    life has one near expiry and one lapsed (T2, T3)."""
    today = timezone.localdate()
    clocks = [c for _a, c in with_clocks(PermitApplication.objects.awaiting_zone(), today=today)]
    assert any(c.overdue for c in clocks)
    assert any(c.due_soon for c in clocks)
    assert any(c.remaining and c.remaining > 3 for c in clocks)
    assert Permit.objects.filter(status="lapsed").exists()
    assert (
        Permit.objects.valid().filter(expires_on__lte=today.replace(year=today.year + 1)).exists()
    )
