"""The statistics page in a real browser: a reviewer opens it from the menu, filters by
keyboard, reads it at 375 px and in English. Screenshots are kept under artifacts/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.constants import Role
from units.constants import UnitCaseState
from units.models import UnitCase
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.browser


def seed_cases() -> None:
    now = timezone.now()
    units = [UnitFactory(name=f"北京亦庄统计示范有限公司{i}") for i in range(4)]
    for i in range(60):
        received = now - timedelta(days=5 + 6 * i)
        UnitCase.objects.create(
            unit=units[i % 4],
            kind="PR1" if i % 3 else "PR2",
            state=UnitCaseState.APPROVED if i % 5 else UnitCaseState.REJECTED,
            received_at=received,
            due_on=timezone.localdate(received) + timedelta(days=14),
            decided_at=received + timedelta(days=4 + i % 17),
        )


@pytest.mark.django_db(transaction=True)
def test_reviewer_reads_the_statistics_by_keyboard_at_any_width(
    page, live_server, users, sign_in, screenshot
):
    seed_cases()
    sign_in(page, users[Role.REVIEWER].username)
    page.get_by_role("link", name="统计").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("经开区统计")
    expect(page.get_by_role("img", name="各月受理业务量（按业务类型）")).to_be_visible()
    expect(page.get_by_role("table", name="各月受理业务量（按业务类型）")).to_be_visible()
    screenshot(page, "statistics")

    # Filter by keyboard: choose the process and submit with Enter.
    page.locator("#id_process").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="显示").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/review/statistics/?*process=PR*")
    expect(page.get_by_role("heading", level=1)).to_have_text("经开区统计")

    page.set_viewport_size({"width": 375, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "statistics-375px")

    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zone statistics")
    screenshot(page, "statistics-english")
