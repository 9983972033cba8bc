"""The zone's statistics against a hand computation on fixed data, the page for reviewers and
administrators (charts with their tables, filters), and its query budget at 10,000 cases."""

from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from figures.measures import Period, nearest_rank, zone_figures
from permits.constants import ApplicationState, PermitStatus
from permits.models import Permit, PermitApplication
from permits.tests.conftest import (  # noqa: F401 -- fixtures
    applicant,
    associated,
    permitted_unit,
    reference_data,
    with_zone,
)
from portal.constants import Role
from reviews.models import AuditEvent, ReturnedMaterial
from rules.tables import load_calendar
from units.constants import UnitCaseState
from units.models import Unit, UnitCase
from units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 20)
MARCH_APRIL = Period(date(2026, 3, 1), date(2026, 4, 1))


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def unit_case(unit, kind, state, received: date, due: date, decided: date | None = None):
    return UnitCase.objects.create(
        unit=unit,
        kind=kind,
        state=state,
        received_at=at(received),
        due_on=due,
        decided_at=at(decided, 16) if decided else None,
    )


def returned(case, when: date, role: str, reasons: list[tuple[str, str, str]]):
    event = AuditEvent.objects.create(
        case_type=ContentType.objects.get_for_model(UnitCase),
        case_id=case.pk,
        process=case.kind,
        actor_role=role,
        at=at(when),
        transition="return_to_unit",
        from_state="submitted",
        to_state="returned",
    )
    for code, name, reason in reasons:
        ReturnedMaterial.objects.create(
            event=event, material_code=code, material_name=name, reason=reason
        )


@pytest.fixture
def fixed_data(with_zone):  # noqa: F811 -- the fixture imported above
    """Cases with hand-countable dates in March and April 2026 (no public holiday between
    2026-03-02 and 2026-03-31, nor between 2026-04-07 and 2026-04-30)."""
    north, south = UnitFactory(name="北区单位"), UnitFactory(name="南区单位")
    approved, rejected = UnitCaseState.APPROVED, UnitCaseState.REJECTED
    # PR1, decided. Working days after the receipt up to the decision:
    # A: 03-03 … 03-09 = 5; B: 03-03 … 03-20 = 14; C (received 03-03): 03-04, 03-05 = 2.
    a = unit_case(north, "PR1", approved, date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 9))
    unit_case(north, "PR1", rejected, date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 20))
    unit_case(south, "PR1", approved, date(2026, 3, 3), date(2026, 3, 17), date(2026, 3, 5))
    # PR2: one still waiting after its date (overdue), one returned (not overdue).
    d = unit_case(north, "PR2", UnitCaseState.SUBMITTED, date(2026, 4, 1), date(2026, 4, 15))
    unit_case(south, "PR2", UnitCaseState.RETURNED, date(2026, 4, 1), date(2026, 4, 15))
    # Outside the period: not counted.
    unit_case(south, "PR1", approved, date(2026, 2, 27), date(2026, 3, 13), date(2026, 3, 2))
    # PR3: F approved, 03-11 … 03-31 = 15 working days, before its date.
    f = with_zone(1)
    PermitApplication.objects.filter(pk=f.pk).update(
        state=ApplicationState.APPROVED,
        received_at=at(date(2026, 3, 10)),
        due_on=date(2026, 4, 8),
        decided_at=at(date(2026, 3, 31), 16),
    )
    g = with_zone(2, unit=None)
    # Return reasons given by the zone in the period; a unit's return and an old one do not
    # count.
    returned(a, date(2026, 3, 5), Role.REVIEWER, [
        ("U10d", "单位诚信声明", "缺少法定代表人签字"),
        ("U10c", "纳税证明", "税务证明已过期"),
    ])  # fmt: skip
    returned(a, date(2026, 3, 6), Role.REVIEWER, [("U10d", "单位诚信声明", "缺少法定代表人签字")])
    returned(d, date(2026, 4, 2), Role.REVIEWER, [("U10d", "单位诚信声明", "未加盖公章")])
    returned(d, date(2026, 4, 3), Role.UNIT_STAFF, [("U10d", "单位诚信声明", "其他")])
    returned(a, date(2026, 2, 20), Role.REVIEWER, [("U10e", "营业执照", "模糊")])
    # Permits: valid ones expiring in June and in August count; one expired before today and
    # a lapsed one do not.
    permit = {"holder": f.applicant, "unit": f.unit, "issued_on": date(2023, 6, 15)}
    Permit.objects.create(
        number="JKGJ-2023-000001", application=f, expires_on=date(2026, 6, 15), **permit
    )
    Permit.objects.create(
        number="JKGJ-2023-000002",
        application=g,
        expires_on=date(2026, 8, 1),
        **{**permit, "holder": g.applicant},
    )
    for n, (expires, status) in enumerate(
        [(date(2026, 4, 10), PermitStatus.VALID), (date(2026, 5, 10), PermitStatus.LAPSED)], 3
    ):
        other = with_zone(n)
        Permit.objects.create(
            number=f"JKGJ-2023-00000{n}",
            holder=other.applicant,
            unit=other.unit,
            application=other,
            issued_on=date(2023, 5, 10),
            expires_on=expires,
            status=status,
        )  # fmt: skip
    return {"north": north, "south": south, "f": f, "g": g}


