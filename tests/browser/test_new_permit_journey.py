"""PR3 across three roles in a real browser: the applicant associates with the unit's code; the
unit accepts with the labour contract; the applicant submits; the unit returns one item; the
applicant uploads a new version and resubmits; the unit forwards; the zone approves; the
applicant sees the permit. A screenshot of each page is kept.

The applicant's profile and facts are prepared by `make_complete_applicant` (filling the long
profile form page by page in a browser is the applicants app's own browser test)."""

import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from applicants.demo import make_complete_applicant
from attachments.demo import seed as seed_catalogue
from permits.services import unit_rotate_association_code
from permits.tests.conftest import resident_id
from portal.constants import Role
from rules.demo import seed as seed_wage_table
from units.models import Quota, UnitPermission
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.browser


def png(tmp_path, name):
    path = tmp_path / f"{name}.png"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


@pytest.mark.django_db(transaction=True)
def test_new_permit_from_association_to_issued_permit(
    browser, browser_context_args, page, live_server, make_user, sign_in, screenshot, tmp_path
):
    seed_catalogue()
    seed_wage_table()
    url = live_server.url
    unit = UnitFactory(complete=True, name="北京亦庄旅程科技有限公司")
    UnitPermission.objects.create(unit=unit)
    Quota.objects.create(
        unit=unit,
        granted=2,
        expires_on=timezone.localdate().replace(year=timezone.localdate().year + 1),
    )
    make_user(Role.UNIT_STAFF, unit=unit, username="journey-hr")
    make_user(Role.REVIEWER, username="journey-reviewer")
    code = unit_rotate_association_code(unit=unit)
    person = make_complete_applicant(
        user=make_user(Role.APPLICANT, username="journey-employee"),
        name="旅程员工",
        id_number=resident_id(7),
        employer_name=unit.name,
    )

    def new_page():
        return browser.new_context(**browser_context_args).new_page()

    # The applicant associates with the unit's code.
    sign_in(page, "journey-employee")
    screenshot(page, "01-applicant-home")
    page.goto(f"{url}/permits/me/associate/")
    page.locator("#id_code").fill(code.lower())
    page.get_by_role("button", name="申请关联").click()
    expect(page.get_by_text("待单位确认").first).to_be_visible()
    screenshot(page, "02-association-requested")

    # The unit accepts with the labour contract.
    hr = new_page()
    sign_in(hr, "journey-hr")
    hr.goto(f"{url}/permits/unit/employees/")
    expect(hr.get_by_text(code)).to_be_visible()
    screenshot(hr, "03-unit-employees")
    hr.get_by_role("link", name="通过或不通过").click()
    hr.locator("#id_accept-start_date").fill("2024-07-01")
    hr.locator("#id_accept-end_date").fill("2029-06-30")
    hr.locator("#id_accept-work_location").fill("北京市北京经济技术开发区")
    hr.locator("#id_accept-position").fill("工程师")
    hr.locator("#id_accept-contract_file").set_input_files(png(tmp_path, "contract"))
    screenshot(hr, "04-contract-entered")
    hr.get_by_role("button", name="通过", exact=True).click()
    expect(hr.get_by_text("旅程员工 已与本单位关联")).to_be_visible()

    # The applicant starts and submits the application.
    page.goto(f"{url}/permits/me/application/")
    page.get_by_role("button", name="开始申请").click()
    expect(page.locator("table.verdict")).to_contain_text("P5")
    screenshot(page, "05-application-ready")
    page.get_by_role("button", name="提交单位审核").click()
    expect(page.get_by_text("已提交单位")).to_be_visible()

    # The unit returns one item with a reason.
    hr.goto(f"{url}/permits/unit/employees/")
    hr.get_by_role("link", name="旅程员工").click()
    screenshot(hr, "06-unit-checks")
    hr.get_by_text("退回个人", exact=True).first.click()
    hr.locator("#id_return-reason_M5").fill("诚信声明缺少单位公章")
    hr.get_by_role("button", name="退回个人").click()
    expect(hr.get_by_text("已连同退回原因退回个人")).to_be_visible()

    # The applicant sees the reason, uploads a new version and resubmits.
    page.goto(f"{url}/permits/me/application/")
    expect(page.get_by_text("诚信声明缺少单位公章").first).to_be_visible()
    screenshot(page, "07-returned-to-applicant")
    page.goto(f"{url}/me/materials/")
    panel = page.locator("#material-M5")
    panel.locator("input[type=file]").set_input_files(png(tmp_path, "integrity"))
    panel.get_by_role("button").filter(has_text="上传").click()
    expect(page.locator("#material-M5 .material-history")).to_be_visible()
    screenshot(page, "08-new-version")
    page.goto(f"{url}/permits/me/application/")
    page.get_by_role("button", name="提交单位审核").click()
    expect(page.get_by_text("已提交单位")).to_be_visible()

    # The unit forwards to the zone.
    hr.goto(f"{url}/permits/unit/employees/")
    hr.get_by_role("link", name="旅程员工").click()
    hr.get_by_role("button", name="提交经开区").click()
    expect(hr.get_by_text("已提交经开区")).to_be_visible()

    # The zone approves.
    zone = new_page()
    sign_in(zone, "journey-reviewer")
    zone.goto(f"{url}/review/permits/")
    screenshot(zone, "09-zone-queue")
    zone.get_by_role("link", name="旅程员工").click()
    screenshot(zone, "10-zone-case")
    zone.get_by_role("button", name="通过", exact=True).click()
    expect(zone.get_by_text("已通过，证件编号")).to_be_visible()

    # The applicant sees the permit.
    page.goto(f"{url}/me/")
    expect(page.get_by_text("JKGJ-")).to_be_visible()
    screenshot(page, "11-permit-issued")
    assert person.permits.count() == 1
