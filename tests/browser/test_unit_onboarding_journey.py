"""Issue journey for PR1: a unit completes its profile, uploads U10, submits; a reviewer
returns one material with a reason; the unit replaces it and resubmits; the reviewer approves;
the unit sees its permission granted. A screenshot of each page is kept."""

import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from attachments.reference import load as seed_catalogue
from portal.constants import Role
from units.constants import UNIT_MATERIAL_CODES
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.browser


def png(tmp_path, name):
    path = tmp_path / f"{name}.png"
    image = Image.new("RGB", (300, 200), "white")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


PROFILE = {
    "entity_type": ("select", "enterprise_legal_person"),
    "registered_on": ("fill", "2020-03-01"),
    "established_on": ("fill", "2020-03-01"),
    "registered_capital": ("fill", "5000000"),
    "industry": ("fill", "集成电路"),
    "business_scope": ("fill", "集成电路设计、技术开发"),
    "previous_year_zone_tax": ("fill", "360000"),
    "zone_tax_months": ("fill", "40"),
    "operator_name": ("fill", "王经办"),
    "operator_id_number": ("fill", "11010519491231002X"),
    "operator_phone": ("fill", "13800138000"),
}


def upload(page, tmp_path, code, *, date=None):
    panel = page.locator(f"#material-{code}")
    panel.locator("input[type=file]").set_input_files(png(tmp_path, code))
    if date:
        panel.locator("input[name=document_date]").fill(date)
    before = panel.locator(".material-history li").count()
    panel.get_by_role("button").filter(has_text="上传").click()
    expect(page.locator(f"#material-{code} .material-current")).to_be_visible()
    return before


@pytest.mark.django_db(transaction=True)
def test_unit_gets_business_permission_after_a_return(
    browser, browser_context_args, page, live_server, make_user, sign_in, screenshot, tmp_path
):
    seed_catalogue()
    unit = UnitFactory(name="北京亦庄旅程科技有限公司")
    make_user(Role.UNIT_STAFF, unit=unit, username="journey-hr")
    make_user(Role.REVIEWER, username="journey-reviewer")
    url = live_server.url
    today = timezone.localdate().isoformat()

    # The unit completes its profile.
    sign_in(page, "journey-hr")
    expect(page.get_by_text("尚未开通业务权限").first).to_be_visible()
    screenshot(page, "01-unit-home")
    page.goto(f"{url}/unit/profile/")
    for field, (how, value) in PROFILE.items():
        control = page.locator(f"#id_{field}")
        control.select_option(value) if how == "select" else control.fill(value)
    screenshot(page, "02-profile-filled")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("单位信息已保存")).to_be_visible()

    # Uploads U10 (a)–(e); the tax certificate carries its date (T6).
    page.goto(f"{url}/unit/materials/")
    for code in UNIT_MATERIAL_CODES:
        upload(page, tmp_path, code, date=today if code == "U10c" else None)
    screenshot(page, "03-materials-uploaded")

    # Sees the verdict and submits.
    page.goto(f"{url}/unit/apply/permission/")
    expect(page.locator("table.verdict")).to_contain_text("注册资本")  # U3, in plain words
    screenshot(page, "04-eligibility")
    page.get_by_role("button", name="开始申请").click()
    page.get_by_role("button", name="提交经开区审核").click()
    expect(page.get_by_text("已提交")).to_be_visible()
    screenshot(page, "05-submitted")
    case_url = page.url

    # The reviewer returns one material with a reason.
    reviewer = browser.new_context(**browser_context_args)
    rpage = reviewer.new_page()
    sign_in(rpage, "journey-reviewer")
    expect(rpage.get_by_role("link", name="北京亦庄旅程科技有限公司")).to_be_visible()
    screenshot(rpage, "06-review-queue")
    rpage.get_by_role("link", name="北京亦庄旅程科技有限公司").click()
    screenshot(rpage, "07-review-case")
    rpage.get_by_text("退回单位", exact=True).click()
    rpage.locator("#id_return-reason_U10d").fill("诚信声明缺少法定代表人签字，请重新上传")
    rpage.get_by_role("button", name="退回", exact=True).click()
    expect(rpage.get_by_text("已连同退回原因退回单位")).to_be_visible()
    screenshot(rpage, "08-returned")

    # The unit sees the reason, replaces the material and resubmits.
    page.goto(case_url)
    expect(page.get_by_text("诚信声明缺少法定代表人签字")).to_be_visible()
    screenshot(page, "09-unit-sees-return")
    page.goto(f"{url}/unit/materials/")
    upload(page, tmp_path, "U10d")
    expect(page.locator("#material-U10d .material-history")).to_be_visible()
    page.goto(case_url)
    page.get_by_role("button", name="提交经开区审核").click()
    expect(page.get_by_text("已提交")).to_be_visible()

    # The reviewer sees both versions and approves.
    rpage.reload()
    expect(rpage.locator(".versions").get_by_text("v2")).to_be_visible()
    expect(rpage.locator(".versions").get_by_text("v1").first).to_be_visible()
    rpage.get_by_role("button", name="通过", exact=True).click()
    expect(rpage.get_by_text("已审核通过")).to_be_visible()
    screenshot(rpage, "10-approved")
    reviewer.close()

    # The unit sees its permission granted.
    page.goto(f"{url}/unit/")
    expect(page.get_by_text("已开通业务权限")).to_be_visible()
    screenshot(page, "11-permission-granted")
