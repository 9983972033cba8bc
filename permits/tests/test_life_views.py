"""The pages of a permit's life: the unit's employee list and record (更新合同, 解除关联), the
renewal case page with the 36 months (typed or imported), the zone's queue and decision, the
holder's view. Foreign objects are 404s; query budgets hold (3 rows as 50, at most 12)."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from permits import life
from permits.constants import ApplicationState, PermitCaseState
from permits.models import LabourContract, Permit, PermitApplication, PermitCase
from permits.tests.factories import associated_applicant
from rules.engine.deadlines import permit_expiry

from .conftest import contract_data, scan


def _count(client, url):
    client.get(url)  # warm: content types and the like are cached per process
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries), response


def _employee_with_permit(unit, serial: int):
    """An accepted employee with a contract and a valid permit, row by row (list tests)."""
    association = associated_applicant(unit, serial)
    LabourContract.objects.create(
        association=association,
        party_a=unit.name,
        start_date=date(2024, 1, 1),
        end_date=timezone.localdate() + timedelta(days=3 if serial % 2 else 400),
        position="工程师",
        created_by=unit.staff_user,
    )
    application = PermitApplication.objects.create(
        applicant=association.applicant,
        unit=unit,
        association=association,
        state=ApplicationState.APPROVED,
    )
    issued = timezone.localdate() - timedelta(days=10 * (serial % 30))
    permit = Permit.objects.create(
        number=f"JKGJ-2026-{serial:06d}",
        holder=association.applicant,
        unit=unit,
        application=application,
        issued_on=issued,
        expires_on=permit_expiry(issued),
    )
    life.permit_issue_record(permit=permit)
    return association


@pytest.mark.parametrize("page", ["list", "record"])
def test_employee_pages_query_budget(client, permitted_unit, page):
    unit = permitted_unit()
    client.force_login(unit.staff_user)
    rows = [_employee_with_permit(unit, i) for i in range(1, 4)]
    url = (
        reverse("permits:employees")
        if page == "list"
        else reverse("permits:employee", args=[rows[0].pk])
    )
    few, _ = _count(client, url)
    for i in range(4, 51):
        _employee_with_permit(unit, i)
    many, _response = _count(client, url)
    if few != many or many > 12:
        for q in _queries(client, url):
            print(q)
    assert few == many <= 12, (few, many)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return [q["sql"][:200] for q in ctx.captured_queries]


def test_employee_list_shows_t4_days_and_the_renewal_dates(client, permitted_unit):
    unit = permitted_unit()
    client.force_login(unit.staff_user)
    association = _employee_with_permit(unit, 1)
    LabourContract.objects.filter(association=association).update(
        end_date=timezone.localdate() - timedelta(days=2)
    )
    overdue = _employee_with_permit(unit, 3)
    LabourContract.objects.filter(association=overdue).update(
        end_date=timezone.localdate() - timedelta(days=9)
    )
    page = client.get(reverse("permits:employees")).content.decode()
    assert "3" in page and "row-overdue" in page and "row-due-soon" in page
    permit = Permit.objects.get(holder=association.applicant)
    if permit.renewal_last_day:
        assert permit.renewal_last_day.isoformat() in page
    else:  # the calendar of the expiry year is not imported yet: said, not guessed
        assert str(permit.renewal_calendar_missing) in page


def test_employee_record_of_another_unit_is_a_404(client, permitted_unit):
    unit, other = permitted_unit(), permitted_unit()
    association = _employee_with_permit(other, 1)
    client.force_login(unit.staff_user)
    for name in ("employee", "employee_contract", "employee_release"):
        assert client.get(reverse(f"permits:{name}", args=[association.pk])).status_code == 404


def test_update_contract_page_keeps_history(client, permitted_unit):
    unit = permitted_unit()
    association = _employee_with_permit(unit, 2)
    client.force_login(unit.staff_user)
    data = contract_data(unit)
    data["start_date"] = data["start_date"].isoformat()
    data["end_date"] = data["end_date"].isoformat()
    response = client.post(reverse("permits:employee_contract", args=[association.pk]), data)
    assert response.status_code == 302
    assert association.contracts.count() == 2
    page = client.get(reverse("permits:employee", args=[association.pk])).content.decode()
    assert page.count("<tr>") >= 3  # header + two contracts


def test_release_page_checks_the_record_at_its_fields(client, permitted_unit):
    unit = permitted_unit()
    association = _employee_with_permit(unit, 2)
    client.force_login(unit.staff_user)
    url = reverse("permits:employee_release", args=[association.pk])
    response = client.post(
        url,
        {
            "name": "别人",
            "id_number": association.applicant.id_number,
            "left_on": timezone.localdate().isoformat(),
            "resignation_file": scan(),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name"]


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["月份", "社保缴纳单位", "个税扣缴单位"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("months.xlsx", buffer.getvalue())


def test_renewal_page_imports_the_spreadsheet_and_names_the_bad_month(client, permitted_unit):
    unit = permitted_unit()
    association = _employee_with_permit(unit, 2)
    client.force_login(unit.staff_user)
    response = client.post(reverse("permits:permit_case_start", args=[association.pk, "renewal"]))
    case = PermitCase.objects.get()
    assert response.url == reverse("permits:unit_permit_case", args=[case.pk])
    months = [r["month"] for r in life.withholding_rows(case, timezone.localdate())]
    rows = [(m, unit.name, unit.name) for m in months]
    rows[3] = (months[3], unit.name, "别的公司")
    response = client.post(
        reverse("permits:unit_permit_case", args=[case.pk]),
        {"action": "import", "spreadsheet": _xlsx(rows)},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert len(case.withholding) == 36
    response = client.get(reverse("permits:unit_permit_case", args=[case.pk]))

    page = response.content.decode()
    assert f'id="month-{months[3]}" class="row-overdue"' in page
    assert "别的公司" in page


def test_renewal_submit_outside_the_window_is_refused_with_the_dates(client, permitted_unit):
    unit = permitted_unit()
    association = _employee_with_permit(unit, 2)  # issued 60 days ago: window not open
    client.force_login(unit.staff_user)
    client.post(reverse("permits:permit_case_start", args=[association.pk, "renewal"]))
    case = PermitCase.objects.get()
    response = client.post(
        reverse("permits:unit_permit_case", args=[case.pk]),
        {"action": "submit", "opinion": "同意续签。"},
    )
    assert response.status_code == 400
    assert case.permit.renewal_opens_on.isoformat() in response.content.decode()
    case.refresh_from_db()
    assert case.state == PermitCaseState.DRAFT


def test_permit_case_pages_are_404_for_others(client, permitted_unit, make_user):
    unit, other = permitted_unit(), permitted_unit()
    association = _employee_with_permit(unit, 2)
    case = life.renewal_open(association=association, by=unit.staff_user)
    client.force_login(other.staff_user)
    assert client.get(reverse("permits:unit_permit_case", args=[case.pk])).status_code == 404
    client.force_login(make_user(username="someone-else"))
    assert client.get(reverse("permits:my_permit_case", args=[case.pk])).status_code == 404
    client.force_login(association.applicant.user)
    assert client.get(reverse("permits:my_permit_case", args=[case.pk])).status_code == 200


def test_zone_queue_query_budget_and_case_page(client, permitted_unit, reviewer):
    unit = permitted_unit()
    client.force_login(reviewer)

    def with_zone(serial):
        association = _employee_with_permit(unit, serial)
        case = life.renewal_open(association=association, by=unit.staff_user)
        PermitCase.objects.filter(pk=case.pk).update(
            state=PermitCaseState.WITH_ZONE, received_at=timezone.now(), due_on=date(2026, 12, 1)
        )
        return case

    cases = [with_zone(i) for i in range(1, 4)]
    few, _ = _count(client, reverse("reviews:permit_cases_queue"))
    for i in range(4, 51):
        with_zone(i)
    many, _ = _count(client, reverse("reviews:permit_cases_queue"))
    assert few == many <= 12, (few, many)
    _n, response = _count(client, reverse("reviews:permit_case", args=[cases[0].pk]))
    assert cases[0].permit.number in response.content.decode()


def test_holder_home_shows_the_window_and_last_day(client, permitted_unit):
    unit = permitted_unit()
    association = _employee_with_permit(unit, 2)
    permit = Permit.objects.get(holder=association.applicant)
    client.force_login(association.applicant.user)
    page = client.get(reverse("applicants:home")).content.decode()
    assert permit.renewal_opens_on.isoformat() in page
    assert permit.number in page
