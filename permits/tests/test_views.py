"""PR3 views with every role; foreign objects are 404; bad input at the field; query budgets."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applicants.models import Dependant, EducationEntry, WorkEntry
from attachments.models import MaterialKind
from attachments.services import attachment_upload
from permits import services
from permits.models import LabourContract
from portal.constants import Role
from reviews.services import MaterialReturn
from rules import tables

from .conftest import contract_data, scan
from .factories import application_with_zone


@pytest.fixture
def submitted(associated):
    person = associated()
    application = services.application_open(applicant=person)
    return services.application_submit(application=application, by=person.user)


def _views(application, association):
    return [
        ("get", reverse("permits:associate"), {}),
        ("get", reverse("permits:application"), {}),
        ("get", reverse("permits:employees"), {}),
        ("get", reverse("permits:unit_application", args=[application.pk]), {}),
        ("get", reverse("permits:association_decide", args=[association.pk]), {}),
        ("get", reverse("reviews:permits_queue"), {}),
        ("get", reverse("reviews:permit_application", args=[application.pk]), {}),
    ]


EXPECTED = {
    Role.APPLICANT: [200, 200, 403, 403, 403, 403, 403],
    Role.UNIT_STAFF: [403, 403, 200, 200, 302, 403, 403],  # the association is already answered
    Role.REVIEWER: [403, 403, 403, 403, 403, 200, 200],
    Role.ADMINISTRATOR: [403, 403, 403, 403, 403, 403, 403],
}


@pytest.mark.parametrize("role", list(Role))
def test_every_view_with_every_role(client, make_user, submitted, role):
    users = {
        Role.APPLICANT: submitted.applicant.user,
        Role.UNIT_STAFF: submitted.unit.staff.first(),
        Role.REVIEWER: make_user(Role.REVIEWER, username="r"),
        Role.ADMINISTRATOR: make_user(Role.ADMINISTRATOR, username="a", is_staff=True),
    }
    client.force_login(users[role])
    views = _views(submitted, submitted.association)
    statuses = [getattr(client, m)(url, data).status_code for m, url, data in views]
    assert statuses == EXPECTED[role]


def test_another_units_application_and_association_are_404(client, submitted, permitted_unit):
    other = permitted_unit()
    client.force_login(other.staff_user)
    assert client.get(reverse("permits:unit_application", args=[submitted.pk])).status_code == 404
    assert (
        client.get(
            reverse("permits:association_decide", args=[submitted.association.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("permits:unit_application_decide", args=[submitted.pk, "forward"])
        ).status_code
        == 404
    )


def test_another_applicants_application_is_404(client, submitted, applicant):
    stranger = applicant(9)
    client.force_login(stranger.user)
    assert (
        client.post(reverse("permits:application_submit", args=[submitted.pk])).status_code == 404
    )


def test_unknown_code_is_explained_at_the_field(client, applicant, permitted_unit):
    person = applicant()
    client.force_login(person.user)
    response = client.post(reverse("permits:associate"), {"code": "NOPE1234"})
    assert response.status_code == 200
    assert "关联码" in " ".join(response.context["form"].errors["code"])
    assert response.context["form"]["code"].value() == "NOPE1234"


def test_contract_errors_are_shown_at_the_field_and_kept(client, applicant, permitted_unit):
    unit = permitted_unit()
    association = services.association_request(applicant=applicant(), code=unit.association_code)
    client.force_login(unit.staff_user)
    data = contract_data(unit, party_a="别的公司")
    post = {f"accept-{k}": v for k, v in data.items() if k != "contract_file"}
    post["accept-contract_file"] = data["contract_file"]
    post["action"] = "accept"
    response = client.post(reverse("permits:association_decide", args=[association.pk]), post)
    assert response.status_code == 400
    form = response.context["accept_form"]
    assert "M7" in " ".join(form.errors["party_a"])
    assert form["position"].value() == "工程师"


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_unit_employee_list_makes_as_many_queries_for_3_rows_as_for_50(client, permitted_unit):
    unit = permitted_unit()
    client.force_login(unit.staff_user)
    for serial in range(3):
        application_with_zone(unit, serial)
    few, _ = _count(client, reverse("permits:employees"))
    for serial in range(3, 50):
        application_with_zone(unit, serial)
    many, response = _count(client, reverse("permits:employees"))
    assert len(response.context["current"]) == 50
    assert few == many <= 12, (few, many)


def test_reviewer_permit_queue_makes_as_many_queries_for_3_rows_as_for_50(
    client, permitted_unit, reviewer
):
    unit = permitted_unit()
    client.force_login(reviewer)
    for serial in range(3):
        application_with_zone(unit, serial)
    few, _ = _count(client, reverse("reviews:permits_queue"))
    for serial in range(3, 50):
        application_with_zone(unit, serial)
    many, response = _count(client, reverse("reviews:permits_queue"))
    assert len(response.context["rows"]) == 25  # one page
    assert few == many <= 12, (few, many)


def _add_rows(application, reviewer, count: int) -> None:
    """``count`` more of every kind of row a PR3 case page lists: versions of a material and
    of the labour contract, contracts, education, work and dependant rows, and rounds of the
    zone's return and the unit's forward (audit events with returned materials)."""
    applicant, staff = application.applicant, application.unit.staff.first()
    contract = application.association.current_contract
    education, work = applicant.education.first(), applicant.work_history.first()
    for serial in range(count):
        earlier = LabourContract.objects.get(pk=contract.pk)
        earlier.pk, earlier.created_at = None, contract.created_at - timedelta(days=serial + 1)
        earlier.save()
        EducationEntry.objects.create(
            applicant=applicant,
            level=education.level,
            school=f"学校{serial}",
            start_date=education.start_date,
            end_date=education.end_date,
        )
        WorkEntry.objects.create(
            applicant=applicant,
            employer=f"单位{serial}",
            start_date=work.start_date,
            end_date=work.end_date,
        )
        Dependant.objects.create(applicant=applicant, relation="child", name=f"子女{serial}")
    m5, m7 = MaterialKind.objects.get(code="M5"), MaterialKind.objects.get(code="M7")
    for _serial in range(count):
        attachment_upload(
            owner=applicant, kind=m5, uploaded_file=scan(), uploaded_by=applicant.user
        )
        attachment_upload(owner=contract, kind=m7, uploaded_file=scan(), uploaded_by=staff)
        services.application_return_to_unit(
            application=application,
            by=reviewer,
            comment="请核对",
            returned=[MaterialReturn("M7", "劳动合同", "请上传清晰的扫描件")],
        )
        services.application_forward(application=application, by=staff, comment="已核对。")


@pytest.fixture
def reference_tables_cached(reference_data, monkeypatch):
    """The wage table and the calendar in the cache, as the portal serves them between two
    changes of them (rules.tables: the test's transaction that loaded them is one such
    change, so they are put in the cache here)."""
    with monkeypatch.context() as patch:
        patch.setattr(tables, "_changed_in_this_transaction", lambda: False)
        tables.load_wage_table()
        tables.load_calendar()


@pytest.mark.usefixtures("reference_tables_cached")
@pytest.mark.parametrize("viewer", ["reviewer", "unit", "applicant"])
def test_case_page_makes_as_many_queries_for_3_rows_as_for_50(client, with_zone, reviewer, viewer):
    """Issue 15: the PR3 case page reads each thing once, its readiness check included."""
    application = with_zone()
    user, url = {
        "reviewer": (reviewer, reverse("reviews:permit_application", args=[application.pk])),
        "unit": (
            application.unit.staff.first(),
            reverse("permits:unit_application", args=[application.pk]),
        ),
        "applicant": (application.applicant.user, reverse("permits:application")),
    }[viewer]
    client.force_login(user)
    _add_rows(application, reviewer, 3)
    client.get(url)  # the verdict of the new rows is stored by the first view
    few, _ = _count(client, url)
    _add_rows(application, reviewer, 47)
    client.get(url)
    many, response = _count(client, url)
    assert len(response.context["events"]) == 2 + 2 * 50
    assert len(response.context["assessment"].materials) >= 5
    assert response.context["contract_attachment"].version == 1 + 50
    assert few == many <= 12, (few, many)


def test_while_the_unit_checks_the_applicant_cannot_change_what_was_submitted(client, submitted):
    from django.contrib.contenttypes.models import ContentType

    from attachments.models import Attachment

    from .conftest import scan

    applicant = submitted.applicant
    client.force_login(applicant.user)
    response = client.post(
        reverse("applicants:profile"), {"current_address": "别处1号"}, follow=True
    )
    assert "审核" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.current_address != "别处1号"
    upload_url = reverse(
        "attachments:upload",
        args=[ContentType.objects.get_for_model(applicant).pk, applicant.pk, "M5"],
    )
    before = Attachment.objects.for_owner(applicant).count()
    assert client.post(upload_url, {"file": scan()}).status_code in (403, 404)
    assert Attachment.objects.for_owner(applicant).count() == before


def test_case_pages_show_the_t1_clock_to_each_role(client, with_zone, reviewer):
    application = with_zone()
    pages = [
        (reviewer, reverse("reviews:permit_application", args=[application.pk])),
        (
            application.unit.staff.first(),
            reverse("permits:unit_application", args=[application.pk]),
        ),
        (application.applicant.user, reverse("permits:application")),
    ]
    for user, url in pages:
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "已用 0 个工作日" in page, url


def test_a_new_applicant_is_guided_to_the_profile_not_shown_an_error(client, make_user):
    client.force_login(make_user(Role.APPLICANT, username="brand-new"))
    for url in (reverse("permits:application"), reverse("permits:associate")):
        response = client.get(url, follow=True)
        assert response.status_code == 200
        assert "请先填写个人基础信息" in response.content.decode()
