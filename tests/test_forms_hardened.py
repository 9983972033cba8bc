"""Every form of the portal takes text and dates the same way (rules.forms.CleanTextMixin):
NFC, no invisible characters, a maximum length, dates within 1900–2100; and every form page is
safe on an empty body (issue 10)."""

import importlib
import inspect
from datetime import date

import pytest
from django import forms

from portal.constants import Role
from rules.forms import CleanTextMixin

OUR_APPS = [
    "portal",
    "rules",
    "attachments",
    "reviews",
    "units",
    "applicants",
    "permits",
    "zone",
    "documents",
    "figures",
    "notices",
]


def _form_classes():
    found = []
    for app in OUR_APPS:
        for module_name in (f"{app}.forms", f"{app}.admin"):
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            for _name, obj in inspect.getmembers(module, inspect.isclass):
                if issubclass(obj, forms.BaseForm) and obj.__module__ == module_name:
                    found.append(obj)
    return found


def test_every_form_of_ours_takes_text_through_the_shared_mixin():
    classes = _form_classes()
    assert len(classes) >= 15
    loose = [c.__qualname__ for c in classes if not issubclass(c, CleanTextMixin)]
    assert not loose, f"forms without CleanTextMixin: {loose}"


def test_every_model_text_field_has_a_maximum_length():
    from django.apps import apps

    loose = [
        f"{model.__name__}.{field.name}"
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if field.get_internal_type() == "TextField" and not field.max_length
    ]
    assert not loose, f"TextFields without max_length: {loose}"


@pytest.mark.parametrize(
    ("char", "code"), [("\u202e", "U+202E"), ("\u200b", "U+200B"), ("\x07", "U+0007")]
)
def test_an_invisible_character_is_refused_at_its_field(char, code):
    from permits.forms import ReasonForm

    form = ReasonForm({"reason": f"理由{char}文字"})
    assert not form.is_valid()
    assert code in form.errors["reason"][0]


def test_text_is_normalised_to_nfc():
    from permits.forms import ReasonForm

    form = ReasonForm({"reason": "Cafe\u0301"})
    assert form.is_valid()
    assert form.cleaned_data["reason"] == "Caf\u00e9"


def test_review_comments_are_bounded():
    from reviews.forms import ReturnForm

    form = ReturnForm({"comment": "字" * 100_000})
    assert not form.is_valid() and "comment" in form.errors


def test_a_date_in_year_9999_is_refused_with_a_message():
    from units.forms import QuotaForm

    form = QuotaForm({"granted": "3", "expires_on": "9999-12-31"})
    assert not form.is_valid()
    assert form.errors["expires_on"]


def test_a_quota_runs_for_at_most_ten_years():
    from units.forms import QuotaForm

    today = date.today()
    form = QuotaForm({"granted": "3", "expires_on": f"{today.year + 11}-01-01"})
    assert not form.is_valid() and form.errors["expires_on"]


def test_business_scope_of_100000_characters_is_refused(client, users):
    client.force_login(users[Role.UNIT_STAFF])
    response = client.post("/unit/profile/", {"business_scope": "x" * 100_000})
    assert response.status_code == 200
    assert response.context["form"].errors["business_scope"]


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.APPLICANT, "/me/profile/"),
        (Role.APPLICANT, "/me/facts/"),
        (Role.APPLICANT, "/permits/me/associate/"),
        (Role.UNIT_STAFF, "/unit/profile/"),
        (None, "/eligibility/"),
        (None, "/login/"),
    ],
)
def test_an_empty_body_gets_a_page_with_messages_not_a_500(client, users, role, url):
    if role is not None:
        client.force_login(users[role])
    response = client.post(url, {})
    assert response.status_code < 500


def test_an_empty_body_to_an_existing_profile_is_a_form_with_messages(client, applicant_profile):
    client.force_login(applicant_profile.user)
    response = client.post("/me/profile/", {})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.fixture
def applicant_profile(users, db, settings, tmp_path):
    from applicants.demo import make_complete_applicant, resident_id
    from attachments.reference import load as load_catalogue
    from rules.reference import load as load_wages

    load_catalogue()
    load_wages()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return make_complete_applicant(
        user=users[Role.APPLICANT],
        name="李申请",
        id_number=resident_id("130102", date(1992, 3, 15), 123),
    )
