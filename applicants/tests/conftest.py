"""Fixtures of the applicant tests: the material catalogue, the wage table, a complete
applicant (the demo profile) and the profile page's POST data built from a stored profile."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from applicants.demo import make_complete_applicant, resident_id
from portal.constants import Role
from rules.engine.types import Contract


@pytest.fixture(autouse=True)
def _chinese():
    # Another package's test may leave English active in this thread.
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _local_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def catalogue(db):
    from attachments.reference import load

    load()


@pytest.fixture
def wages(db):
    from rules.reference import load

    load()


@pytest.fixture
def applicant_user(users):
    return users[Role.APPLICANT]


@pytest.fixture
def complete(applicant_user, catalogue, wages):
    """The demo profile (C1, H2, income 18,000), every required material uploaded."""
    return make_complete_applicant(
        user=applicant_user,
        name="李申请",
        id_number=resident_id("130102", date(1992, 3, 15), 123),
    )


@pytest.fixture
def bare(applicant_user, catalogue, wages):
    """The same profile without materials."""
    return make_complete_applicant(
        user=applicant_user,
        name="李申请",
        id_number=resident_id("130102", date(1992, 3, 15), 123),
        upload_materials=False,
    )


@pytest.fixture
def contract(unit):
    today = timezone.localdate()
    return Contract(unit.name, today - timedelta(days=200), today + timedelta(days=700), "北京")


def _date(value) -> str:
    return value.isoformat() if value else ""


def _flag(data: dict, name: str, value: bool) -> None:
    if value:
        data[name] = "on"


def _rows(data: dict, prefix: str, rows: list[dict]) -> None:
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = str(sum(1 for r in rows if r.get("id")))
    data[f"{prefix}-MIN_NUM_FORMS"] = "0"
    data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    for i, row in enumerate(rows):
        for key, value in row.items():
            if isinstance(value, bool):
                _flag(data, f"{prefix}-{i}-{key}", value)
            else:
                data[f"{prefix}-{i}-{key}"] = value


def profile_post(applicant, **changes) -> dict:
    """The profile page's POST data for the stored profile, with `changes` applied. Keys
    education/work/dependants replace those lists (dicts of row fields)."""
    a = applicant
    data = {
        "phone": a.phone,
        "register_type": a.register_type,
        "register_province": a.register_province,
        "register_city": a.register_city,
        "register_district": a.register_district,
        "register_address": a.register_address,
        "current_province": a.current_province,
        "current_city": a.current_city,
        "current_district": a.current_district,
        "current_address": a.current_address,
        "marital_status": a.marital_status,
        "graduation_school": a.graduation_school,
        "graduation_date": _date(a.graduation_date),
        "final_diploma_issuer": a.final_diploma_issuer,
        "final_diploma_issued_on": _date(a.final_diploma_issued_on),
        "full_time_graduation_date": _date(a.full_time_graduation_date),
        "study_mode": a.study_mode,
        "degree": a.degree,
        "degree_issued_on": _date(a.degree_issued_on),
        "degree_certificate_number": a.degree_certificate_number,
        "cscse_report_number": a.cscse_report_number,
        "title_level": a.title_level,
        "title_name": a.title_name,
        "title_route": a.title_route,
    }
    flags = {
        "bungalow": a.bungalow,
        "children_accompany": a.children_accompany,
        "foreign_degree": a.foreign_degree,
        "verification_prompted": a.verification_prompted,
        "title_other_province": a.title_other_province,
    }
    education = [
        {
            "id": str(e.pk),
            "level": e.level,
            "school": e.school,
            "summary": e.summary,
            "start_date": _date(e.start_date),
            "end_date": _date(e.end_date),
        }
        for e in a.education.all()
    ]
    work = [
        {
            "id": str(w.pk),
            "employer": w.employer,
            "position": w.position,
            "start_date": _date(w.start_date),
            "end_date": _date(w.end_date),
        }
        for w in a.work_history.all()
    ]
    dependants = [
        {
            "id": str(d.pk),
            "relation": d.relation,
            "name": d.name,
            "id_number": d.id_number,
            "in_school": d.in_school,
            "school": d.school,
        }
        for d in a.dependants.all()
    ]
    education = changes.pop("education", education)
    work = changes.pop("work", work)
    dependants = changes.pop("dependants", dependants)
    for key in list(flags):
        if key in changes:
            flags[key] = changes.pop(key)
    data.update(changes)
    for key, value in flags.items():
        _flag(data, key, value)
    _rows(data, "education", education)
    _rows(data, "work", work)
    _rows(data, "dependants", dependants)
    return data
