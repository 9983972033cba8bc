"""The permit's life in a real browser (PR4, PR5, T2, T4), a screenshot of each page:

1. a renewal from the window to the extended permit: the unit updates the contract (更新合同),
   imports the 36 months from its spreadsheet beside the screenshot, submits with its opinion;
   the zone approves; the holder sees the same number with the new expiry;
2. a leaver released by the old unit and taken on by another, through the employer change to
   the re-pointed permit;
3. a renewal submitted after the last day, refused with the dates.

Data before the journeys is made through the services; 2027's holiday calendar is imported
from the test fixture so that the dates are computable whichever day the suite runs."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image
from playwright.sync_api import expect

from applicants.demo import make_complete_applicant
from attachments.reference import load as seed_catalogue
from permits import life, services
from permits.models import LabourContract, Permit, PermitPeriod
from permits.tests.conftest import resident_id, scan
from portal.constants import Role
from rules.reference import load as seed_wage_table
from rules.services import calendar_import
from rules.tables import load_calendar
from units.models import Quota, UnitPermission
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.browser
FIXTURE_2027 = Path(__file__).resolve().parents[1] / "holidays_2027_fixture.txt"


def png(tmp_path, name):
    path = tmp_path / f"{name}.png"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


@pytest.fixture
def world(db, make_user):
    seed_catalogue()
    seed_wage_table()
    if not load_calendar().covers(2027):
        calendar_import(year=2027, text=FIXTURE_2027.read_text("utf-8"), source="fixture")
    reviewer = make_user(Role.REVIEWER, username="reviewer11")

    def unit(name: str, username: str):
        u = UnitFactory(complete=True, name=name)
        UnitPermission.objects.create(unit=u)
        Quota.objects.create(
            unit=u, granted=5, expires_on=timezone.localdate() + timedelta(days=365)
        )
        u.staff_user = make_user(Role.UNIT_STAFF, unit=u, username=username)
        services.unit_rotate_association_code(unit=u)
        return u

    def holder(u, serial: int, username: str, *, expires_in: int) -> Permit:
        """A holder with a valid permit at ``u`` expiring in ``expires_in`` days, and three
        years of contracts with ``u`` behind it (PR4's continuity)."""
        user = make_user(Role.APPLICANT, username=username)
        person = make_complete_applicant(
            user=user, name=f"续证{serial}", id_number=resident_id(serial), employer_name=u.name
        )
        today = timezone.localdate()
        association = services.association_request(applicant=person, code=u.association_code)
        services.association_accept(
            association=association,
            by=u.staff_user,
            party_a=u.name,
            start_date=today - timedelta(days=300),
            end_date=today + timedelta(days=700),
            work_location="北京市北京经济技术开发区",
            position="工程师",
            contract_file=scan(),
        )
        first = association.contracts.get()
        LabourContract.objects.create(
            association=association,
            party_a=u.name,
            start_date=date(2020, 1, 1),
            end_date=first.start_date - timedelta(days=1),
            position="工程师",
            created_by=u.staff_user,
            created_at=first.created_at - timedelta(days=300),
        )
        application = services.application_open(applicant=person)
        application = services.application_submit(application=application, by=user)
        application = services.application_forward(application=application, by=u.staff_user)
        permit = services.application_approve(application=application, by=reviewer)
        expires_on = today + timedelta(days=expires_in)
        issued_on = expires_on.replace(year=expires_on.year - 3) + timedelta(days=1)
        Permit.objects.filter(pk=permit.pk).update(
            issued_on=issued_on,
            expires_on=expires_on,
            **life.renewal_dates(expires_on, load_calendar()).as_fields(),
        )
        PermitPeriod.objects.filter(permit=permit).update(starts_on=issued_on, ends_on=expires_on)
        permit.refresh_from_db()
        return permit

    return {"unit": unit, "holder": holder, "reviewer": reviewer}


def _months_xlsx(tmp_path, unit_name: str) -> str:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["月份", "社保缴纳单位", "个税扣缴单位"])
    first = timezone.localdate().replace(day=1)
    for back in range(36, 0, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        sheet.append([f"{year}-{month + 1:02d}", unit_name, unit_name])
    path = tmp_path / "months.xlsx"
    workbook.save(path)
    return str(path)


@pytest.mark.django_db(transaction=True)
def test_renewal_from_the_window_to_the_extended_permit(
    page, browser, browser_context_args, live_server, sign_in, screenshot, world, tmp_path
):
    url = live_server.url
    unit = world["unit"]("北京亦庄续签科技有限公司", "hr-renew")
    permit = world["holder"](unit, 21, "holder-renew", expires_in=50)
    old_expiry = permit.expires_on

    sign_in(page, "hr-renew")
    page.goto(f"{url}/permits/unit/employees/")
    expect(page.locator("table.employees")).to_contain_text(permit.number)
    screenshot(page, "01-employee-list-with-window")
    page.locator("table.employees").get_by_role("link", name="查看").click()
    expect(page.locator(".permit-life")).to_contain_text(permit.renewal_last_day.isoformat())
    screenshot(page, "02-employee-record")

    page.get_by_role("link", name="更新合同").click()
    today = timezone.localdate()
    page.fill("#id_party_a", unit.name)
    page.fill("#id_start_date", (today - timedelta(days=5)).isoformat())
    page.fill("#id_end_date", (today + timedelta(days=1200)).isoformat())
    page.fill("#id_position", "高级工程师")
    page.set_input_files("#id_contract_file", png(tmp_path, "contract-new"))
    page.get_by_role("button", name="保存合同").click()
    expect(page.get_by_text("已保存最新劳动合同")).to_be_visible()
    expect(page.get_by_text("高级工程师").first).to_be_visible()
    screenshot(page, "03-contract-updated")

    page.get_by_role("button", name="办理续签").click()
    page.set_input_files("#id_spreadsheet", _months_xlsx(tmp_path, unit.name))
    page.get_by_role("button", name="读取表格").click()
    expect(page.get_by_text("已从文件读取 36 个月")).to_be_visible()
    panel = page.locator("#material-PR4-income")
    panel.locator("input[type=file]").set_input_files(png(tmp_path, "withholding"))
    panel.get_by_role("button").filter(has_text="上传").click()
    expect(page.locator("#material-PR4-income .material-current")).to_be_visible()
    screenshot(page, "04-renewal-months-and-screenshot")
    page.fill("#id_opinion", "已核对近36个月个人扣缴明细及最新劳动合同，情况属实。")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_text("已提交经开区审核")).to_be_visible()
    screenshot(page, "05-renewal-submitted")

    reviewer = browser.new_context(**browser_context_args).new_page()
    sign_in(reviewer, "reviewer11")
    reviewer.goto(f"{url}/review/permit-cases/")
    reviewer.get_by_role("link", name=permit.holder.name).click()
    expect(reviewer.get_by_text("已核对近36个月个人扣缴明细").first).to_be_visible()
    screenshot(reviewer, "06-zone-renewal-case")
    reviewer.locator(".decisions").get_by_role("button", name="通过").click()
    permit.refresh_from_db()
    assert permit.expires_on > old_expiry
    expect(reviewer.get_by_text(permit.expires_on.isoformat()).first).to_be_visible()
    screenshot(reviewer, "07-zone-approved")

    holder = browser.new_context(**browser_context_args).new_page()
    sign_in(holder, "holder-renew")
    holder.goto(f"{url}/me/")
    panel = holder.locator(".permit-life")
    expect(panel).to_contain_text(permit.number)
    expect(panel).to_contain_text(permit.expires_on.isoformat())
    holder.get_by_text("证件历史").click()
    expect(panel).to_contain_text("续签")
    screenshot(holder, "08-holder-sees-extended-permit")


