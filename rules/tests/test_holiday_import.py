"""A whole year's holiday notice imported at once (docs/eligibility.md, "Working days"): the
text format, the preview, the save with its history, coverage, and single-date edits."""

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.constants import Role
from portal.models import User
from rules.constants import CalendarChangeAction, CalendarChangeVia
from rules.engine.holiday_notice import NoticeInvalid, format_notice, parse_notice
from rules.models import CalendarImport, CalendarYear, WorkingDayChange, WorkingDayOverride
from rules.services import (
    calendar_import,
    calendar_import_preview,
    working_day_override_delete,
    working_day_override_save,
)
from rules.signals import calendar_changed
from rules.tables import load_calendar

# A TEST FIXTURE, not the published 2027 notice (see the file's header).
FIXTURE_2027 = (
    Path(__file__).resolve().parents[2] / "tests" / "holidays_2027_fixture.txt"
).read_text("utf-8")


def test_the_format_reads_days_ranges_csv_and_chinese_kinds():
    days = parse_notice(
        "# a comment\n\n"
        "2027-01-01 holiday 元旦\n"
        "2027-02-06 .. 2027-02-08 休 春节\n"
        "2027-02-14,workday,春节调休\n"
        "2027-2-20\t班\n",
        year=2027,
    )
    assert [(d.day, d.is_working_day, d.note) for d in days] == [
        (date(2027, 1, 1), False, "元旦"),
        (date(2027, 2, 6), False, "春节"),
        (date(2027, 2, 7), False, "春节"),
        (date(2027, 2, 8), False, "春节"),
        (date(2027, 2, 14), True, "春节调休"),
        (date(2027, 2, 20), True, ""),
    ]


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_read():
    with pytest.raises(NoticeInvalid) as err:
        parse_notice(
            "2027-13-01 holiday\n"
            "2026-12-31 holiday 元旦\n"
            "2027-01-02 sometimes\n"
            "2027-03-01..2027-02-01 holiday\n"
            "2027-05-01 holiday 劳动节\n"
            "2027-04-28..2027-05-02 holiday 劳动节\n",
            year=2027,
        )
    assert [e.line for e in err.value.errors] == [1, 2, 3, 4, 6]
    assert "2027" in err.value.errors[1].message_zh
    with pytest.raises(NoticeInvalid):
        parse_notice("# only a comment\n", year=2027)


def test_the_fixture_reads_back_unchanged_through_format_notice():
    days = parse_notice(FIXTURE_2027, year=2027)
    text = format_notice({d.day: (d.is_working_day, d.note) for d in days})
    assert parse_notice(text, year=2027) == [
        type(d)(d.day, d.is_working_day, d.note, line=n)
        for d, n in zip(days, [d.line for d in parse_notice(text, year=2027)], strict=True)
    ]
    assert "2027-10-01..2027-10-07 holiday 国庆节" in text


@pytest.fixture
def boss(db):
    return User.objects.create(
        username="boss", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
    )


@pytest.mark.django_db
def test_import_covers_the_year_and_records_who_imported_what(boss):
    assert load_calendar().uncovered_years([2027]) == [2027]
    sent = []
    calendar_changed.connect(lambda sender, **kw: sent.append(kw["years"]), weak=False)
    try:
        record = calendar_import(year=2027, text=FIXTURE_2027, source="test fixture", user=boss)
    finally:
        calendar_changed.receivers.pop()
    assert sent == [[2027]]
    assert CalendarYear.objects.covered_years() == {2027}
    assert (record.imported_by, record.days, record.added, record.removed) == (boss, 34, 34, 0)
    calendar = load_calendar()
    assert calendar.is_working_day(date(2027, 1, 1)) is False
    assert calendar.is_working_day(date(2027, 2, 14)) is True  # make-up Sunday
    assert calendar.is_working_day(date(2027, 1, 4)) is True  # weekday rule
    assert calendar.is_working_day(date(2027, 1, 9)) is False
    change = WorkingDayChange.objects.get(date=date(2027, 2, 14))
    assert (change.action, change.via, change.changed_by, change.calendar_import) == (
        CalendarChangeAction.ADDED,
        CalendarChangeVia.IMPORT,
        boss,
        record,
    )
    assert change.new_is_working_day is True and change.old_is_working_day is None


@pytest.mark.django_db
def test_importing_again_changes_only_what_differs(boss):
    calendar_import(year=2027, text=FIXTURE_2027, source="fixture", user=boss)
    again = calendar_import(year=2027, text=FIXTURE_2027, source="fixture", user=boss)
    assert (again.added, again.changed, again.removed) == (0, 0, 0)
    assert not again.changes.exists()
    corrected = FIXTURE_2027.replace("2027-06-09 holiday 端午节\n", "").replace(
        "2027-02-20 workday 春节调休", "2027-02-20 holiday 春节调休取消"
    )
    preview = calendar_import_preview(year=2027, text=corrected)
    assert (preview.added, preview.changed, preview.removed) == (0, 1, 1)
    record = calendar_import(year=2027, text=corrected, source="fixture, corrected", user=boss)
    assert {(c.date, c.action) for c in record.changes.all()} == {
        (date(2027, 2, 20), CalendarChangeAction.CHANGED),
        (date(2027, 6, 9), CalendarChangeAction.REMOVED),
    }
    assert not WorkingDayOverride.objects.filter(date=date(2027, 6, 9)).exists()
    assert CalendarImport.objects.filter(year=2027).count() == 3


