"""A renewal window opening, in a real browser (T2, docs/notices.md): the holder's permit
reaches the first day of its window, the deadline scan runs, the e-mails go out (in
Chinese, to the holder and the unit's staff); the holder signs in, sees the unread count in
the header, opens the inbox and follows the notice to the permit and its renewal dates; the
unit's staff sees the same notice and is led to the employee's record, where the renewal is
started. A screenshot of each page.

The holder, the unit and the 2027 calendar are made as in the other permit-life journeys
(their ``world`` fixture)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from notices import tasks
from notices.constants import NoticeKind
from notices.models import Notice
from notices.scans import registry, scan_run
from portal.models import User
from rules.engine.dates import add_months
from rules.engine.deadlines import renewal_opens
from tests.browser import test_permit_life_journeys as life_journeys

pytestmark = pytest.mark.browser
world = life_journeys.world


def expiry_whose_window_opens_today() -> int:
    """Days until an expiry whose renewal window (two calendar months before) opens today."""
    today = timezone.localdate()
    first = add_months(today, 2)
    for days in range(-3, 4):  # month ends shift the day by at most three
        if renewal_opens(first + timedelta(days=days)) == today:
            return (first + timedelta(days=days) - today).days
    raise AssertionError("no expiry two months ahead opens its window today")


@pytest.mark.django_db(transaction=True)
def test_renewal_window_opens_and_the_holder_and_unit_are_told(
    page, browser, browser_context_args, live_server, sign_in, screenshot, world
):
    url = live_server.url
    unit = world["unit"]("北京亦庄通知科技有限公司", "hr-notice")
    permit = world["holder"](
        unit, 24, "holder-notice", expires_in=expiry_whose_window_opens_today()
    )
    assert permit.renewal_opens_on == timezone.localdate()
    assert permit.renewal_last_day is not None
    User.objects.filter(username="holder-notice").update(email="holder@people.test")
    User.objects.filter(username="hr-notice").update(email="hr@unit.test")
    expires, last_day = permit.expires_on.isoformat(), permit.renewal_last_day.isoformat()

    # The scan finds the window opened today; the delivery task sends the e-mails.
    mail.outbox = []
    result = scan_run(registry()["t2_renewal_window_open"])
    assert (result.found, result.created) == (1, 2)
    tasks.deliver_pending()
    assert Notice.objects.filter(kind=NoticeKind.RENEWAL_WINDOW_OPEN).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["holder@people.test", "hr@unit.test"]
    holder_mail = next(m for m in mail.outbox if m.to == ["holder@people.test"])
    assert holder_mail.subject == f"工作居住证 {permit.number} 现可办理续签（{expires} 到期）"
    assert f"将于 {expires} 到期，现已可以提交续签申请" in holder_mail.body
    assert f"续签提交截止日为 {last_day}" in holder_mail.body
    assert f"/me/#permit-life-{permit.pk}" in holder_mail.body

    # The holder: the count in the header, the inbox, the notice's link to the permit.
    sign_in(page, "holder-notice")
    header = page.locator("a.notices-link")
    expect(header).to_contain_text("1 条未读")
    screenshot(page, "01-holder-home-with-unread-count")
    header.click()
    notice = page.locator("li.notice-unread")
    expect(notice).to_contain_text(f"工作居住证 {permit.number} 现可办理续签")
    expect(notice).to_contain_text("可办理续签")  # the kind
    screenshot(page, "02-holder-inbox")
    notice.get_by_role("button", name="打开").click()
    expect(page).to_have_url(f"{url}/me/#permit-life-{permit.pk}")
    panel = page.locator(f"section.permit-life:has(#permit-life-{permit.pk})")
    expect(panel).to_contain_text(permit.number)
    expect(panel).to_contain_text(last_day)
    expect(panel).to_contain_text("续签窗口已开启")
    expect(header).not_to_contain_text("未读")
    screenshot(page, "03-holder-permit-and-renewal-dates")

    # The unit's staff: the same notice, leading to the employee's record.
    staff = browser.new_context(**browser_context_args).new_page()
    sign_in(staff, "hr-notice")
    staff_header = staff.locator("a.notices-link")
    expect(staff_header).to_contain_text("1 条未读")
    staff_header.click()
    staff_notice = staff.locator("li.notice-unread")
    expect(staff_notice).to_contain_text(f"工作居住证 {permit.number} 现可办理续签")
    screenshot(staff, "04-unit-inbox")
    staff_notice.get_by_role("button", name="打开").click()
    association = permit.holder.associations.get(unit=unit)
    expect(staff).to_have_url(f"{url}/permits/unit/employees/{association.pk}/")
    expect(staff.locator(".permit-life")).to_contain_text(last_day)
    expect(staff.get_by_role("button", name="办理续签")).to_be_visible()
    screenshot(staff, "05-unit-employee-record")
