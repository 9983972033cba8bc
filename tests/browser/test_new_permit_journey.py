"""PR3 across three roles in a real browser: the applicant associates with the unit's code; the
unit accepts with the labour contract; the applicant submits; the unit returns one item; the
applicant uploads a new version and resubmits; the unit forwards; the zone approves; the
applicant sees the permit. The applicant fills the profile, the eligibility facts and the
materials through the pages first. A screenshot of each page is kept."""

import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from applicants.models import Applicant
from attachments.reference import load as seed_catalogue
from permits.services import unit_rotate_association_code
from permits.tests.conftest import resident_id
from portal.constants import Role
from rules.reference import load as seed_wage_table
from units.models import Quota, UnitPermission
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.browser


def png(tmp_path, name):
    path = tmp_path / f"{name}.png"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def upload_all(page, tmp_path) -> None:
    """Upload every proof the page asks for until, on a fully loaded page, none is missing.
    The panels are read after ``reload()`` (which waits for the page's load event), never from
    a page still arriving, and each upload waits for the page it leads to."""
    missing = page.locator(".material-panel:has(.material-missing)")
    for _attempt in range(3):
        page.reload()
        codes = [panel.get_attribute("id").removeprefix("material-") for panel in missing.all()]
        if not codes:
            return
        for code in codes:
            panel = page.locator(f"#material-{code}")
            panel.locator("input[type=file]").set_input_files(png(tmp_path, code))
            panel.get_by_role("button").filter(has_text="上传").click()
            expect(page.locator(f"#material-{code} .material-current")).to_be_visible()
            page.wait_for_load_state("load")
    expect(missing).to_have_count(0)


def fill(page, values: dict) -> None:
    for field, value in values.items():
        control = page.locator(f"#id_{field}")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        elif control.get_attribute("type") == "checkbox":
            control.set_checked(bool(value))
        else:
            control.fill(value)


def save(page, expect_text: str) -> None:
    page.locator("main").get_by_role("button", name="保存").first.click()
    expect(page.get_by_text(expect_text).first).to_be_visible()


def fill_profile(page, url, tmp_path, *, employer, screenshot) -> None:
    today = timezone.localdate()
    page.goto(f"{url}/me/profile/")
    fill(page, {"name": "旅程员工", "id_number": resident_id(7), "phone": "13800138000"})
    page.get_by_role("button", name="保存并继续").click()
    expect(page.locator("#id_register_type")).to_be_visible()
    fill(
        page,
        {
            "register_type": "family",
            "register_province": "河北省",
            "register_city": "石家庄市",
            "register_district": "长安区",
            "register_address": "建设北大街12号",
            "current_province": "北京市",
            "current_city": "北京市",
            "current_district": "大兴区",
            "current_address": "亦庄镇荣华南路15号院3号楼2单元501号",
            "marital_status": "unmarried",
            "graduation_school": "北京理工大学",
            "graduation_date": "2014-07-01",
            "final_diploma_issuer": "北京理工大学",
            "final_diploma_issued_on": "2014-07-01",
            "study_mode": "full_time",
            "degree": "bachelor",
            "degree_issued_on": "2014-07-01",
            "degree_certificate_number": "1000742014001234",
            "title_level": "none",
            "education-0-level": "senior_high",
            "education-0-school": "河北省石家庄市第一中学",
            "education-0-summary": "学习高中课程",
            "education-0-start_date": "2007-09-01",
            "education-0-end_date": "2010-06-30",
            "education-1-level": "bachelor",
            "education-1-school": "北京理工大学",
            "education-1-summary": "学习计算机科学与技术专业课程",
            "education-1-start_date": "2010-09-01",
            "education-1-end_date": "2014-07-01",
            "work-0-employer": "北京京南信息技术有限公司",
            "work-0-position": "软件工程师",
            "work-0-start_date": "2014-07-15",
            "work-0-end_date": "2019-12-31",
        },
    )
    screenshot(page, "00a-profile-filled")
    save(page, "个人信息已保存")

    page.goto(f"{url}/me/facts/")
    fill(
        page,
        {
            "talent_condition": "C1",
            "residence__kind": "residence_permit",
            "employer__name": employer,
            "monthly_taxable_income": "18000",
            "months_salary_paid": "6",
            "months_social_insurance": "6",
            "months_income_tax": "6",
            "work_experience_months": "72",
            "residence__address": "亦庄镇荣华南路15号院3号楼2单元501号",
            "residence__permit_expires_on": today.replace(year=today.year + 2).isoformat(),
        },
    )
    screenshot(page, "00b-facts-filled")
    save(page, "资格信息已保存")

    page.goto(f"{url}/me/materials/")
    upload_all(page, tmp_path)
    screenshot(page, "00c-materials-uploaded")


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
    make_user(Role.APPLICANT, username="journey-employee")

    def new_page():
        return browser.new_context(**browser_context_args).new_page()

    # The applicant fills the profile, the eligibility facts and the materials.
    sign_in(page, "journey-employee")
    screenshot(page, "00-applicant-first-visit")
    fill_profile(page, url, tmp_path, employer=unit.name, screenshot=screenshot)
    person = Applicant.objects.get(user__username="journey-employee")

    # The applicant associates with the unit's code.
    page.goto(f"{url}/me/")
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
    expect(page.locator("table.verdict")).to_contain_text("月应税收入")  # P5, in plain words
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
