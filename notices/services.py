"""Creating notices exactly once, delivering them, and marking them read (docs/notices.md)."""

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from portal.models import User

from .channels import CHANNELS
from .constants import MAX_DELIVERY_ATTEMPTS, DeliveryStatus
from .models import Delivery, Notice, Preference
from .texts import languages_of

logger = logging.getLogger(__name__)

DELIVERY_BATCH_SIZE = 50

NoticeKey = tuple[int, str, str, date, str]


@dataclass(frozen=True)
class NoticeDraft:
    """A notice a scan found due. Its key (whom, what, which object, which deadline, which
    step) is the notice's unique constraint."""

    recipient_id: int
    kind: str
    subject: str
    deadline: date
    step: str = ""
    url: str = ""
    params: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> NoticeKey:
        return (self.recipient_id, self.kind, self.subject, self.deadline, self.step)


def subject_of(obj) -> str:
    """The "which object" part of a notice's key: ``app_label.model:pk``."""
    return subject_for(type(obj), obj.pk)


def subject_for(model: type[models.Model], pk: int) -> str:
    """``subject_of`` an object of ``model`` known by its primary key only."""
    return f"{model._meta.label_lower}:{pk}"


def _existing_keys(drafts: Sequence[NoticeDraft]) -> set[NoticeKey]:
    rows = Notice.objects.filter(
        recipient_id__in={d.recipient_id for d in drafts},
        kind__in={d.kind for d in drafts},
        subject__in={d.subject for d in drafts},
    ).values_list("pk", "recipient_id", "kind", "subject", "deadline", "step")
    return {tuple(row[1:]) for row in rows}


# No savepoint of its own: inside a caller's transaction (a scan's batch, an approval) it
# commits or rolls back with it, and spends no queries on one.
@transaction.atomic(savepoint=False)
def notices_create(*, drafts: Sequence[NoticeDraft]) -> int:
    """Create the notices of ``drafts`` that do not exist yet, each with one pending delivery
    per channel that reaches its recipient; skip the others. Returns how many were created.

    Create-or-skip on the unique key: a concurrent scan that inserts the same key first
    (another beat, a redelivered task) makes our insert a no-op (ON CONFLICT DO NOTHING /
    INSERT OR IGNORE), and the delivery rows are unique per notice and channel too. On
    PostgreSQL the notices and the deliveries are each one ``INSERT … SELECT`` from one JSON
    parameter, and the notices' insert returns what it created with the recipients' fields
    the channels read; elsewhere the existing keys are read first and the ORM inserts."""
    unique = list({d.key: d for d in drafts}.values())
    if not unique:
        return 0
    now = timezone.now()
    fields = sorted({name for channel in CHANNELS.values() for name in channel.user_fields})
    if connection.vendor == "postgresql":
        # One statement inserts what is new and returns it with what the channels read of
        # each recipient: the unique key decides, and no read comes first or after.
        notices, users = _insert_notices_returning(unique, now, fields)
        created = len(notices)
    else:
        existing = _existing_keys(unique)
        new = [d for d in unique if d.key not in existing]
        if not new:
            return 0
        notices, users = _insert_notices(new, now, fields)
        created = len(new)
    _deliveries_insert(
        [
            (pk, name, address)
            for pk, recipient_id in notices
            for name, channel in CHANNELS.items()
            if (address := channel.address_for(users[recipient_id]))
        ]
    )
    return created


Recipients = dict[int, dict[str, Any]]  # user pk -> the channels' ``user_fields``


def _insert_notices(
    new: Sequence[NoticeDraft], now, fields: Sequence[str]
) -> tuple[list[tuple[int, int]], Recipients]:
    """Insert-or-skip, then read back (primary key, recipient) of the notices of ``new``,
    with the recipients' ``fields``: those we inserted and those a concurrent scan inserted
    first (their deliveries are unique per notice and channel, so creating them twice is a
    no-op)."""
    Notice.objects.bulk_create(
        [
            Notice(
                recipient_id=d.recipient_id,
                kind=d.kind,
                subject=d.subject,
                deadline=d.deadline,
                step=d.step,
                url=d.url,
                params=d.params,
                created_at=now,
            )
            for d in new
        ],
        ignore_conflicts=True,
    )
    wanted = {d.key for d in new}
    rows = Notice.objects.filter(
        recipient_id__in={d.recipient_id for d in new},
        kind__in={d.kind for d in new},
        subject__in={d.subject for d in new},
    ).values_list(
        "pk",
        "recipient_id",
        "kind",
        "subject",
        "deadline",
        "step",
        *(f"recipient__{name}" for name in fields),
    )
    notices, users = [], {}
    for pk, recipient_id, kind, subject, deadline, step, *values in rows:
        if (recipient_id, kind, subject, deadline, step) in wanted:
            notices.append((pk, recipient_id))
            users[recipient_id] = dict(zip(fields, values, strict=True))
    return notices, users


