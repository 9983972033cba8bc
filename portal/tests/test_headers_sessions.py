"""Headers and sessions (issue 10): a CSP without inline script, no-store on signed-in pages,
an idle timeout, password reset by e-mail, and production settings that pass
``check --deploy --fail-level WARNING``."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.constants import Role
from portal.sessions import RENEWED_KEY, SessionStore
from portal.signin import RESET_PER_CLIENT, RESET_PER_EMAIL

SESSION_SECONDS = 30 * 60

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts]


def test_pages_carry_a_csp_without_inline_script(client, users):
    client.force_login(users[Role.APPLICANT])
    response = client.get("/me/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert scripts and all("src=" in attrs for attrs in scripts), scripts


def test_no_template_has_inline_script_style_or_handlers():
    offending = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text):
            offending.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        if re.search(r"\sstyle=\"|\son[a-z]+=\"|<style", text):
            offending.append(f"{path.relative_to(ROOT)}: inline style or handler")
    assert not offending, offending


def test_signed_in_pages_are_private_no_store(client, users):
    client.force_login(users[Role.UNIT_STAFF])
    cache = client.get("/unit/")["Cache-Control"]
    assert "private" in cache and "no-store" in cache


def _idle(minutes: float) -> None:
    """As if ``minutes`` had passed since the session was last written: in the row, in the
    cache (its copy expires with the row) and in the renewal time it carries."""
    session = Session.objects.get()
    Session.objects.update(expire_date=session.expire_date - timedelta(minutes=minutes))
    store = SessionStore(session.session_key)
    data = store.load()
    cached = data.get(RENEWED_KEY)
    remaining = SESSION_SECONDS - minutes * 60
    if remaining <= 0:
        cache.delete(store.cache_key)
    else:
        cache.set(store.cache_key, {**data, RENEWED_KEY: cached - minutes * 60}, remaining)


def test_an_idle_session_ends_and_each_request_renews_it(client, users, settings):
    assert settings.SESSION_COOKIE_AGE == SESSION_SECONDS
    client.force_login(users[Role.APPLICANT])
    assert client.get("/me/").status_code == 200
    session = Session.objects.get()
    assert session.expire_date > timezone.now() + timedelta(minutes=29)
    _idle(31)
    response = client.get("/me/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_unchanged_session_is_renewed_at_most_once_a_minute(client, users):
    client.force_login(users[Role.APPLICANT])
    renewed = Session.objects.get().expire_date
    with CaptureQueriesContext(connection) as queries:
        client.get("/me/")
    assert Session.objects.get().expire_date == renewed  # no write within the minute
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]  # cached
    # As if the last renewal were two minutes ago: the next request writes it again.
    _idle(2)
    client.get("/me/")
    assert Session.objects.get().expire_date >= renewed


def test_signing_out_ends_the_session_in_every_process(client, users):
    """The cache is shared (CACHE_URL); signing out deletes the row and the cached copy."""
    client.force_login(users[Role.APPLICANT])
    key = client.session.session_key
    assert client.get("/me/").status_code == 200
    client.post("/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert SessionStore(key).load() == {}


def test_password_reset_by_email_with_the_portals_templates(client, make_user):
    user = make_user(Role.APPLICANT, username="forgetful", email="forgetful@example.org")
    page = client.get("/password-reset/")
    assert page.status_code == 200 and "site-header" in page.content.decode()
    response = client.post("/password-reset/", {"email": "forgetful@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "工作居住证" in message.subject
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "Ne3-passphrase-2026"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert done.status_code == 200
    user.refresh_from_db()
    assert user.check_password(new)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post("/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and not mail.outbox


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        "VAR_DIR": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": "p" * 20 + "Kz8#qW2$vL9@xR4!mN6^tY1&bH3*cF7%",
        "ALLOWED_HOSTS": "permits.example.gov.cn",
        "SECURE_COOKIES": "true",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_password_reset_requests_are_limited_per_address_and_say_so(client, make_user):
    make_user(Role.APPLICANT, username="forgetful", email="forgetful@example.org")
    for _ in range(RESET_PER_EMAIL):
        response = client.post("/password-reset/", {"email": "Forgetful@example.org"})
        assert response.status_code == 302
    assert len(mail.outbox) == RESET_PER_EMAIL
    page = client.post("/password-reset/", {"email": "forgetful@example.org "})
    assert page.status_code == 200 and len(mail.outbox) == RESET_PER_EMAIL
    assert "密码重置请求过于频繁" in page.content.decode()
    assert page.context["form"].errors["email"]
    # Another address from the same computer is still within its limits.
    assert client.post("/password-reset/", {"email": "other@example.org"}).status_code == 302


def test_password_reset_requests_are_limited_per_client(client, db):
    for n in range(RESET_PER_CLIENT):
        response = client.post("/password-reset/", {"email": f"nobody{n}@example.org"})
        assert response.status_code == 302
    page = client.post("/password-reset/", {"email": "one-more@example.org"})
    assert page.status_code == 200 and "过于频繁" in page.content.decode()
