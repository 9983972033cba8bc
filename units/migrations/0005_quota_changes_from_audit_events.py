"""Quota changes (rule U9) used to be audit events whose state columns held "granted/expiry"
strings, e.g. "5/2025-12-31". Each becomes a QuotaChange row with typed values and the event
is removed, so the history lives in one place. Places used at the time were never recorded:
those rows keep ``used`` empty. An event whose text cannot be read is left as it is."""

from datetime import date

from django.db import migrations

TRANSITION = "quota_set"


def _parse(text):
    """ "5/2025-12-31" → (5, date(2025, 12, 31)); "" → (None, None); unreadable → None."""
    if not text:
        return None, None
    granted, _sep, expires_on = text.partition("/")
    try:
        return int(granted), date.fromisoformat(expires_on)
    except ValueError:
        return None


def _format(granted, expires_on):
    return "" if granted is None else f"{granted}/{expires_on.isoformat()}"


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("reviews", "AuditEvent")
    Quota = apps.get_model("units", "Quota")
    QuotaChange = apps.get_model("units", "QuotaChange")
    quota_type = ContentType.objects.filter(app_label="units", model="quota").first()
    if quota_type is None:  # a new database: nothing was ever recorded
        return
    quotas = set(Quota.objects.values_list("pk", flat=True))
    moved = []
    events = AuditEvent.objects.filter(case_type=quota_type, transition=TRANSITION)
    for event in events.order_by("at", "pk"):
        before, after = _parse(event.from_state), _parse(event.to_state)
        if before is None or after is None or after[0] is None or event.case_id not in quotas:
            continue
        QuotaChange.objects.create(
            quota_id=event.case_id,
            changed_by_id=event.actor_id,
            changed_by_role=event.actor_role,
            changed_at=event.at,
            granted_before=before[0],
            expires_on_before=before[1],
            granted_after=after[0],
            expires_on_after=after[1],
            used=None,
            comment=event.comment,
        )
        moved.append(event.pk)
    # The historical model has no immutability guard; these events now live as QuotaChange rows.
    AuditEvent.objects.filter(pk__in=moved).delete()


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("reviews", "AuditEvent")
    QuotaChange = apps.get_model("units", "QuotaChange")
    changes = QuotaChange.objects.order_by("changed_at", "pk")
    if not changes.exists():
        return
    quota_type, _created = ContentType.objects.get_or_create(app_label="units", model="quota")
    for change in changes:
        AuditEvent.objects.create(
            case_type=quota_type,
            case_id=change.quota_id,
            process="",
            actor_id=change.changed_by_id,
            actor_role=change.changed_by_role,
            at=change.changed_at,
            transition=TRANSITION,
            from_state=_format(change.granted_before, change.expires_on_before),
            to_state=_format(change.granted_after, change.expires_on_after),
            comment=change.comment,
            data={},
        )
    changes.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reviews", "0002_alter_auditevent_process"),
        ("units", "0004_quotachange"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
