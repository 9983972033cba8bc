"""The eligibility self-check page (rules engine) in a real browser: an applicant checks a
profile just below the 2026 P5 threshold, sees the reason with the figures, raises the
income and sees P5 met; the page also works at 375 px."""

import pytest
from playwright.sync_api import expect

from portal.constants import Role
from rules.reference import load as seed_wage_table

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_applicant_self_check_explains_p5_with_figures(
    page, live_server, users, sign_in, screenshot
):
    seed_wage_table()
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, users[Role.APPLICANT].username)
    page.get_by_role("link", name="资格自查").first.click()
    expect(page).to_have_url(f"{live_server.url}/eligibility/")
    page.locator("#id_name").fill("李申请")
    page.locator("#id_id_number").fill("11010519491231002X")
    page.locator("#id_submission_date").fill("2026-06-01")
    page.locator("#id_employer__name").fill("北京亦庄示范科技有限公司")
    page.locator("#id_monthly_taxable_income").fill("14323")
    page.locator("#id_months_salary_paid").fill("6")
    page.locator("#id_months_social_insurance").fill("6")
    page.locator("#id_months_income_tax").fill("6")
    page.locator("#id_degree").select_option("bachelor")
    page.locator("#id_work_experience_months").fill("36")
    page.get_by_role("button", name="开始自查").click()
    p5 = page.locator("tr", has_text="月应税收入")
    expect(p5).to_contain_text("14,323")
    expect(p5).to_contain_text("14,324")
    expect(p5).to_contain_text("不符合")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "self-check-p5-fails")

    page.locator("#id_monthly_taxable_income").fill("14324")
    page.get_by_role("button", name="开始自查").click()
    expect(page.locator("tr", has_text="月应税收入")).to_contain_text("符合")
    expect(page.locator("tr", has_text="月应税收入")).not_to_contain_text("不符合")
    screenshot(page, "self-check-p5-met")


@pytest.mark.django_db(transaction=True)
def test_bad_input_is_shown_at_the_field(page, live_server, users, sign_in):
    seed_wage_table()
    sign_in(page, users[Role.APPLICANT].username)
    page.goto(f"{live_server.url}/eligibility/")
    page.locator("#id_name").fill("李申请")
    page.locator("#id_id_number").fill("110105194912310021")
    page.locator("#id_employer__name").fill("北京亦庄示范科技有限公司")
    page.locator("#id_monthly_taxable_income").fill("-5")
    page.get_by_role("button", name="开始自查").click()
    expect(page.locator("#id_monthly_taxable_income_error")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("李申请")
    page.locator("#id_monthly_taxable_income").fill("20000")
    for field in ("months_salary_paid", "months_social_insurance", "months_income_tax"):
        page.locator(f"#id_{field}").fill("6")
    page.get_by_role("button", name="开始自查").click()
    expect(page.locator("#id_id_number_error")).to_contain_text("校验位")
    expect(page.locator("#id_employer__name")).to_have_value("北京亦庄示范科技有限公司")