def test_figures_match_a_hand_computation(fixed_data):
    figures = zone_figures(
        period=MARCH_APRIL,
        processes=("PR1", "PR2", "PR3"),
        today=TODAY,
        calendar=load_calendar(),
    )

    march, april = date(2026, 3, 1), date(2026, 4, 1)
    # g (with_zone(2)) was received today by the flow: outside March–April 2026 only if today
    # is not in it; the test's dates are fixed, the flow's are not.
    g_month = timezone.localdate(fixed_data["g"].received_at).replace(day=1)
    expected_months = {march: {"PR1": 3, "PR3": 1}, april: {"PR2": 2}}
    if g_month in expected_months:
        expected_months[g_month]["PR3"] = expected_months[g_month].get("PR3", 0) + 1
    assert figures.per_month == expected_months

    pr1, pr2, pr3 = figures.timings
    assert (pr1.process, pr1.decided, pr1.median, pr1.p90, pr1.promised) == ("PR1", 3, 5, 14, 10)
    assert (pr1.overdue, pr1.with_promise) == (1, 3)  # B: decided 03-20, promised 03-16
    assert (pr2.decided, pr2.median, pr2.p90) == (0, None, None)
    assert (pr2.overdue, pr2.with_promise) == (1, 2)  # D waits after 04-15; E was returned
    assert (pr3.decided, pr3.median, pr3.p90, pr3.promised) == (1, 15, 15, 20)
    assert pr3.overdue == 0

    (signature, tax) = figures.reasons
    assert (signature.code, signature.total) == ("U10d", 3)
    assert signature.reasons == [("缺少法定代表人签字", 2), ("未加盖公章", 1)]
    assert (tax.code, tax.total, tax.reasons) == ("U10c", 1, [("税务证明已过期", 1)])

    units = {u.name: u for u in figures.units}
    assert (units["北区单位"].unit_cases, units["北区单位"].applications) == (3, 0)
    assert (units["南区单位"].unit_cases, units["南区单位"].applications) == (2, 0)
    f_unit = units[fixed_data["f"].unit.name]
    assert (f_unit.applications, f_unit.approved, f_unit.valid_permits) == (1, 1, 2)

    assert figures.expiring == [
        (date(2026, 4, 1), 0),
        (date(2026, 5, 1), 0),
        (date(2026, 6, 1), 1),
        (date(2026, 7, 1), 0),
        (date(2026, 8, 1), 1),
        (date(2026, 9, 1), 0),
    ]


def test_process_filter_keeps_only_that_process(fixed_data):
    figures = zone_figures(
        period=MARCH_APRIL, processes=("PR2",), today=TODAY, calendar=load_calendar()
    )

    assert [t.process for t in figures.timings] == ["PR2"]
    assert figures.total_cases == 2
    assert [m.total for m in figures.reasons] == [1]  # the zone's one PR2 return


