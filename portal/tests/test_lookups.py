"""``field__any`` selects what ``field__in`` selects (portal.lookups), as one array parameter
on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.constants import Role
from portal.models import User
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    return [User.objects.create_user(f"u{n}", role=Role.APPLICANT) for n in range(5)]


def test_any_selects_what_in_selects(users):
    wanted = [users[0].pk, users[3].pk, users[3].pk, None, 10**9]
    assert set(User.objects.filter(pk__any=wanted)) == set(User.objects.filter(pk__in=wanted))
    assert set(User.objects.filter(pk__any=wanted)) == {users[0], users[3]}
    assert not User.objects.filter(pk__any=[]).exists()
    assert not User.objects.filter(pk__any=[None]).exists()


def test_any_takes_a_subquery_as_in_does(users):
    inner = User.objects.filter(username__in=["u1", "u2"]).values("pk")
    assert set(User.objects.filter(pk__any=inner)) == {users[1], users[2]}


def test_any_works_on_a_foreign_key_and_on_text(users):
    assert User.objects.filter(username__any=["u1", "u4", "nobody"]).count() == 2
    unit = Unit.objects.create(name="甲", credit_code="91110000000000000X")
    User.objects.filter(pk=users[2].pk).update(unit=unit, role=Role.UNIT_STAFF)
    assert list(User.objects.filter(unit_id__any=[unit.pk, 10**9])) == [users[2]]
    assert list(User.objects.filter(unit__any=[unit])) == [users[2]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array parameter is PostgreSQL's")
def test_on_postgresql_the_values_are_one_parameter(users):
    with CaptureQueriesContext(connection) as queries:
        list(User.objects.filter(pk__any=[u.pk for u in users]))
    sql = queries[0]["sql"]
    assert "= ANY(" in sql and " IN (" not in sql
