"""First journey: each role signs in through the real page and lands on its own home."""

import pytest
from playwright.sync_api import expect

from portal.constants import Role

pytestmark = pytest.mark.browser

LANDING = {
    Role.UNIT_STAFF: ("/unit/", "单位首页"),
    Role.APPLICANT: ("/me/", "我的首页"),
    Role.REVIEWER: ("/review/", "审核队列"),
    Role.ADMINISTRATOR: ("/manage/", "系统管理"),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_lands_on_its_home(
    page, live_server, users, sign_in, screenshot, role
):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    sign_in(page, users[role].username)
    path, heading = LANDING[role]
    expect(page).to_have_url(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    screenshot(page, f"home-{role.value}")


@pytest.mark.django_db(transaction=True)
def test_home_works_at_375px_and_by_keyboard(page, live_server, users, sign_in, screenshot):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, users[Role.APPLICANT].username)
    expect(page).to_have_url(f"{live_server.url}/me/")
    # Nothing is wider than the screen.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # The first Tab reaches the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到正文")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/me/#main")
    screenshot(page, "home-375px")


@pytest.mark.django_db(transaction=True)
def test_language_switches_to_english(page, live_server, users, sign_in):
    sign_in(page, users[Role.REVIEWER].username)
    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
