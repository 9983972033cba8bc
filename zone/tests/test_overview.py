"""The reviewers' overview: units with their permission and quota (U9), the new-permit queue
searched by name, ID number, USCC or case number, filtered (django-filter), paginated and
sorted by due date (T1); quota editable from the unit list. Query budgets hold: as many
queries for 3 rows as for 50, at most 12."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from permits.models import PermitApplication
from permits.tests.factories import application_with_zone
from units.models import Quota, UnitPermission
from units.tests.factories import UnitFactory


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def _unit_with_quota(i: int):
    unit = UnitFactory(complete=True)
    UnitPermission.objects.create(unit=unit)
    Quota.objects.create(
        unit=unit, granted=10, used=i % 3, expires_on=timezone.localdate() + timedelta(days=90)
    )
    return unit


def test_units_list_query_budget(client, reviewer, reference_data):
    client.force_login(reviewer)
    for i in range(3):
        _unit_with_quota(i)
    few, _ = _count(client, reverse("reviews:units"))
    for i in range(3, 50):
        _unit_with_quota(i) if i % 2 else UnitFactory(complete=True)
    many, response = _count(client, reverse("reviews:units"))
    assert len(response.context["page_obj"]) == 25
    assert few == many <= 12, (few, many)


@pytest.mark.parametrize("url_name", ["reviews:permits_queue", "reviews:home"])
def test_searched_queue_query_budget(client, reviewer, permitted_unit, url_name):
    unit = permitted_unit()
    client.force_login(reviewer)
    for serial in range(3):
        application_with_zone(unit, serial)
    url = reverse(url_name) + "?q=&ordering=due_on&overdue=on"
    few, _ = _count(client, url)
    for serial in range(3, 50):
        application_with_zone(unit, serial)
    many, _response = _count(client, url)
    assert few == many <= 12, (few, many)


def test_units_list_shows_permission_and_quota_and_links_to_the_quota(
    client, reviewer, reference_data
):
    unit = _unit_with_quota(2)
    bare = UnitFactory(complete=True, name="没有权限的单位")
    client.force_login(reviewer)
    page = client.get(reverse("reviews:units")).content.decode()
    assert unit.name in page and "2 / 10" in page
    assert bare.name in page and "未开通" in page
    listing = reverse("reviews:units") + "?q=" + unit.credit_code
    page = client.get(listing).content.decode()
    assert bare.name not in page
    quota_url = reverse("reviews:quota", args=[unit.pk])
    assert quota_url in page
    # The quota page names the unit in its title and offers the way back in its body.
    form_page = client.get(quota_url, {"next": listing}).content.decode()
    title = re.search(r"<title>(.*?)</title>", form_page, re.S).group(1)
    assert unit.name in title and "<" not in title
    assert "返回单位列表" in form_page.split("</title>", 1)[1]
    # Save from the list: back to the list, the change recorded.
    response = client.post(
        quota_url,
        {"granted": 12, "expires_on": unit.quota.expires_on.isoformat(), "next": listing},
    )
    assert response.status_code == 302 and response["Location"] == listing
    unit.quota.refresh_from_db()
    assert unit.quota.granted == 12
    evil = client.post(
        quota_url,
        {
            "granted": 13,
            "expires_on": unit.quota.expires_on.isoformat(),
            "next": "https://x.example/",
        },
    )
    assert evil["Location"] == quota_url


def test_reviewer_finds_a_case_by_id_number_name_uscc_or_number(client, reviewer, permitted_unit):
    unit, other = permitted_unit(), permitted_unit()
    wanted = application_with_zone(unit, 1)
    noise = application_with_zone(other, 2)
    client.force_login(reviewer)
    queue = reverse("reviews:permits_queue")
    for term in (
        wanted.applicant.id_number,
        wanted.applicant.id_number.lower(),
        wanted.applicant.name,
        unit.credit_code,
        f"#{wanted.pk}",
    ):
        rows = client.get(queue, {"q": term}).context["rows"]
        assert [a.pk for a, _clock in rows] == [wanted.pk], term
    for unit_term in (other.credit_code, other.credit_code.lower(), other.name):
        rows = client.get(queue, {"unit": unit_term}).context["rows"]
        assert [a.pk for a, _clock in rows] == [noise.pk], unit_term


def test_queue_sorts_by_due_date_and_filters_overdue(client, reviewer, permitted_unit):
    unit = permitted_unit()
    today = timezone.localdate()
    late, soon, later = (application_with_zone(unit, s) for s in (1, 2, 3))
    for application, due in (
        (late, today - timedelta(days=3)),
        (soon, today + timedelta(days=2)),
        (later, today + timedelta(days=20)),
    ):
        PermitApplication.objects.filter(pk=application.pk).update(due_on=due)
    client.force_login(reviewer)
    queue = reverse("reviews:permits_queue")
    rows = client.get(queue, {"ordering": "-due_on"}).context["rows"]
    assert [a.pk for a, _c in rows] == [later.pk, soon.pk, late.pk]
    rows = client.get(queue, {"ordering": "due_on"}).context["rows"]
    assert [a.pk for a, _c in rows] == [late.pk, soon.pk, later.pk]
    rows = client.get(queue, {"overdue": "on"}).context["rows"]
    assert [a.pk for a, _c in rows] == [late.pk]


def test_queue_paginates_keeping_the_filters(client, reviewer, permitted_unit):
    unit = permitted_unit()
    for serial in range(30):
        application_with_zone(unit, serial)
    client.force_login(reviewer)
    page = client.get(reverse("reviews:permits_queue"), {"q": "列表"}).content.decode()
    assert "q=%E5%88%97%E8%A1%A8&amp;page=2" in page
    second = client.get(reverse("reviews:permits_queue"), {"q": "列表", "page": 2})
    assert len(second.context["rows"]) == 5
