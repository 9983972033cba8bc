"""The applicant's pages in a real browser at 375 px: no sideways scrolling, and the
profile form's errors reachable by keyboard from the summary at the top."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_applicant_pages_at_375px_and_by_keyboard(page, live_server, complete, sign_in, screenshot):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, complete.user.username)
    expect(page).not_to_have_url(re.compile(r".*/login/.*"))
    for name in ("home", "profile", "facts", "materials", "eligibility"):
        page.goto(live_server.url + reverse(f"applicants:{name}"))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, name
        screenshot(page, f"{name}-375px")

    page.goto(live_server.url + reverse("applicants:profile"))
    page.locator("#id_current_address").fill("荣华南路某小区")
    page.get_by_role("button", name="保存", exact=True).focus()
    page.keyboard.press("Enter")
    summary = page.get_by_role("link", name="现居住地", exact=True)  # section titles in plain words
    expect(summary).to_be_visible()
    expect(page.locator("#id_current_address")).to_have_value("荣华南路某小区")
    expect(page.get_by_text("现居住地未注明门牌号码")).to_be_visible()
    summary.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r".*#section-address$"))
    screenshot(page, "profile-error-375px")
