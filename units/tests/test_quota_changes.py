"""Rule U9: every change of a unit's quota, from the reviewer portal or the admin, is one typed
QuotaChange row (who, when, places and expiry before and after, reason)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from portal.constants import Role
from reviews.models import AuditEvent, ImmutableError
from reviews.services import TransitionRefused
from units import services
from units.models import Quota, QuotaChange

legacy = importlib.import_module("units.migrations.0005_quota_changes_from_audit_events")


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMINISTRATOR, username="quota-admin", is_staff=True, is_superuser=True)


def _days(n: int):
    return timezone.localdate() + timedelta(days=n)


def test_u9_first_quota_is_recorded_without_values_before(unit, reviewer):
    quota = services.quota_set(
        unit=unit, granted=5, expires_on=_days(200), by=reviewer, comment="年度指标"
    )
    change = QuotaChange.objects.get()
    assert change.quota == quota
    assert (change.changed_by, change.changed_by_role) == (reviewer, Role.REVIEWER)
    assert (change.granted_before, change.expires_on_before) == (None, None)
    assert (change.granted_after, change.expires_on_after) == (5, _days(200))
    assert (change.used, change.comment) == (0, "年度指标")


def test_u9_unchanged_or_refused_quota_records_nothing(unit, reviewer):
    quota = services.quota_set(unit=unit, granted=5, expires_on=_days(200), by=reviewer)
    services.quota_set(unit=unit, granted=5, expires_on=_days(200), by=reviewer)
    Quota.objects.filter(pk=quota.pk).update(used=4)
    with pytest.raises(TransitionRefused):
        services.quota_set(unit=unit, granted=3, expires_on=_days(200), by=reviewer)
    assert QuotaChange.objects.count() == 1


def test_u9_quota_change_rows_cannot_be_changed_or_deleted(unit, reviewer):
    services.quota_set(unit=unit, granted=5, expires_on=_days(200), by=reviewer)
    change = QuotaChange.objects.get()
    change.granted_after = 50
    with pytest.raises(ImmutableError):
        change.save()
    with pytest.raises(ImmutableError):
        change.delete()


def test_u9_reviewer_portal_change_writes_one_typed_row(client, unit, reviewer):
    quota = services.quota_set(unit=unit, granted=5, expires_on=_days(200), by=reviewer)
    Quota.objects.filter(pk=quota.pk).update(used=2)
    client.force_login(reviewer)
    url = reverse("reviews:quota", args=[unit.pk])
    response = client.post(
        url,
        {"granted": 8, "expires_on": _days(300).isoformat(), "comment": "重点项目增加指标"},
    )
    assert response.status_code == 302
    assert QuotaChange.objects.count() == 2
    change = quota.history().first()
    assert (change.changed_by, change.changed_by_role) == (reviewer, Role.REVIEWER)
    assert (change.granted_before, change.granted_after) == (5, 8)
    assert (change.expires_on_before, change.expires_on_after) == (_days(200), _days(300))
    assert (change.used, change.comment) == (2, "重点项目增加指标")
    assert not AuditEvent.objects.for_case(quota).exists()
    page = client.get(url).content.decode()
    assert "5 → 8" in page and "重点项目增加指标" in page


def test_u9_reviewer_portal_refuses_below_places_used_and_records_nothing(client, unit, reviewer):
    quota = services.quota_set(unit=unit, granted=5, expires_on=_days(200), by=reviewer)
    Quota.objects.filter(pk=quota.pk).update(used=4)
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:quota", args=[unit.pk]),
        {"granted": 3, "expires_on": _days(200).isoformat()},
    )
    assert response.status_code == 200
    assert "已使用 4 个指标" in response.content.decode()
    assert QuotaChange.objects.count() == 1


def test_u9_admin_add_and_change_each_write_one_typed_row(client, unit, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:units_quota_add"),
        {"unit": unit.pk, "granted": 4, "expires_on": _days(100).isoformat()},
    )
    assert response.status_code == 302
    quota = Quota.objects.get(unit=unit)
    assert QuotaChange.objects.filter(quota=quota).count() == 1
    url = reverse("admin:units_quota_change", args=[quota.pk])
    response = client.post(
        url, {"granted": 6, "expires_on": _days(150).isoformat(), "comment": "补充指标"}
    )
    assert response.status_code == 302
    change = quota.history().first()
    assert (change.changed_by, change.changed_by_role) == (admin_user, Role.ADMINISTRATOR)
    assert (change.granted_before, change.granted_after) == (4, 6)
    assert (change.expires_on_before, change.expires_on_after) == (_days(100), _days(150))
    assert change.comment == "补充指标"
    assert QuotaChange.objects.count() == 2
    page = client.get(url).content.decode()
    assert "4 → 6" in page and "补充指标" in page


def test_u9_quota_audit_events_become_typed_changes(unit, reviewer, admin_user):
    """The data migration: "granted/expiry" strings in an audit event's state columns."""
    quota = Quota.objects.create(unit=unit, granted=8, expires_on=_days(300))
    quota_type = ContentType.objects.get_for_model(Quota)
    first_expiry, expiry = _days(200), _days(300)

    def old_event(actor, before, after):
        return AuditEvent.objects.create(
            case_type=quota_type,
            case_id=quota.pk,
            actor=actor,
            actor_role=actor.role,
            transition="quota_set",
            from_state=before,
            to_state=after,
        )

    old_event(admin_user, "", f"5/{first_expiry}")
    old_event(reviewer, f"5/{first_expiry}", f"8/{expiry}")
    unreadable = old_event(reviewer, "five", f"8/{expiry}")
    legacy.forwards(apps, None)
    changes = list(quota.history())
    assert [(c.granted_before, c.granted_after) for c in changes] == [(5, 8), (None, 5)]
    assert [(c.expires_on_before, c.expires_on_after) for c in changes] == [
        (first_expiry, expiry),
        (None, first_expiry),
    ]
    assert [c.changed_by for c in changes] == [reviewer, admin_user]
    assert [c.used for c in changes] == [None, None]  # never recorded before
    assert list(AuditEvent.objects.for_case(quota)) == [unreadable]
