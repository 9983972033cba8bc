"""The Excel exports, opened with openpyxl: Chinese headers, dates as date cells, a frozen
header row, widths that fit, one row per holder or case; 10,000 rows in bounded memory."""

import io
import tracemalloc
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from permits import services as permit_services
from portal.constants import Role
from portal.spreadsheets import display_width
from units.constants import UnitCaseState
from units.models import Unit, UnitCase
from units.tests.factories import UnitCaseFactory, UnitFactory

pytestmark = pytest.mark.django_db

HOLDER_HEADERS = [
    "姓名",
    "居民身份证号码",
    "证件编号",
    "发证日期",
    "有效期至",
    "续签开始日期（T2）",
    "续签申请截止日期（T2）",
    "劳动合同终止日期",
    "状态",
]


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_unit_exports_its_permit_holders(client, permitted_unit, with_zone, reviewer):
    unit = permitted_unit()
    for serial in (1, 2):
        application = with_zone(serial, unit=unit)
        permit_services.application_approve(application=application, by=reviewer)
    client.force_login(unit.staff_user)

    sheet = workbook(client.get(reverse("documents:holders_export"))).active

    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HOLDER_HEADERS
    assert len(rows) == 1 + 2
    assert sheet.freeze_panes == "A2"
    first = rows[1]
    permit = unit.permits.get(number=first[2])
    assert first[0] == permit.holder.name
    assert first[1] == permit.holder.id_number
    # Dates are date cells (openpyxl reads them as datetimes), shown as yyyy-mm-dd.
    assert first[4] == datetime.combine(permit.expires_on, datetime.min.time())
    assert sheet.cell(row=2, column=5).number_format == "yyyy-mm-dd"
    assert isinstance(first[3], datetime)
    assert isinstance(first[5], datetime)  # the renewal window opens 2 months before expiry
    contract = permit.application.association.current_contract
    assert first[7] == datetime.combine(contract.end_date, datetime.min.time())
    assert first[8] == "有效"
    # Widths fit the headers and the widest value.
    for index, header in enumerate(HOLDER_HEADERS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        width = sheet.column_dimensions[letter].width
        longest = max(display_width(str(r[index - 1] or "")) for r in rows[1:])
        assert width >= display_width(header), header
        if not isinstance(first[index - 1], datetime):
            assert width >= longest, header


def test_unit_export_holds_only_its_own_holders(client, with_zone, reviewer, make_user):
    application = with_zone(3)
    permit_services.application_approve(application=application, by=reviewer)
    other = make_user(Role.UNIT_STAFF, unit=UnitFactory(), username="other-unit-hr")
    client.force_login(other)

    sheet = workbook(client.get(reverse("documents:holders_export"))).active

    assert sheet.max_row == 1  # the header only


def test_reviewer_exports_the_filtered_unit_queue(client, users):
    UnitCaseFactory.create_batch(3, submitted=True, kind="PR1")
    UnitCaseFactory.create_batch(2, submitted=True, kind="PR2")
    UnitCaseFactory(approved=True)  # not in the default (open) queue
    client.force_login(users[Role.REVIEWER])

    sheet = workbook(client.get(reverse("reviews:home_export"), {"kind": "PR2"})).active

    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("业务编号", "单位", "统一社会信用代码", "业务", "状态")
    assert len(rows) == 1 + 2
    assert all(r[0].startswith("PR2-") for r in rows[1:])
    assert isinstance(rows[1][5], datetime)  # received: a date-time cell
    assert isinstance(rows[1][6], datetime)  # promised by (T1): a date cell
    assert isinstance(rows[1][7], int)  # working days left
    assert sheet.freeze_panes == "A2"


def test_reviewer_exports_the_new_permit_queue(client, with_zone, reviewer):
    application = with_zone(4)
    client.force_login(reviewer)

    sheet = workbook(client.get(reverse("reviews:permits_queue_export"))).active

    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("业务编号", "申请人", "居民身份证号码")
    assert rows[1][1] == application.applicant.name
    assert len(rows) == 2


def test_export_headers_follow_the_english_ui(client, users):
    UnitCaseFactory(submitted=True)
    client.force_login(users[Role.REVIEWER])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    sheet = workbook(client.get(reverse("reviews:home_export"))).active

    assert sheet.cell(row=1, column=1).value == "Case number"


def test_exports_are_for_their_roles_only(client, users):
    client.force_login(users[Role.APPLICANT])
    assert client.get(reverse("reviews:home_export")).status_code == 403
    assert client.get(reverse("documents:holders_export")).status_code == 403


def _many_unit_cases(n: int, batch: str) -> None:
    units = Unit.objects.bulk_create(
        UnitFactory.build(credit_code=f"911103020{batch}BULK{i:04d}") for i in range(100)
    )
    received = timezone.now() - timedelta(days=3)
    UnitCase.objects.bulk_create(
        (
            UnitCase(
                unit=units[i % len(units)],
                kind="PR1" if i % 3 else "PR2",
                state=UnitCaseState.APPROVED,
                received_at=received,
                due_on=timezone.localdate() + timedelta(days=10),
                decided_at=received + timedelta(days=1),
            )
            for i in range(n)
        ),
        batch_size=2000,
    )


def _export_peak(client) -> tuple[int, int]:
    """The peak of Python allocations while the export is built and sent, and its rows."""
    tracemalloc.start()
    try:
        # Decided cases: any number per unit (open ones are one per unit and process).
        response = client.get(reverse("reviews:home_export"), {"state": "approved"})
        spool = io.BytesIO()
        for chunk in response.streaming_content:
            spool.write(chunk)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    sheet = load_workbook(spool, read_only=True).active
    return peak - spool.getbuffer().nbytes, sum(1 for _row in sheet.iter_rows(values_only=True))


def test_ten_thousand_rows_export_in_bounded_memory(client, users):
    client.force_login(users[Role.REVIEWER])
    _export_peak(client)  # first use: imports, templates and catalogues load once
    _many_unit_cases(1_000, batch="A")
    UnitCaseFactory(submitted=True)  # not approved: not in the export
    small_peak, small_rows = _export_peak(client)
    _many_unit_cases(9_000, batch="B")

    peak, rows = _export_peak(client)

    assert small_rows == 1 + 1_000
    assert rows == 1 + 10_000
    # Streamed: ten times the rows, about the same memory (rows are read in chunks and
    # spooled to disk, never held together).
    print(f"tracemalloc peak: 1,000 rows {small_peak:,} B; 10,000 rows {peak:,} B")
    assert peak < 3 * small_peak + 2_000_000, (small_peak, peak)
    assert peak < 25_000_000, peak