def test_nearest_rank_percentile():
    assert nearest_rank([], 90) is None
    assert nearest_rank([7], 90) == 7
    assert nearest_rank(list(range(1, 11)), 90) == 9
    assert nearest_rank(list(range(1, 12)), 90) == 10
    assert nearest_rank([3, 1, 2], 50) == 2


def test_reviewer_sees_charts_with_their_tables(client, make_user, fixed_data):
    client.force_login(make_user(Role.REVIEWER, username="stat-reviewer"))

    response = client.get(
        reverse("figures:statistics"), {"first": "2026-03", "last": "2026-04", "process": ""}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == 4
    assert page.count('role="img"') == 4
    for chart in ("chart-per-month", "chart-timing", "chart-overdue", "chart-expiring"):
        assert f'aria-labelledby="{chart}"' in page
    assert page.count("<table") == 6
    assert "缺少法定代表人签字（2）" in page
    assert "北区单位" in page
    assert "经开区统计" in page


def test_administrator_sees_the_page_too_and_others_do_not(client, users):
    client.force_login(users[Role.ADMINISTRATOR])
    assert client.get(reverse("figures:statistics")).status_code == 200
    for role in (Role.UNIT_STAFF, Role.APPLICANT):
        client.force_login(users[role])
        assert client.get(reverse("figures:statistics")).status_code == 403


def test_a_wrong_period_is_explained(client, users):
    client.force_login(users[Role.REVIEWER])

    response = client.get(reverse("figures:statistics"), {"first": "2026-05", "last": "2026-01"})

    assert response.status_code == 400
    assert "起始月份晚于截止月份" in response.content.decode()


def test_page_in_english(client, users):
    client.force_login(users[Role.REVIEWER])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("figures:statistics")).content.decode()

    assert "Zone statistics" in page
    assert "Processing time against the promise (T1)" in page


def _many_cases(n: int, batch: str) -> None:
    units = Unit.objects.bulk_create(
        UnitFactory.build(credit_code=f"911103020{batch}STAT{i:04d}") for i in range(200)
    )
    today = timezone.localdate()
    cases = []
    for i in range(n):
        received = today - timedelta(days=(i % 330) + 3)
        cases.append(
            UnitCase(
                unit=units[i % len(units)],
                kind="PR1" if i % 3 else "PR2",
                state=UnitCaseState.APPROVED if i % 4 else UnitCaseState.REJECTED,
                received_at=at(received),
                due_on=received + timedelta(days=14),
                decided_at=at(received + timedelta(days=i % 20)),
            )
        )
    created = UnitCase.objects.bulk_create(cases, batch_size=2000)
    case_type = ContentType.objects.get_for_model(UnitCase)
    events = AuditEvent.objects.bulk_create(
        AuditEvent(
            case_type=case_type,
            case_id=case.pk,
            process=case.kind,
            actor_role=Role.REVIEWER,
            at=case.received_at + timedelta(days=1),
            transition="return_to_unit",
            from_state="submitted",
            to_state="returned",
        )
        for case in created[: n // 5]
    )
    ReturnedMaterial.objects.bulk_create(
        ReturnedMaterial(
            event=event,
            material_code=f"U10{'abcde'[i % 5]}",
            material_name="材料",
            reason=f"原因{i % 7}",
        )
        for i, event in enumerate(events)
    )  # fmt: skip


def _page_queries(client) -> tuple[int, int]:
    """The queries of one statistics page, and the number of cases it counted; measured on
    the second view, when the session and the calendar are in the cache."""
    client.get(reverse("figures:statistics"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("figures:statistics"))
    assert response.status_code == 200
    return len(queries), response.context["figures"].total_cases


def test_query_budget_holds_at_ten_thousand_cases(client, users):
    client.force_login(users[Role.REVIEWER])
    _many_cases(10, batch="A")
    few, _counted = _page_queries(client)
    _many_cases(9_990, batch="B")

    many, counted = _page_queries(client)

    assert counted > 9_000  # the default period (12 months) holds nearly all of them
    assert many == few
    assert many <= 15