def _insert_notices_returning(
    new: Sequence[NoticeDraft], now, fields: Sequence[str]
) -> tuple[list[tuple[int, int]], Recipients]:
    """PostgreSQL: the same in one statement, which returns the rows it inserted joined
    with their recipients' ``fields``. The rows go as one JSON parameter
    (``jsonb_to_recordset``), not one parameter per value. A notice a concurrent
    transaction inserted first is skipped here; that transaction created its deliveries
    with it (or, rolled back, left the key to us)."""
    rows = [
        {
            "recipient_id": d.recipient_id,
            "kind": d.kind,
            "subject": d.subject,
            "deadline": d.deadline.isoformat(),
            "step": d.step,
            "url": d.url,
            "params": d.params,
        }
        for d in new
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(f"u.{quote(User._meta.get_field(name).column)}" for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(  # the tables and columns are the models', the values one parameter
            f"WITH n AS (INSERT INTO {Notice._meta.db_table} (recipient_id, kind, subject,"  # noqa: S608
            " deadline, step, url, params, created_at) SELECT *, %s FROM"
            " jsonb_to_recordset(%s::jsonb) AS t(recipient_id bigint, kind varchar,"
            " subject varchar, deadline date, step varchar, url varchar, params jsonb)"
            " ON CONFLICT DO NOTHING RETURNING id, recipient_id)"
            f" SELECT n.id, n.recipient_id, {columns} FROM n"
            f" JOIN {User._meta.db_table} u ON u.id = n.recipient_id",
            [now, json.dumps(rows, cls=DjangoJSONEncoder)],
        )
        found = cursor.fetchall()
    users = {recipient: dict(zip(fields, values, strict=True)) for _, recipient, *values in found}
    return [(pk, recipient) for pk, recipient, *_ in found], users


def _deliveries_insert(rows: Sequence[tuple[int, str, str]]) -> None:
    """Pending deliveries (notice, channel, address), each once per notice and channel."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Delivery.objects.bulk_create(
            [Delivery(notice_id=pk, channel=name, address=address) for pk, name, address in rows],
            ignore_conflicts=True,
        )
        return
    with connection.cursor() as cursor:
        cursor.execute(  # the table and columns are the model's, the values one parameter
            f"INSERT INTO {Delivery._meta.db_table} (notice_id, channel, address, status,"  # noqa: S608
            " attempts, last_error) SELECT *, %s, 0, '' FROM jsonb_to_recordset(%s::jsonb)"
            " AS t(notice_id bigint, channel varchar, address varchar)"
            " ON CONFLICT DO NOTHING",
            [
                DeliveryStatus.PENDING.value,
                json.dumps([{"notice_id": pk, "channel": c, "address": a} for pk, c, a in rows]),
            ],
        )


def _claim(batch_size: int) -> list[int]:
    """Claim pending deliveries for a lease: another worker skips them until it runs out
    (a worker that died while sending leaves them to be retried after the lease)."""
    now = timezone.now()
    lease = timedelta(seconds=settings.NOTICES_DELIVERY_LEASE)
    with transaction.atomic():
        # skip_locked: two workers claim different rows on PostgreSQL; on SQLite the
        # IMMEDIATE transaction already runs one claim at a time.
        pks = list(
            Delivery.objects.due(now)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        Delivery.objects.filter(pk__in=pks).update(
            claimed_until=now + lease, attempts=F("attempts") + 1
        )
    return pks


def _send_one(delivery: Delivery, language: str) -> None:
    try:
        CHANNELS[delivery.channel].send(
            delivery.notice, address=delivery.address, language=language
        )
    except Exception as exc:
        logger.warning("notice delivery %s failed: %s", delivery.pk, exc)
        failed = delivery.attempts >= MAX_DELIVERY_ATTEMPTS
        Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
            last_error=str(exc)[:2000],
        )
        return
    # Recorded right after sending: a delivery recorded as sent is never sent again. A
    # worker killed between the two leaves it pending, to be sent again after the lease.
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )


def deliveries_send(*, batch_size: int = DELIVERY_BATCH_SIZE) -> int:
    """Send every pending delivery whose lease is free; returns how many were tried."""
    tried = 0
    while pks := _claim(batch_size):
        batch = list(Delivery.objects.filter(pk__in=pks).select_related("notice").order_by("pk"))
        languages = languages_of([d.notice.recipient_id for d in batch])
        for delivery in batch:
            _send_one(delivery, languages[delivery.notice.recipient_id])
        tried += len(batch)
    return tried


def notice_mark_read(*, notice: Notice) -> None:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)


def notices_mark_all_read(*, user: User) -> int:
    return Notice.objects.for_recipient(user).unread().update(read_at=timezone.now())


def preference_set(*, user: User, language: str) -> Preference:
    preference, _ = Preference.objects.update_or_create(user=user, defaults={"language": language})
    return preference
