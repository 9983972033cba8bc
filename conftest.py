"""Fixtures shared by every test package: users of each role and the browser harness; and a
check that the test run leaves no stray files in the checkout."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from portal.constants import Role

# Django's live_server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO_ROOT = Path(__file__).resolve().parent
ARTIFACTS = REPO_ROOT / "artifacts"
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
def _empty_cache():
    """Each test starts with an empty cache: what one test's database held (rolled back since)
    must not be read by the next from the cache of reference tables."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Chinese), whatever the last one activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- The test run leaves no new untracked files in the checkout ----------------------------
# A tool that writes into the working directory (poppler 22.12 wrote "-.png" there) would
# otherwise go unnoticed until the file is committed. Git-ignored paths (var/, artifacts/)
# are where tests may write.
UNTRACKED_BEFORE = pytest.StashKey["set[str] | None"]()
STRAY_FILES = pytest.StashKey["list[str]"]()
STRAY_CHECK_SKIPPED = pytest.StashKey[str]()


def untracked_files() -> set[str] | None:
    """Untracked, not ignored files under the repository root; None outside a git checkout."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        top = subprocess.run(
            [git, "-C", str(REPO_ROOT), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        if Path(top.stdout.strip()).resolve() != REPO_ROOT:
            return None  # the project was copied into some other repository
        status = subprocess.run(
            [git, "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=all", "-z"],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        return None
    return {entry[3:] for entry in status.stdout.split("\0") if entry.startswith("?? ")}


def pytest_sessionstart(session):
    before = untracked_files()
    session.config.stash[UNTRACKED_BEFORE] = before
    if before is None:
        session.config.stash[STRAY_CHECK_SKIPPED] = "not a git checkout (or git is missing)"


def pytest_sessionfinish(session, exitstatus):
    before = session.config.stash.get(UNTRACKED_BEFORE, None)
    if before is None:
        return
    after = untracked_files()
    if after is None:
        session.config.stash[STRAY_CHECK_SKIPPED] = "git status failed after the run"
        return
    stray = sorted(after - before)
    if stray:
        session.config.stash[STRAY_FILES] = stray
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = config.stash.get(STRAY_CHECK_SKIPPED, None)
    if skipped:
        terminalreporter.write_line(f"Check for stray files skipped: {skipped}.", yellow=True)
    stray = config.stash.get(STRAY_FILES, [])
    if stray:
        terminalreporter.section("stray files", sep="=", red=True)
        terminalreporter.write_line(
            "The test run left new untracked files in the repository: " + ", ".join(stray),
            red=True,
        )