@pytest.mark.django_db
def test_editing_one_date_is_recorded_and_does_not_cover_a_year(boss):
    override = WorkingDayOverride(date=date(2028, 1, 1), is_working_day=False, note="元旦")
    change = working_day_override_save(override=override, user=boss)
    assert (change.action, change.via, change.changed_by) == ("added", "edit", boss)
    assert load_calendar().uncovered_years([2028]) == [2028]
    override.note = "元旦（更正）"
    assert working_day_override_save(override=override, user=boss).old_note == "元旦"
    assert working_day_override_save(override=override, user=boss) is None  # nothing changed
    working_day_override_delete(override=override, user=boss)
    assert list(
        WorkingDayChange.objects.filter(date=date(2028, 1, 1)).values_list("action", flat=True)
    ) == ["removed", "changed", "added"]


@pytest.mark.django_db
def test_admin_import_shows_a_preview_before_saving(client, boss):
    client.force_login(boss)
    url = reverse("admin:rules_workingdayoverride_import")
    page = client.get(url + "?year=2027")
    assert page.status_code == 200
    form = {"year": 2027, "source": "测试数据（非正式通知）", "text": FIXTURE_2027}
    preview = client.post(url, {**form, "preview": "1"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "calendar-preview" in html and "2027-02-14" in html
    assert not WorkingDayOverride.objects.exists()  # nothing saved by a preview
    # The preview carries what it showed: saving posts exactly that back.
    carried = {
        "year": re.search(r'name="year" value="([^"]*)"', html).group(1),
        "source": unescape(re.search(r'name="source" value="([^"]*)"', html).group(1)),
        "text": unescape(
            re.search(r'<textarea name="text" hidden>(.*?)</textarea>', html, re.S).group(1)
        ),
    }
    assert carried == {**form, "year": "2027", "text": FIXTURE_2027.strip()}
    saved = client.post(url, {**carried, "confirm": "1"})
    assert saved.status_code == 302
    record = CalendarImport.objects.get()
    assert saved.url == reverse("admin:rules_calendarimport_change", args=[record.pk])
    assert (record.imported_by, record.source, record.added) == (boss, form["source"], 34)
    assert client.get(saved.url).status_code == 200
    # A correction starts from what is saved.
    assert (
        "2027-10-01..2027-10-07 holiday 国庆节" in client.get(url + "?year=2027").content.decode()
    )


@pytest.mark.django_db
def test_admin_import_reads_a_file_and_reports_bad_lines(client, boss):
    client.force_login(boss)
    url = reverse("admin:rules_workingdayoverride_import")
    upload = SimpleUploadedFile(
        "2027.csv", "2027-01-01,holiday,元旦\n2027-01-02,???\n".encode("gb18030")
    )
    page = client.post(url, {"year": 2027, "source": "x", "file": upload, "preview": "1"})
    assert page.status_code == 200
    errors = page.context["form"].errors["file"]
    assert len(errors) == 1 and "2" in errors[0] and "类型应为" in errors[0]
    good = SimpleUploadedFile("2027.txt", FIXTURE_2027.encode("utf-8"))
    page = client.post(url, {"year": 2027, "source": "x", "file": good, "preview": "1"})
    assert page.context["preview"].added == 34
    assert not WorkingDayOverride.objects.exists()


@pytest.mark.django_db
def test_only_administrators_who_may_edit_overrides_import(client):
    staff = User.objects.create(username="clerk", role=Role.ADMINISTRATOR, is_staff=True)
    client.force_login(staff)
    response = client.get(reverse("admin:rules_workingdayoverride_import"))
    assert response.status_code == 403


@pytest.mark.django_db
def test_admin_single_date_edit_goes_through_the_history(client, boss):
    client.force_login(boss)
    response = client.post(
        reverse("admin:rules_workingdayoverride_add"),
        {"date": "2026-12-31", "is_working_day": "", "note": "测试"},
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    change = WorkingDayChange.objects.get()
    assert (change.date, change.changed_by, change.via) == (date(2026, 12, 31), boss, "edit")


@pytest.mark.django_db
def test_import_holidays_command_previews_then_imports(tmp_path):
    import io

    from django.core.management import CommandError, call_command

    notice = tmp_path / "2027.txt"
    notice.write_text(FIXTURE_2027, "utf-8")
    out = io.StringIO()
    call_command("import_holidays", 2027, notice, source="fixture", dry_run=True, stdout=out)
    assert "34 added" in out.getvalue() and not WorkingDayOverride.objects.exists()
    call_command("import_holidays", 2027, notice, source="fixture", stdout=io.StringIO())
    assert CalendarYear.objects.covered_years() == {2027}
    assert CalendarImport.objects.get().imported_by is None
    notice.write_text("2027-01-01 maybe\n", "utf-8")
    with pytest.raises(CommandError, match="第 1 行"):
        call_command("import_holidays", 2027, notice, source="fixture", stdout=io.StringIO())
