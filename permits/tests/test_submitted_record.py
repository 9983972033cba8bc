"""The unit and the reviewer see everything the applicant submitted: the snapshot stored with
the submission is laid out on their case pages, every field of it, changes since the previous
submission marked."""

import html

import pytest
from django.urls import reverse

from applicants.forms import DependantForm, EducationForm, FactsForm, ProfileForm, WorkForm
from applicants.models import WorkEntry
from applicants.record import applicant_record, shown
from permits import services
from portal.i18n import plain
from reviews.models import AuditEvent
from reviews.services import MaterialReturn


def _snapshot(application):
    return (
        AuditEvent.objects.for_case(application).filter(transition="submit").last().data["record"]
    )


def _expected_values(record) -> list[str]:
    """Every non-empty value of the snapshot as the page must show it."""
    values = [record["identity"]["name"], record["identity"]["id_number"]]
    values.append(record["identity"]["birth_date"])
    profile_form = ProfileForm()
    values += [
        shown(profile_form.fields[name], value)
        for name, value in record["profile"].items()
        if value not in ("", None, []) and not isinstance(value, bool)
    ]
    row_forms = {"education": EducationForm(), "work": WorkForm(), "dependants": DependantForm()}
    for key, rows in record["rows"].items():
        values += [
            shown(row_forms[key].fields[name], value)
            for row in rows
            for name, value in row.items()
            if value not in ("", None, []) and not isinstance(value, bool)
        ]
    facts_form = FactsForm(initial=record["facts"], years=record["years"])
    for name, value in record["facts"].items():
        if value not in ("", None, []) and not isinstance(value, bool):
            values.append(shown(facts_form.fields[name], value))
    return values


@pytest.fixture
def submitted(associated):
    person = associated()
    application = services.application_open(applicant=person)
    return services.application_submit(application=application, by=person.user)


def test_submission_stores_everything_the_applicant_filled_in(submitted):
    record = _snapshot(submitted)
    person = submitted.applicant
    assert record == applicant_record(person)
    assert record["identity"]["id_number"] == person.id_number
    assert record["profile"]["current_address"] == person.current_address
    assert len(record["rows"]["education"]) == person.education.count() > 0
    assert len(record["rows"]["work"]) == person.work_history.count() > 0
    assert any(v not in ("", None, []) for v in record["facts"].values())


@pytest.mark.parametrize("viewer", ["unit", "zone"])
def test_case_pages_show_every_submitted_field(client, submitted, reviewer, viewer):
    if viewer == "unit":
        client.force_login(submitted.unit.staff.first())
        url = reverse("permits:unit_application", args=[submitted.pk])
    else:
        services.application_forward(application=submitted, by=submitted.unit.staff.first())
        client.force_login(reviewer)
        url = reverse("reviews:permit_application", args=[submitted.pk])
    page = html.unescape(client.get(url).content.decode())
    record = _snapshot(submitted)
    expected = _expected_values(record)
    assert len(expected) > 20
    # The page shows values in plain words: a choice like “C1 · …” without its rule ID.
    missing = [value for value in expected if plain(value) not in page]
    assert not missing, missing
    # Choice codes are shown as their labels, not as codes.
    assert f">{record['profile']['register_type']}<" not in page


def test_resubmission_marks_what_changed(client, submitted):
    staff = submitted.unit.staff.first()
    services.application_return_to_applicant(
        application=submitted,
        by=staff,
        comment="",
        returned=[MaterialReturn("profile", "个人基础信息", "现住址缺门牌号")],
    )
    person = submitted.applicant
    person.current_address = "荣华中路8号院3号楼2单元501"
    person.save(update_fields=["current_address"])
    WorkEntry.objects.filter(applicant=person).delete()
    services.application_submit(application=submitted, by=person.user)
    client.force_login(staff)
    page = client.get(reverse("permits:unit_application", args=[submitted.pk])).content.decode()
    address_row = page.split('data-field="current_address"')[1].split("</div>")[0]
    assert "荣华中路8号院3号楼2单元501" in address_row
    assert "有改动" in address_row
    assert "自上次提交以来删除了" in page
