"""PR6 and PR7 in a real browser. A change of address from the holder to the zone's approval,
the permit's record changing only then; a child added to the dependants, and a child of 18
refused with the reason at the ID number. Screenshots under artifacts/."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from changes.models import PermitChange
from changes.tests.conftest import (  # noqa: F401  (fixtures)
    NEW_ADDRESS,
    applicant,
    associated,
    child_id,
    holder,
    permitted_unit,
    reference_data,
    reviewer,
    with_zone,
)
from tests.browser.test_new_permit_journey import fill, upload_all

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_pr6_address_change_from_holder_to_approval(
    browser,
    browser_context_args,
    page,
    live_server,
    holder,  # noqa: F811
    sign_in,
    screenshot,
    tmp_path,
):
    url = live_server.url
    person = holder()
    old_address = person.current_address

    def new_page():
        return browser.new_context(**browser_context_args).new_page()

    # The holder files the change: a new residential address with its proof.
    sign_in(page, person.user.username)
    page.goto(f"{url}/me/")
    expect(page.get_by_text("证件变更记录")).to_be_visible()
    page.goto(f"{url}/permits/me/changes/")
    screenshot(page, "01-holder-changes")
    page.get_by_role("button", name="证件基础信息变更").click()
    page.locator("details.change-part summary").first.click()  # the residence address
    fill(
        page,
        {
            "change_address": True,
            "current_address": NEW_ADDRESS,
            "residence__kind": "own_home",
            "residence__property_use": "residential",
            "residence__address": NEW_ADDRESS,
            "residence__owner_name": person.name,
            "residence__has_property_certificate": True,
        },
    )
    screenshot(page, "02-address-filled")
    page.get_by_role("button", name="保存变更内容").click()
    expect(page.get_by_text("已保存").first).to_be_visible()
    upload_all(page, tmp_path)
    screenshot(page, "03-proofs-uploaded")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "03b-at-375px")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="提交变更申请").click()
    expect(page.get_by_text("已提交单位").first).to_be_visible()
    person.refresh_from_db()
    assert person.current_address == old_address

    # The unit checks it and sends it with its opinion.
    hr = new_page()
    sign_in(hr, person.unit.staff_user.username)
    hr.goto(f"{url}/permits/unit/changes/")
    hr.get_by_role("link", name=f"{person.name} · 员工基础信息变更").click()
    expect(hr.locator("table.comparison").first).to_contain_text(NEW_ADDRESS)
    screenshot(hr, "04-unit-checks")
    hr.locator("#forward-comment").fill("已核对产权证书，情况属实。")
    hr.get_by_role("button", name="提交经开区").click()
    expect(hr.get_by_text("已提交经开区").first).to_be_visible()
    person.refresh_from_db()
    assert person.current_address == old_address

    # The zone approves; only now does the record change.
    zone = new_page()
    sign_in(zone, "zone-reviewer")
    zone.goto(f"{url}/review/changes/")
    screenshot(zone, "05-zone-queue")
    zone.get_by_role("link", name=person.name).click()
    screenshot(zone, "06-zone-case")
    zone.get_by_role("button", name="通过", exact=True).click()
    expect(zone.get_by_text("已通过").first).to_be_visible()
    person.refresh_from_db()
    assert person.current_address == NEW_ADDRESS

    # The holder sees the change in the permit's history.
    change = PermitChange.objects.get(holder=person)
    page.goto(f"{url}/me/")
    expect(page.get_by_role("link", name=f"案件 #{change.pk}")).to_be_visible()
    screenshot(page, "07-permit-history")


@pytest.mark.django_db(transaction=True)
def test_pr7_a_child_added_and_a_child_of_18_refused(
    page,
    live_server,
    holder,  # noqa: F811
    sign_in,
    screenshot,
    tmp_path,
):
    url = live_server.url
    person = holder()
    today = timezone.localdate()
    sign_in(page, person.user.username)
    page.goto(f"{url}/permits/me/changes/")
    page.get_by_role("button", name="证件业务信息变更（随往人员）").click()
    row = {
        "dependants-0-relation": "child",
        "dependants-0-name": "李小宝",
        "dependants-0-id_number": child_id(date(today.year - 18, 1, 1)),
        "dependants-0-in_school": True,
        "dependants-0-school": "河北省石家庄市第一中学",
        "dependants-0-register_province": "河北省",
    }
    fill(page, row)
    page.get_by_role("button", name="保存变更内容").click()
    error = page.locator("#id_dependants-0-id_number_error")
    expect(error).to_contain_text("已满 18 周岁")
    screenshot(page, "01-child-of-18-refused")

    fill(page, {"dependants-0-id_number": child_id(date(today.year - 6, 3, 1))})
    page.get_by_role("button", name="保存变更内容").click()
    expect(page.get_by_text("已保存").first).to_be_visible()
    expect(page.locator("table.comparison")).to_contain_text("新增")
    upload_all(page, tmp_path)
    screenshot(page, "02-child-added")
    page.get_by_role("button", name="提交变更申请").click()
    expect(page.get_by_text("已提交单位").first).to_be_visible()
    screenshot(page, "03-submitted")
    assert not person.dependants.exists()  # the record changes on approval only
