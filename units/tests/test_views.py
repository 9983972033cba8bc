"""Every view of PR1 / PR2 with every role; bad input at the field; query budgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.constants import Role
from units import services

from .factories import UnitCaseFactory, UnitFactory


@pytest.fixture
def own_case(ready_unit):
    case = services.unit_case_open(unit=ready_unit, kind="PR1")
    return services.unit_case_submit(case=case, by=ready_unit.staff_user)


@pytest.fixture
def foreign_case(db):
    return UnitCaseFactory(submitted=True)


def _views(case):
    unit_pk = case.unit_id
    return [
        ("get", reverse("units:home"), {}),
        ("get", reverse("units:profile"), {}),
        ("get", reverse("units:materials"), {}),
        ("get", reverse("units:apply", args=["department"]), {}),
        ("get", reverse("units:case", args=[case.pk]), {}),
        ("post", reverse("units:case_submit", args=[case.pk]), {}),
        ("get", reverse("reviews:home"), {}),
        ("get", reverse("reviews:unit_case", args=[case.pk]), {}),
        (
            "post",
            reverse("reviews:unit_case_decide", args=[case.pk, "reject"]),
            {"reject-reason": ""},
        ),
        ("get", reverse("reviews:quota", args=[unit_pk]), {}),
    ]


# What each role gets on each view above, in order (302 for a POST means "done, go back").
EXPECTED = {
    Role.UNIT_STAFF: [200, 200, 200, 200, 200, 302, 403, 403, 403, 403],
    Role.APPLICANT: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    Role.REVIEWER: [403, 403, 403, 403, 403, 403, 200, 200, 400, 200],
    Role.ADMINISTRATOR: [403, 403, 403, 403, 403, 403, 403, 403, 403, 200],
}


@pytest.mark.parametrize("role", list(Role))
def test_every_view_with_every_role(client, make_user, ready_unit, own_case, role):
    user = (
        ready_unit.staff_user
        if role == Role.UNIT_STAFF
        else make_user(role, username=f"walker-{role.value}")
    )
    client.force_login(user)
    statuses = [
        getattr(client, method)(url, data).status_code for method, url, data in _views(own_case)
    ]
    assert statuses == EXPECTED[role]


def test_anonymous_users_are_sent_to_sign_in_everywhere(client, own_case):
    for method, url, data in _views(own_case):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/login/" in response.url, url


def test_another_units_case_is_a_404(client, ready_unit, foreign_case):
    client.force_login(ready_unit.staff_user)
    assert client.get(reverse("units:case", args=[foreign_case.pk])).status_code == 404
    assert client.post(reverse("units:case_submit", args=[foreign_case.pk])).status_code == 404


def test_unit_home_says_why_employee_features_wait_for_permission(client, ready_unit):
    client.force_login(ready_unit.staff_user)
    page = client.get(reverse("units:home")).content.decode()
    assert "尚未开通业务权限" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("registered_capital", "-1", "不能为负数"),
        ("registered_capital", "一百万", "输入一个数字"),
        ("established_on", "2099-01-01", "不能晚于今天"),
        ("established_on", "2026-02-30", "输入一个有效的日期"),
        ("operator_id_number", "110105194912310021", "校验位不正确"),
        ("operator_phone", "12345", "手机号码"),
        ("zone_tax_months", "-3", "大于或等于0"),
        ("entity_type", "sole_trader", "选择一个有效的选项"),
        ("business_scope", "", "这个字段是必填项"),
    ],
)
def test_bad_profile_input_is_explained_at_the_field_and_kept(
    client, ready_unit, field, value, message
):
    client.force_login(ready_unit.staff_user)
    data = _profile_data(ready_unit) | {field: value}
    response = client.post(reverse("units:profile"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field]), form.errors[field]
    # What the user typed is still in the form.
    assert form["industry"].value() == "集成电路"
    assert f'id="id_{field}_error"' in response.content.decode()


def test_branch_needs_head_office_capital(client, ready_unit):
    client.force_login(ready_unit.staff_user)
    data = _profile_data(ready_unit) | {
        "entity_type": "branch",
        "head_office_registered_capital": "",
    }
    response = client.post(reverse("units:profile"), data)
    assert "head_office_registered_capital" in response.context["form"].errors


def test_profile_saves_valid_input(client, ready_unit):
    client.force_login(ready_unit.staff_user)
    response = client.post(reverse("units:profile"), _profile_data(ready_unit))
    assert response.status_code == 302
    ready_unit.refresh_from_db()
    assert ready_unit.industry == "集成电路"


def _profile_data(unit):
    return {
        "entity_type": "enterprise_legal_person",
        "registered_on": "2020-03-01",
        "established_on": "2020-03-01",
        "registered_in_zone": "on",
        "registered_capital": "5000000",
        "head_office_registered_capital": "",
        "industry": "集成电路",
        "business_scope": "集成电路设计",
        "previous_year_zone_tax": "300000",
        "zone_tax_months": "36",
        "agency_kind": "none",
        "key_support": "none",
        "operator_name": "王经办",
        "operator_id_number": "11010519491231002X",
        "operator_phone": "13800138000",
    }


def _queue_queries(client, n):
    for i in range(n):
        UnitCaseFactory(
            submitted=True, unit=UnitFactory(complete=True, key_support_unit=bool(i % 2))
        )
    client.get(reverse("reviews:home"))  # the second page a reviewer sees: the session and
    # the working-day calendar are in the cache by then (portal.sessions, rules.tables)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reviews:home"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_reviewer_queue_query_count_does_not_grow_with_rows(client, reviewer):
    client.force_login(reviewer)
    few, _ = _queue_queries(client, 3)
    many, response = _queue_queries(client, 47)
    assert few == many, (few, many)
    assert many <= 12
    assert len(response.context["rows"]) == 25  # one page


def test_reviewer_queue_filters(client, reviewer):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(reviewer)
    late = UnitCaseFactory(submitted=True, due_on=timezone.localdate() - timedelta(days=1))
    key = UnitCaseFactory(submitted=True, unit=UnitFactory(complete=True, key_support_unit=True))
    draft = UnitCaseFactory()
    rows = lambda q: {c.pk for c, _ in client.get(reverse("reviews:home"), q).context["rows"]}  # noqa: E731
    assert rows({}) == {late.pk, key.pk}  # drafts are not the zone's business
    assert rows({"state": "draft"}) == {draft.pk}
    assert rows({"overdue": "on"}) == {late.pk}
    assert rows({"key_support": "yes"}) == {key.pk}


def test_admin_quota_changes_are_audited_and_cannot_go_below_places_used(
    client, ready_unit, make_user
):
    from datetime import timedelta

    from django.utils import timezone

    from reviews.models import AuditEvent
    from units.models import Quota

    admin = make_user(Role.ADMINISTRATOR, username="quota-admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    expires = (timezone.localdate() + timedelta(days=200)).isoformat()
    response = client.post(
        reverse("admin:units_quota_add"),
        {"unit": ready_unit.pk, "granted": 4, "expires_on": expires},
    )
    assert response.status_code == 302
    quota = Quota.objects.get(unit=ready_unit)
    Quota.objects.filter(pk=quota.pk).update(used=3)
    url = reverse("admin:units_quota_change", args=[quota.pk])
    response = client.post(url, {"unit": ready_unit.pk, "granted": 2, "expires_on": expires})
    assert response.status_code == 200
    assert "已使用 3 个指标" in response.content.decode()
    response = client.post(url, {"unit": ready_unit.pk, "granted": 6, "expires_on": expires})
    assert response.status_code == 302
    assert Quota.objects.get(pk=quota.pk).granted == 6
    assert quota.history().count() == 2
    assert not AuditEvent.objects.for_case(quota).exists()


def test_while_the_zone_reviews_the_unit_cannot_change_what_it_submitted(
    client, ready_unit, reviewer
):
    from django.contrib.contenttypes.models import ContentType

    from attachments.models import Attachment

    from .conftest import png_file

    case = services.unit_case_submit(
        case=services.unit_case_open(unit=ready_unit, kind="PR1"), by=ready_unit.staff_user
    )
    client.force_login(ready_unit.staff_user)
    data = _profile_data(ready_unit) | {"industry": "房地产"}
    response = client.post(reverse("units:profile"), data, follow=True)
    assert "审核" in response.content.decode()
    ready_unit.refresh_from_db()
    assert ready_unit.industry != "房地产"
    upload_url = reverse(
        "attachments:upload",
        args=[ContentType.objects.get_for_model(ready_unit).pk, ready_unit.pk, "U10d"],
    )
    before = Attachment.objects.for_owner(ready_unit).count()
    assert client.post(upload_url, {"file": png_file()}).status_code in (403, 404)
    assert Attachment.objects.for_owner(ready_unit).count() == before
    # Returned: the unit may fix it again.
    from reviews.services import MaterialReturn

    services.unit_case_return(
        case=case, by=reviewer, comment="", returned=[MaterialReturn("U10d", "诚信声明", "未签字")]
    )
    assert client.post(upload_url, {"file": png_file()}).status_code in (200, 302)
    assert Attachment.objects.for_owner(ready_unit).count() == before + 1


def test_unit_home_makes_as_many_queries_for_3_cases_as_for_50(client, ready_unit):
    client.force_login(ready_unit.staff_user)
    for _ in range(3):
        UnitCaseFactory(unit=ready_unit, rejected=True)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("units:home")).status_code == 200
    for _ in range(47):
        UnitCaseFactory(unit=ready_unit, rejected=True)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("units:home")).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries) <= 12
