"""Sign-in lockout: per account, plus a higher per-address throttle; the client address read
behind trusted proxies; the answers as documented (docs/security.md, docs/eligibility.md)."""

import base64
import json

import pytest
from django.test import RequestFactory
from django.urls import reverse

from portal.constants import Role
from portal.signin import client_address

PASSWORD = "Passw0rd!2026"


def _login(client, username, password, address="203.0.113.7", **extra):
    return client.post(
        "/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


@pytest.fixture
def two_accounts(make_user):
    return make_user(Role.APPLICANT, username="victim"), make_user(Role.REVIEWER, username="rev")


def test_five_wrong_passwords_for_one_account_leave_another_accounts_sign_in_working(
    client, two_accounts
):
    for _ in range(5):
        _login(client, "victim", "wrong")
    assert _login(client, "victim", PASSWORD).status_code == 429
    response = _login(client, "rev", PASSWORD)
    assert response.status_code == 302, "another account from the same address signs in"


def test_the_locked_account_stays_locked_from_another_address(client, two_accounts):
    for _ in range(5):
        _login(client, "victim", "wrong", address="203.0.113.7")
    response = _login(client, "victim", PASSWORD, address="198.51.100.9")
    assert response.status_code == 429
    assert "15" in response.content.decode()


def test_one_address_trying_many_accounts_meets_the_address_throttle(
    client, two_accounts, settings
):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for i in range(8):
        _login(client, f"nobody{i}", "wrong")
    assert _login(client, "rev", PASSWORD).status_code == 429
    assert _login(client, "rev", PASSWORD, address="198.51.100.9").status_code == 302


def test_behind_a_trusted_proxy_each_client_is_counted_apart(client, two_accounts, settings):
    settings.TRUSTED_PROXIES = 1
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    proxy = "10.0.0.2"
    for i in range(8):
        _login(client, f"nobody{i}", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    blocked = _login(client, "rev", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert blocked.status_code == 429
    other = _login(client, "rev", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.2"),  # no proxy: the header is the client's own words
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a spoofed entry stands left
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, "", "10.0.0.2"),
    ],
)
def test_client_address_is_read_behind_the_configured_number_of_proxies(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_the_api_lockout_answer_is_the_documented_403_json(client, two_accounts):
    def call(password):
        token = base64.b64encode(f"victim:{password}".encode()).decode()
        return client.post(
            "/api/eligibility/person/",
            data="{}",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Basic {token}",
            REMOTE_ADDR="203.0.113.7",
        )

    for _ in range(5):
        assert call("wrong").status_code in (401, 403)
    response = call(PASSWORD)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["result"] == "locked_out"


def test_a_scripts_lockout_answer_is_json(client, two_accounts):
    for _ in range(5):
        _login(client, "victim", "wrong")
    response = _login(client, "victim", PASSWORD, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 429
    assert json.loads(response.content)["result"] == "too_many_requests"


def test_an_overlong_username_is_counted_not_a_server_error(client, db):
    """axes keeps usernames in 255 characters: a hostile one is cut to a username's length
    before it is recorded (PostgreSQL refused the insert before)."""
    from axes.models import AccessAttempt

    response = client.post(reverse("portal:login"), {"username": "x" * 5000, "password": "no"})
    assert response.status_code in (200, 400)
    assert AccessAttempt.objects.filter(username="x" * 150).exists()