@pytest.mark.django_db(transaction=True)
def test_leaver_released_and_taken_on_through_to_the_repointed_permit(
    page, browser, browser_context_args, live_server, sign_in, screenshot, world, tmp_path
):
    url = live_server.url
    old = world["unit"]("北京亦庄原单位有限公司", "hr-old")
    new = world["unit"]("北京亦庄新单位有限公司", "hr-new")
    permit = world["holder"](old, 22, "holder-move", expires_in=600)
    person = permit.holder
    today = timezone.localdate()
    contract = person.associations.get().current_contract
    LabourContract.objects.filter(pk=contract.pk).update(end_date=today - timedelta(days=2))

    sign_in(page, "hr-old")
    page.goto(f"{url}/permits/unit/employees/")
    expect(page.locator("table.employees")).to_contain_text("3 天内解除关联")
    screenshot(page, "01-old-unit-list-release-due")
    page.locator("table.employees").get_by_role("link", name="查看").click()
    page.get_by_role("link", name="解除关联").click()
    page.fill("#id_name", person.name)
    page.fill("#id_id_number", person.id_number)
    page.fill("#id_left_on", (today - timedelta(days=2)).isoformat())
    page.set_input_files("#id_resignation_file", png(tmp_path, "resignation"))
    screenshot(page, "02-release-form")
    page.get_by_role("button", name="解除关联").click()
    expect(page.get_by_text(f"已解除与{person.name}的关联")).to_be_visible()

    holder = browser.new_context(**browser_context_args).new_page()
    sign_in(holder, "holder-move")
    holder.goto(f"{url}/permits/me/associate/")
    holder.fill("#id_code", new.association_code)
    holder.get_by_role("button").filter(has_text="关联").first.click()
    expect(holder.get_by_text(new.name).first).to_be_visible()
    screenshot(holder, "03-holder-associates-with-new-unit")

    hr = browser.new_context(**browser_context_args).new_page()
    sign_in(hr, "hr-new")
    hr.goto(f"{url}/permits/unit/employees/")
    hr.get_by_role("link", name="通过或不通过").click()
    expect(hr.get_by_text(permit.number).first).to_be_visible()
    hr.fill("#id_accept-name", person.name)
    hr.select_option("#id_accept-gender", person.gender)
    hr.fill("#id_accept-id_number", person.id_number)
    hr.fill("#id_accept-party_a", new.name)
    hr.fill("#id_accept-start_date", (today - timedelta(days=1)).isoformat())
    hr.fill("#id_accept-end_date", (today + timedelta(days=1000)).isoformat())
    hr.fill("#id_accept-position", "产品经理")
    hr.set_input_files("#id_accept-contract_file", png(tmp_path, "new-contract"))
    screenshot(hr, "04-new-unit-accepts-holder")
    hr.get_by_role("button", name="通过", exact=True).click()
    expect(hr.locator("table.employees")).to_contain_text("待办理聘用单位变更")
    hr.locator("table.employees").get_by_role("link", name="查看").click()
    hr.get_by_role("button", name="办理聘用单位变更").click()
    hr.fill("#id_opinion", "已核对新签订的劳动合同及员工诚信声明。")
    hr.get_by_role("button", name="提交", exact=True).click()
    expect(hr.get_by_text("已提交经开区审核")).to_be_visible()
    screenshot(hr, "05-employer-change-submitted")

    reviewer = browser.new_context(**browser_context_args).new_page()
    sign_in(reviewer, "reviewer11")
    reviewer.goto(f"{url}/review/permit-cases/")
    reviewer.get_by_role("link", name=person.name).click()
    screenshot(reviewer, "06-zone-employer-change")
    reviewer.locator(".decisions").get_by_role("button", name="通过").click()
    expect(reviewer.get_by_text(f"单位：{new.name}").first).to_be_visible()
    permit.refresh_from_db()
    assert permit.unit == new
    screenshot(reviewer, "07-zone-approved")

    holder.goto(f"{url}/me/")
    panel = holder.locator(".permit-life")
    expect(panel).to_contain_text(new.name)
    holder.get_by_text("证件历史").click()
    expect(panel).to_contain_text(old.name)
    screenshot(holder, "08-holder-sees-repointed-permit")


@pytest.mark.django_db(transaction=True)
def test_renewal_after_the_last_day_is_refused_with_the_dates(
    page, live_server, sign_in, screenshot, world
):
    url = live_server.url
    unit = world["unit"]("北京亦庄迟交科技有限公司", "hr-late")
    permit = world["holder"](unit, 23, "holder-late", expires_in=12)
    assert permit.renewal_last_day < timezone.localdate()

    sign_in(page, "hr-late")
    page.goto(f"{url}/permits/unit/employees/")
    page.locator("table.employees").get_by_role("link", name="查看").click()
    expect(page.locator(".permit-life")).to_contain_text("无法恢复")
    screenshot(page, "01-record-past-the-last-day")
    page.get_by_role("button", name="办理续签").click()
    page.fill("#id_opinion", "请求续签。")
    page.get_by_role("button", name="提交", exact=True).click()
    errors = page.locator(".messages, [role=alert], .form-errors").first
    expect(page.get_by_text(permit.renewal_last_day.isoformat()).first).to_be_visible()
    # T2's refusal, in plain words for the unit: the cut-off and the expiry, both dated.
    expect(page.get_by_text("截止日").first).to_be_visible()
    screenshot(page, "02-renewal-refused-with-the-dates")
    assert errors is not None
