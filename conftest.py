"""Fixtures shared by every test package: users of each role and the browser harness."""

import os
from pathlib import Path

import pytest

from portal.constants import Role

# Django's live_server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def unit(db):
    from units.tests.factories import UnitFactory

    return UnitFactory()


@pytest.fixture
def make_user(db):
    from portal.tests.factories import UserFactory

    def make(role: Role = Role.APPLICANT, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def users(make_user, unit):
    """One user of each role, with a known password ("Passw0rd!2026")."""
    return {
        Role.UNIT_STAFF: make_user(Role.UNIT_STAFF, unit=unit, username="hr"),
        Role.APPLICANT: make_user(Role.APPLICANT, username="employee"),
        Role.REVIEWER: make_user(Role.REVIEWER, username="reviewer"),
        Role.ADMINISTRATOR: make_user(
            Role.ADMINISTRATOR, username="administrator", is_staff=True, is_superuser=True
        ),
    }


# --- Browser harness: pytest-playwright driving Debian's Chromium -------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot under artifacts/screenshots/<test name>/<name>.png."""
    folder = ARTIFACTS / "screenshots" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in(live_server):
    """Sign a user in through the real sign-in page."""

    def do(page, username: str, password: str = "Passw0rd!2026"):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()

    return do


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness adds seconds per user; tests need no such protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Chinese), whatever the last one activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
