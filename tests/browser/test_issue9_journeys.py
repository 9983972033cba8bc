"""PR1–PR3 as people use them, in Chromium and in Chinese: a zone return on the labour
contract (M7) fixed by the unit and approved; a holder's second application refused with a
clear message; the unit profile saved again unchanged; a reviewer finding a case by the
applicant's ID number. The state before each journey is set up through the services; the
steps people take go through the pages. A screenshot of each page is kept."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from applicants.demo import make_complete_applicant
from attachments.reference import load as seed_catalogue
from permits import services
from permits.models import Permit
from permits.tests.conftest import contract_data, resident_id
from portal.constants import Role
from rules.reference import load as seed_wage_table
from units.models import Quota, UnitPermission
from units.tests.factories import UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png(tmp_path, name):
    path = tmp_path / f"{name}.png"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


@pytest.fixture
def world(make_user):
    """A permitted unit with quota, its HR user, a reviewer, and a way to bring an employee's
    application to the zone."""
    seed_catalogue()
    seed_wage_table()
    unit = UnitFactory(complete=True, name="北京亦庄九号科技有限公司")
    UnitPermission.objects.create(unit=unit)
    Quota.objects.create(
        unit=unit, granted=3, expires_on=timezone.localdate() + timedelta(days=365)
    )
    hr = make_user(Role.UNIT_STAFF, unit=unit, username="hr9")
    reviewer = make_user(Role.REVIEWER, username="reviewer9")
    services.unit_rotate_association_code(unit=unit)

    def to_zone(serial: int, name: str):
        user = make_user(Role.APPLICANT, username=f"employee9-{serial}")
        person = make_complete_applicant(
            user=user, name=name, id_number=resident_id(serial), employer_name=unit.name
        )
        association = services.association_request(applicant=person, code=unit.association_code)
        services.association_accept(association=association, by=hr, **contract_data(unit))
        application = services.application_open(applicant=person)
        application = services.application_submit(application=application, by=user)
        return services.application_forward(application=application, by=hr, comment="已逐项核对。")

    return {"unit": unit, "hr": hr, "reviewer": reviewer, "to_zone": to_zone}


def test_zone_return_on_m7_fixed_by_the_unit_and_approved(
    browser, browser_context_args, page, live_server, world, sign_in, screenshot, tmp_path
):
    application = world["to_zone"](91, "九号员工")
    url = live_server.url

    # The reviewer returns the case with a reason on the labour contract.
    sign_in(page, "reviewer9")
    page.goto(f"{url}/review/permits/{application.pk}/")
    screenshot(page, "01-zone-case-with-submitted-record")
    expect(page.get_by_text("申请人提交的信息")).to_be_visible()
    expect(page.locator(".unit-opinion")).to_contain_text("已逐项核对。")
    page.get_by_text("退回单位", exact=True).click()
    page.locator("#id_return-reason_M7").fill("劳动合同签字页不清晰，请重新上传")
    page.get_by_role("button", name="退回", exact=True).click()
    expect(page.get_by_text("已连同退回原因退回单位")).to_be_visible()

    # The unit sees what to fix at the top, uploads a new contract scan there, forwards.
    hr = browser.new_context(**browser_context_args).new_page()
    sign_in(hr, "hr9")
    hr.goto(f"{url}/permits/unit/applications/{application.pk}/")
    fix = hr.locator(".return-reasons")
    expect(fix).to_contain_text("劳动合同签字页不清晰，请重新上传")
    screenshot(hr, "02-unit-sees-what-to-fix")
    panel = fix.locator("#material-M7")
    panel.locator("input[type=file]").set_input_files(png(tmp_path, "contract-v2"))
    panel.get_by_role("button", name="上传新版本").click()
    expect(hr.locator("#material-M7 .material-history")).to_be_visible()
    screenshot(hr, "03-new-contract-version")
    hr.locator("#forward-comment").fill("已重新上传清晰的劳动合同签字页。")
    hr.get_by_role("button", name="提交经开区").click()
    expect(hr.get_by_text("已提交经开区")).to_be_visible()
    expect(hr.locator(".return-reasons")).to_have_count(0)

    # The reviewer sees the opinion and approves.
    page.goto(f"{url}/review/permits/{application.pk}/")
    expect(page.locator(".unit-opinion")).to_contain_text("已重新上传清晰的劳动合同签字页。")
    page.get_by_role("button", name="通过", exact=True).click()
    expect(page.get_by_text("已通过，证件编号")).to_be_visible()
    expect(page.get_by_text("办结，用时")).to_be_visible()
    screenshot(page, "04-approved")
    assert Permit.objects.filter(holder=application.applicant).count() == 1


def test_holder_second_application_refused_with_a_clear_message(
    page, live_server, world, sign_in, screenshot
):
    application = world["to_zone"](92, "持证员工")
    services.application_approve(application=application, by=world["reviewer"])
    url = live_server.url
    sign_in(page, "employee9-92")
    page.goto(f"{url}/me/")
    expect(page.get_by_text("您已持有有效的工作居住证，不能再新办申请。")).to_be_visible()
    screenshot(page, "01-holder-home")
    page.goto(f"{url}/permits/me/application/")
    expect(page.get_by_text("已持有有效的工作居住证").first).to_be_visible()
    expect(page.get_by_role("button", name="开始申请")).to_have_count(0)
    screenshot(page, "02-no-second-application")
    assert Permit.objects.filter(holder=application.applicant).count() == 1


def test_unit_profile_saved_again_unchanged_in_chinese(
    page, live_server, world, sign_in, screenshot
):
    sign_in(page, "hr9")
    page.goto(f"{live_server.url}/unit/profile/")
    established = page.locator("#id_established_on")
    expect(established).not_to_have_value("")
    screenshot(page, "01-profile-as-stored")
    page.locator("main").get_by_role("button", name="保存").click()
    expect(page.get_by_text("单位信息已保存")).to_be_visible()
    expect(page.get_by_text("这个字段是必填项")).to_have_count(0)
    screenshot(page, "02-saved")


def test_reviewer_finds_a_case_by_id_number(page, live_server, world, sign_in, screenshot):
    wanted = world["to_zone"](93, "要找的人")
    world["to_zone"](94, "别的人")
    sign_in(page, "reviewer9")
    page.goto(f"{live_server.url}/review/permits/")
    page.locator("#id_q").fill(wanted.applicant.id_number)
    screenshot(page, "01-search")
    page.get_by_role("button", name="搜索").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("要找的人")
    screenshot(page, "02-found")
    rows.first.get_by_role("link", name="要找的人").click()
    expect(page.get_by_role("heading", name="新办 · 要找的人")).to_be_visible()
