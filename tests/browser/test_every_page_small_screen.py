"""Every page a person reaches by following links, at 375 px wide and by keyboard.

The demo data is loaded, each role signs in and follows every link of the portal's own pages
(breadth first, HTML pages only: files, PDFs and exports are downloads, the Django admin is
Django's own). On each page: nothing scrolls sideways at 375 px; the "skip to content" link is
the keyboard's first stop and Enter on it moves the focus to the main content; no positive
``tabindex`` reorders the keyboard's path; every visible form control has a name a screen
reader reads (a label, ``aria-label`` or ``aria-labelledby``). Screenshots under artifacts/.
"""

from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from portal.models import User
from tests.conftest import files_under, seed_demo

pytestmark = pytest.mark.browser

PASSWORD = "Passw0rd!2026"
# Links not followed: leaving the session, Django's admin, files and downloads.
SKIPPED_PREFIXES = ("/logout", "/admin/", "/static/", "/media/", "/i18n/")
MAX_PAGES_PER_ROLE = 60

UNNAMED_CONTROLS = """() => Array.from(document.querySelectorAll(
    'main input:not([type=hidden]):not([type=submit]):not([type=button]),'
    + 'main select, main textarea')).filter(el => el.offsetParent !== null)
    .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                  && !el.getAttribute('aria-labelledby') && !el.getAttribute('title'))
    .map(el => el.name || el.id || el.outerHTML.slice(0, 80))"""

# The innermost elements whose content is wider than their box (and not a scroll container),
# to say what makes the page scroll sideways.
TOO_WIDE = """() => {
    const spills = el => el.scrollWidth > el.clientWidth + 1
      && !['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX);
    const all = Array.from(document.querySelectorAll('body *')).filter(spills);
    return all.filter(el => !all.some(other => other !== el && el.contains(other)))
      .slice(0, 4).map(el => el.tagName.toLowerCase()
        + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
        + ' «' + el.textContent.trim().slice(0, 30) + '»');
}"""

FIRST_TABBABLE_IS_SKIP_LINK = """() => {
    const tabbable = document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]');
    const first = Array.from(tabbable).find(el => el.tabIndex >= 0 && !el.disabled);
    return !!first && first.classList.contains('skip-link');
}"""

LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
    .map(a => a.getAttribute('href'))"""


def _crawl(page, base: str, start: str) -> list[tuple[str, list[str]]]:
    """Visit the HTML pages reachable from ``start``; return each path with its problems."""
    seen, queue, report, reported = {start}, [start], [], set()
    while queue and len(report) < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        head = page.request.get(base + path)
        if head.status != 200 or "text/html" not in head.headers.get("content-type", ""):
            continue
        page.goto(base + path)
        parts = urlsplit(page.url)
        landed = parts.path + (f"?{parts.query}" if parts.query else "")
        if landed in reported:
            continue  # a redirect to a page already seen
        reported.add(landed)
        report.append((landed, _problems(page)))
        for href in page.evaluate(LINKS):
            link = urldefrag(href)[0]
            if not link.startswith("/") or link.startswith("//"):
                continue
            if link.startswith(SKIPPED_PREFIXES) or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    return report


def _problems(page) -> list[str]:
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        wide = page.evaluate(TOO_WIDE)
        problems.append(f"scrolls sideways by {overflow}px at 375px: {wide}")
    unnamed = page.evaluate(UNNAMED_CONTROLS)
    if unnamed:
        problems.append(f"form controls without a name: {unnamed}")
    if page.locator("[tabindex]:not([tabindex='0']):not([tabindex='-1'])").count():
        problems.append("a positive tabindex reorders the keyboard's path")
    if not page.evaluate(FIRST_TABBABLE_IS_SKIP_LINK):
        problems.append("the skip link is not the first stop of the keyboard")
    else:
        page.locator(".skip-link").focus()
        page.keyboard.press("Enter")
        if not page.evaluate("document.activeElement && document.activeElement.id === 'main'"):
            problems.append("the skip link does not move the focus to the main content")
    return problems


@pytest.mark.django_db(transaction=True)
def test_every_page_at_375px_and_by_keyboard(page, live_server, sign_in, screenshot, tmp_path):
    with override_settings(STORAGES=files_under(tmp_path)):
        seed_demo(tmp_path)
        for user in User.objects.filter(username__in=["applicant", "unit", "reviewer"]):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])

        page.set_viewport_size({"width": 375, "height": 740})
        reports = {"anonymous": _crawl(page, live_server.url, "/login/")}
        for username in ("applicant", "unit", "reviewer"):
            page.context.clear_cookies()
            sign_in(page, username, PASSWORD)
            expect(page.locator("main")).to_be_visible()
            reports[username] = _crawl(page, live_server.url, "/")
            screenshot(page, f"{username}-last-page-375px")

    visited = {role: len(pages) for role, pages in reports.items()}
    assert all(count >= 3 for count in visited.values()), visited
    failures = [
        f"{role} {path}: {problem}"
        for role, pages in reports.items()
        for path, problems in pages
        for problem in problems
    ]
    assert not failures, "\n".join(failures)
