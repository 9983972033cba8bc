"""Every page with every role; the first visit; own data only; the facts page through the
engine; a constant number of queries on the home page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applicants.demo import make_complete_applicant, resident_id
from applicants.forms import FactsForm
from applicants.models import Applicant, Dependant, EducationEntry, WorkEntry
from attachments.models import Attachment
from portal.constants import Role

from .conftest import profile_post

PAGES = ["home", "profile", "facts", "materials", "eligibility"]


@pytest.mark.parametrize("role", list(Role))
def test_every_page_with_every_role(client, users, complete, role):
    client.force_login(users[role])
    expected = 200 if role == Role.APPLICANT else 403
    for page in PAGES:
        assert client.get(reverse(f"applicants:{page}")).status_code == expected, page


def test_anonymous_users_are_sent_to_sign_in(client, db):
    for page in PAGES:
        response = client.get(reverse(f"applicants:{page}"))
        assert response.status_code == 302 and "/login/" in response.url, page


def test_before_the_first_visit_pages_lead_to_the_profile(client, applicant_user):
    client.force_login(applicant_user)
    assert client.get(reverse("applicants:home")).status_code == 200
    for page in ("facts", "materials", "eligibility"):
        response = client.get(reverse(f"applicants:{page}"))
        assert response.status_code == 302 and response.url == reverse("applicants:profile")


def test_first_visit_creates_the_profile_from_the_id_number(client, applicant_user):
    client.force_login(applicant_user)
    number = resident_id("130102", date(1990, 5, 17), 24)
    response = client.post(
        reverse("applicants:profile"),
        {"name": "王员工", "id_number": number.lower(), "phone": "13912345678"},
    )
    assert response.status_code == 302
    applicant = Applicant.objects.get(user=applicant_user)
    assert (applicant.id_number, applicant.birth_date, applicant.gender) == (
        number.upper(),
        date(1990, 5, 17),
        "female",
    )
    full = client.get(reverse("applicants:profile"))
    assert "form" in full.context and "sections" in full.context


def test_a_bad_id_number_is_shown_at_the_field_and_kept(client, applicant_user):
    client.force_login(applicant_user)
    response = client.post(
        reverse("applicants:profile"),
        {"name": "王员工", "id_number": "130102199005170025", "phone": "13912345678"},
    )
    assert response.status_code == 200
    assert "校验位不正确" in " ".join(response.context["form"].errors["id_number"])
    assert 'value="130102199005170025"' in response.content.decode()
    assert not Applicant.objects.exists()


def test_the_id_number_cannot_be_changed(client, bare):
    client.force_login(bare.user)
    other = resident_id("130102", date(1985, 1, 1), 11)
    data = profile_post(bare, id_number=other, birth_date="1985-01-01")
    assert client.post(reverse("applicants:profile"), data).status_code == 302
    bare.refresh_from_db()
    assert bare.id_number != other and bare.birth_date == date(1992, 3, 15)


@pytest.fixture
def other(make_user, catalogue, wages):
    user = make_user(Role.APPLICANT, username="other-employee")
    return make_complete_applicant(
        user=user, name="赵其他", id_number=resident_id("370102", date(1991, 1, 2), 35)
    )


def test_another_applicants_rows_cannot_be_edited_through_the_formset(client, bare, other):
    client.force_login(bare.user)
    foreign = other.education.first()
    data = profile_post(bare)
    data["education-0-id"] = str(foreign.pk)
    data["education-0-school"] = "篡改学校"
    response = client.post(reverse("applicants:profile"), data)
    assert response.status_code == 404
    assert EducationEntry.objects.get(pk=foreign.pk).school != "篡改学校"


def test_another_applicants_files_are_a_404(client, bare, other):
    client.force_login(bare.user)
    attachment = Attachment.objects.for_owner(other).first()
    assert client.get(reverse("attachments:serve", args=[attachment.pk])).status_code == 404
    home = client.get(reverse("applicants:home")).content.decode()
    assert "李申请" in home and "赵其他" not in home


def test_facts_are_saved_and_drive_the_checklist(client, bare):
    client.force_login(bare.user)
    form = client.get(reverse("applicants:facts")).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data.update(
        talent_condition="C2",
        residence__kind="own_home",
        residence__has_property_certificate="on",
    )
    data["monthly_taxable_income"] = "20000"
    response = client.post(reverse("applicants:facts"), data)
    assert response.status_code == 302, response.context["form"].errors
    bare.refresh_from_db()
    assert (bare.talent_condition, bare.residence_kind) == ("C2", "own_home")
    assert bare.facts["monthly_taxable_income"] == "20000"
    codes = [
        r["state"].kind.code for r in client.get(reverse("applicants:materials")).context["rows"]
    ]
    assert "M3-title" in codes and "M4-property" in codes


def test_facts_errors_of_the_engine_are_shown_at_the_field(client, bare):
    client.force_login(bare.user)
    data = {k: v for k, v in FactsForm.initial_from(bare.facts).items() if v not in (None, False)}
    data.update(
        talent_condition="C1",
        residence__kind="rented_home",
        residence__lease__lessor_name="张房东",
        residence__lease__address="荣华南路15号",
        residence__lease__start_date="2026-06-01",
        residence__lease__end_date="2026-01-01",
    )
    response = client.post(reverse("applicants:facts"), data)
    assert response.status_code == 200
    assert "终止日期早于开始日期" in " ".join(
        response.context["form"].errors["residence__lease__end_date"]
    )
    assert 'value="张房东"' in response.content.decode()


def test_materials_page_shows_every_required_kind_with_its_panel(client, bare):
    client.force_login(bare.user)
    html = client.get(reverse("applicants:materials")).content.decode()
    for code in ("M1", "M2", "M3-degree", "M4-residence-permit", "M5"):
        assert f'id="material-{code}"' in html
    assert "M7" not in [
        r["state"].kind.code for r in client.get(reverse("applicants:materials")).context["rows"]
    ]


def test_home_shows_steps_and_the_checklist(client, complete):
    client.force_login(complete.user)
    response = client.get(reverse("applicants:home"))
    steps = {s["key"]: s for s in response.context["steps"]}
    assert steps["profile"]["done"] and steps["facts"]["done"] and steps["materials"]["done"]
    assert steps["associate"]["current"]
    assert 'aria-current="step"' in response.content.decode()


def test_eligibility_page_renders_the_verdict(client, complete):
    client.force_login(complete.user)
    response = client.get(reverse("applicants:eligibility"))
    html = response.content.decode()
    assert response.context["verdict"] is not None
    # In plain words for the applicant: reasons without rule IDs (reviewers see them).
    assert "月应税收入" in html and "status-pass" in html
    assert "（P5）" not in html and "（F1）" not in html


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("applicants:home")).status_code == 200
    return len(ctx.captured_queries)


def test_home_query_count_does_not_grow_with_the_profile(client, bare):
    client.force_login(bare.user)
    few = _home_queries(client)
    for i in range(5):
        EducationEntry.objects.create(
            applicant=bare,
            level="master",
            school=f"学校{i}",
            summary="学习",
            start_date=date(2015, 1, 1),
            end_date=date(2016, 1, 1),
        )
    make_complete_applicant(user=bare.user, name=bare.name, id_number=bare.id_number)
    assert _home_queries(client) == few


def test_the_profile_page_reads_each_history_once(client, bare):
    """The formsets show the rows the access helper prefetched: one read of each history,
    none while the page renders (issue 15)."""
    Dependant.objects.create(applicant=bare, relation="child", name="李小", school="无")
    client.force_login(bare.user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("applicants:profile"))
    assert response.status_code == 200
    for model in (EducationEntry, WorkEntry, Dependant):
        rows = model.objects.filter(applicant=bare)
        assert rows.exists(), model
        table = f'FROM "{model._meta.db_table}"'
        assert sum(table in q["sql"] for q in ctx.captured_queries) == 1, model
        for row in rows:
            assert f'value="{row.pk}"' in response.content.decode(), row


def test_the_self_check_is_prefilled_from_the_profile(client, complete):
    client.force_login(complete.user)
    form = client.get(reverse("rules:self_check")).context["form"]
    assert form["name"].value() == "李申请"
    assert form["id_number"].value() == complete.id_number
    assert str(form["monthly_taxable_income"].value()) == "18000"
    assert form["residence__kind"].value() == "residence_permit"
