"""The deadline-scan benchmark's database side (bench/deadlines.py drives it; PostgreSQL only).

    python manage.py deadline_bench seed --permits 1000000 --due 10000
    python manage.py deadline_bench baseline      # set-based SQL, rolled back; prints JSON
    python manage.py deadline_bench scans         # every registered scan; prints JSON
    python manage.py deadline_bench reset         # undo what the scans wrote (a kept database)

``seed`` fills an empty (migrated, reference data loaded) database with set-based SQL
(``INSERT … SELECT generate_series``), not the ORM: N holders with their accounts, accepted
associations, labour contracts, approved applications and valid permits, their units (one
staff account each, a quota, a PR1 case, a PR2 case, a tax certificate), two reviewers, and
M due items spread over every deadline the scans read (T1 reviews of PR1/PR2, PR3 and PR6
cases, T2 window and reminders, T3 lapse, T4 leavers, T5 contracts, T6 certificates, U9
quotas); everything else is not due (near misses included: cases with the zone not yet
overdue, full quotas expiring, stale certificates of units with nothing to submit). The day
the data is seeded for is kept in ``deadline_bench_meta``; baseline and scans run as of it.

``baseline`` runs, per scan it knows, one statement that finds the due rows and inserts their
notices and e-mail deliveries (``INSERT … SELECT … ON CONFLICT DO NOTHING``), all in one
transaction that is rolled back. ``scans`` runs ``notices.scans.scan_run`` for every scan of
the registry. Both print their time, their process's peak RSS and, for the scans, the
queries per batch.
"""

import json
import resource
import time
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.urls import get_resolver
from django.utils import timezone

from notices.scans import registry, scan_run
from permits import life
from rules.engine.dates import add_months
from rules.engine.deadlines import (
    contract_must_end_after,
    dissociation_overdue_if_left_before,
    tax_certificate_earliest,
)
from rules.engine.workdays import CalendarNotCovered
from rules.tables import load_calendar
from units.constants import QUOTA_EXPIRY_NOTICE_DAYS, TAX_CERTIFICATE_CODE
from units.models import Unit

META = "deadline_bench_meta"
PERMITS_PER_UNIT = 250
REVIEWERS = 2
# How the due items are shared among the deadlines (percent; they add up to 100). The
# deadlines of units (T1 of PR1/PR2, T6, U9) are capped by the number of units; what they
# cannot take goes to PR3 reviews.
SHARES = {
    "t1_application": 5,
    "t1_permit_case": 5,
    "t1_change": 5,
    "t1_unit_case": 5,
    "t2_window": 35,
    "t3_lapse": 10,
    "t4_leaver": 10,
    "t5_contract": 15,
    "t6_certificate": 5,
    "u9_quota": 5,
}
REMINDER_STEPS = (20, 10, 5, 1)


def plan(permits: int, due: int) -> dict[str, int]:
    """How many due items each deadline gets (they add up to ``due``)."""
    units = max(8, permits // PERMITS_PER_UNIT)
    counts = {name: due * share // 100 for name, share in SHARES.items()}
    counts["t1_application"] += due - sum(counts.values())
    unit_cap = units // 3
    for name in ("t1_unit_case", "t6_certificate", "u9_quota"):
        if counts[name] > unit_cap:
            counts["t1_application"] += counts[name] - unit_cap
            counts[name] = unit_cap
    # Each group of due items takes holders of its own (permits expiring, contracts ending,
    # cases with the zone); the rest of the holders are not due.
    groups = (
        counts["t3_lapse"] + counts["t2_window"] + counts["t1_permit_case"] + permits // 100,
        counts["t4_leaver"] + counts["t5_contract"],
        counts["t1_application"] + permits // 100,
        counts["t1_change"] + permits // 100,
    )
    if max(groups) > permits // 2:
        raise CommandError("--due is too large for --permits")
    return {"units": units, **counts}


# --- seeding ------------------------------------------------------------------------------
def _columns(table: str) -> list[tuple[str, str, bool]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type, is_nullable = 'YES' FROM information_schema.columns"
            " WHERE table_name = %s AND table_schema = current_schema()"
            " ORDER BY ordinal_position",
            [table],
        )
        return cursor.fetchall()


FILLERS = {
    "character varying": "''",
    "text": "''",
    "boolean": "false",
    "integer": "0",
    "smallint": "0",
    "bigint": "0",
    "jsonb": "'{}'::jsonb",
    "date": "current_date",
    "timestamp with time zone": "now()",
    "numeric": "0",
}


def insert_select(table: str, values: dict[str, str], source: str, params: dict) -> int:
    """INSERT INTO ``table`` SELECT ``values`` FROM ``source``; every other NOT NULL column
    gets an empty value of its type, so a column added later needs no change here."""
    exprs = dict(values)
    for name, data_type, nullable in _columns(table):
        if name not in exprs and not nullable and name != "id":
            exprs[name] = FILLERS[data_type]
    sql = (
        f"INSERT INTO {table} ({', '.join(exprs)}) SELECT {', '.join(exprs.values())} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count = cursor.rowcount
    if "id" in values:  # explicit ids: the next row the ORM inserts gets a free one
        _sync_sequence(table)
    return count


def _max_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
        return cursor.fetchone()[0]


def _sync_sequence(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" (SELECT greatest(max(id), 1) FROM {table}))"
        )


SEEDED_TABLES = (
    "portal_user",
    "units_unit",
    "units_quota",
    "units_unitcase",
    "applicants_applicant",
    "permits_association",
    "permits_labourcontract",
    "permits_permitapplication",
    "permits_permit",
    "changes_permitchange",
    "permits_permitcase",
    "attachments_attachment",
)


@transaction.atomic
def seed(permits: int, due: int, today: date) -> dict[str, Any]:
    counts = plan(permits, due)
    n_units = counts["units"]
    off = {table: _max_id(table) for table in SEEDED_TABLES}
    unit_type = ContentType.objects.get_for_model(Unit).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM attachments_materialkind WHERE code = %s", [TAX_CERTIFICATE_CODE]
        )
        row = cursor.fetchone()
    if row is None:
        raise CommandError("reference data missing: run load_reference first")
    window_end = add_months(today, 2)  # a permit expiring by then has its window open (T2)
    t5_end = contract_must_end_after(today)
    p = {
        "n": permits,
        "u": n_units,
        "r": REVIEWERS,
        "today": today,
        "uoff": off["portal_user"],
        "unoff": off["units_unit"],
        "aoff": off["applicants_applicant"],
        "asoff": off["permits_association"],
        "coff": off["permits_labourcontract"],
        "paoff": off["permits_permitapplication"],
        "poff": off["permits_permit"],
        "unit_type": unit_type,
        "tax_kind": row[0],
        "now": timezone.now(),
        **{f"n_{name}": count for name, count in counts.items()},
        "nd": permits // 100,  # cases with the zone that are not overdue yet (near misses)
        "window_days": (window_end - today).days,
        "t5_days": (t5_end - today).days,
        "stale": add_months(tax_certificate_earliest(today), -1),
        "fresh": today - timedelta(days=10),
    }
    unit_of = "%(unoff)s + 1 + (g - 1) %% %(u)s"
    staff_user = "%(uoff)s + %(r)s + g"
    holder_user = "%(uoff)s + %(r)s + %(u)s + g"

    # Accounts: reviewers, one staff account per unit, one per holder (all with e-mail).
    insert_select(
        "units_unit",
        {
            "id": "%(unoff)s + g",
            "name": "'基准测试单位' || g",
            "credit_code": "'B' || lpad(g::text, 17, '0')",
            "agency_kind": "'none'",
            "key_support": "'none'",
            "registered_in_zone": "true",
        },
        "generate_series(1, %(u)s) g",
        p,
    )
    for role, first, count, unit in (
        ("reviewer", "%(uoff)s + g", "%(r)s", "NULL"),
        ("unit_staff", staff_user, "%(u)s", "%(unoff)s + g"),
        ("applicant", holder_user, "%(n)s", "NULL"),
    ):
        insert_select(
            "portal_user",
            {
                "id": first,
                "username": f"'bench-{role}-' || g",
                "email": f"'bench-{role}-' || g || '@example.invalid'",
                "password": "'!'",
                "role": f"'{role}'",
                "unit_id": unit,
                "is_active": "true",
            },
            f"generate_series(1, {count}) g",
            p,
        )

    # Units: a quota (U9), a PR1 case approved, a PR2 case (T1, T6), a tax certificate (T6).
    insert_select(
        "units_quota",
        {
            "unit_id": "%(unoff)s + g",
            "granted": "100",
            # Near miss: a full quota expiring soon is not told about.
            "used": "CASE WHEN g > %(n_u9_quota)s AND g %% 7 = 0 THEN 100 ELSE 10 END",
            "expires_on": "CASE WHEN g <= %(n_u9_quota)s OR g %% 7 = 0"
            " THEN %(today)s + (g %% 31) ELSE %(today)s + 365 END",
            "updated_at": "%(now)s",
        },
        "generate_series(1, %(u)s) g",
        p,
    )
    insert_select(
        "units_unitcase",
        {
            "unit_id": "%(unoff)s + g",
            "kind": "'PR1'",
            "state": "'approved'",
            "created_at": "%(now)s",
            "received_at": "%(now)s",
            "due_on": "%(today)s - 100",
            "decided_at": "%(now)s",
        },
        "generate_series(1, %(u)s) g",
        p,
    )
    a, b = counts["t1_unit_case"], counts["t6_certificate"]
    insert_select(
        "units_unitcase",
        {
            "unit_id": "%(unoff)s + g",
            "kind": "'PR2'",
            "state": f"CASE WHEN g <= {a} THEN 'submitted' WHEN g <= {a + b} THEN 'draft'"
            " WHEN g %% 2 = 0 THEN 'submitted' ELSE 'approved' END",
            "created_at": "%(now)s",
            "received_at": "%(now)s",
            # Overdue (T1) for the first a; the other submitted ones are not due yet.
            "due_on": f"CASE WHEN g <= {a} THEN %(today)s - 1 - g %% 10"
            " ELSE %(today)s + g %% 10 END",
        },
        "generate_series(1, %(u)s) g",
        p,
    )
    insert_select(
        "attachments_attachment",
        {
            "content_type_id": "%(unit_type)s",
            "object_id": "%(unoff)s + g",
            "kind_id": "%(tax_kind)s",
            "version": "1",
            "file": "'bench/U10c/' || g || '.pdf'",
            "original_name": "'U10c.pdf'",
            "file_type": "'pdf'",
            "sha256": "repeat('0', 64)",
            # Stale for the T6 units (a draft case) and, as near misses, for every third
            # other unit (nothing to submit).
            "document_date": f"CASE WHEN (g > {a} AND g <= {a + b}) OR g %% 3 = 0"
            " THEN %(stale)s ELSE %(fresh)s END",
            "uploaded_by_id": staff_user,
            "uploaded_at": "%(now)s",
            "is_current": "true",
        },
        "generate_series(1, %(u)s) g",
        p,
    )

    # Holders: applicant, accepted association, labour contract, approved application, permit.
    insert_select(
        "applicants_applicant",
        {
            "id": "%(aoff)s + g",
            "user_id": holder_user,
            "name": "'测试' || g",
            "id_number": "'B' || lpad(g::text, 17, '0')",
            "birth_date": "date '1990-01-01' + g %% 3650",
            "gender": "'M'",
            "phone": "'13912345678'",
            "created_at": "%(now)s",
            "updated_at": "%(now)s",
        },
        "generate_series(1, %(n)s) g",
        p,
    )
    insert_select(
        "permits_association",
        {
            "id": "%(asoff)s + g",
            "applicant_id": "%(aoff)s + g",
            "unit_id": unit_of,
            "state": "'accepted'",
            "requested_at": "%(now)s",
            "decided_at": "%(now)s",
        },
        "generate_series(1, %(n)s) g",
        p,
    )
    # The last holders' contracts are the due ones: T4 leavers (ended more than 5 days
    # ago, still associated), before them T5 (ending within the month); every tenth other
    # contract is open-ended.
    t4_from = permits - counts["t4_leaver"] + 1
    t5_from = t4_from - counts["t5_contract"]
    insert_select(
        "permits_labourcontract",
        {
            "id": "%(coff)s + g",
            "association_id": "%(asoff)s + g",
            "party_a": "'基准测试单位'",
            "start_date": "%(today)s - 700",
            "end_date": f"CASE WHEN g >= {t4_from} THEN %(today)s - 6 - g %% 20"
            f" WHEN g >= {t5_from} THEN %(today)s + g %% (%(t5_days)s + 1)"
            " WHEN g %% 10 = 0 THEN NULL ELSE %(today)s + 400 + g %% 1000 END",
            "position": "'工程师'",
            "created_at": "%(now)s",
            "created_by_id": "%(uoff)s + %(r)s + 1 + (g - 1) %% %(u)s",
        },
        "generate_series(1, %(n)s) g",
        p,
    )
    insert_select(
        "permits_permitapplication",
        {
            "id": "%(paoff)s + g",
            "applicant_id": "%(aoff)s + g",
            "unit_id": unit_of,
            "association_id": "%(asoff)s + g",
            "state": "'approved'",
            "created_at": "%(now)s",
            "received_at": "%(now)s",
            "due_on": "%(today)s - 100",  # past, but decided: not due
            "decided_at": "%(now)s",
        },
        "generate_series(1, %(n)s) g",
        p,
    )
    # PR3 cases with the zone: the first ones overdue (T1), then near misses.
    insert_select(
        "permits_permitapplication",
        {
            "applicant_id": "%(aoff)s + g",
            "unit_id": unit_of,
            "association_id": "%(asoff)s + g",
            "state": "'with_zone'",
            "created_at": "%(now)s",
            "received_at": "%(now)s",
            "due_on": "CASE WHEN g <= %(n_t1_application)s THEN %(today)s - 1 - g %% 15"
            " ELSE %(today)s + g %% 15 END",
        },
        "generate_series(1, %(n_t1_application)s + %(nd)s) g",
        p,
    )
    # Expiry: the first holders' permits are past expiry (T3), the next ones in the renewal
    # window (T2; those whose last day is within 20 working days get reminders too), the
    # rest expire later. The T2 dates come from the engine, per expiry date.
    calendar = load_calendar()
    days = [today + timedelta(days=d) for d in range(-30, p["window_days"] + 1002)]
    dates = [life.renewal_dates(day, calendar) for day in days]
    # The window is open through the last submission day (or through expiry while that day
    # is not known): the T2 holders' permits expire from the first day that leaves it open.
    p["window_from"] = next(
        d
        for d in range(p["window_days"] + 1)
        if dates[d + 30].last_day is None or dates[d + 30].last_day >= today
    )
    n_t3, n_t2 = counts["t3_lapse"], counts["t2_window"]
    expiry = (
        f"CASE WHEN g <= {n_t3} THEN %(today)s - 1 - g %% 20"
        f" WHEN g <= {n_t3 + n_t2} THEN %(today)s + %(window_from)s"
        " + g %% (%(window_days)s - %(window_from)s + 1)"
        " ELSE %(today)s + %(window_days)s + 1 + ((g::bigint * 7919) %% 1000)::int END"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_renewal ON COMMIT DROP AS SELECT * FROM"
            " unnest(%s::date[], %s::date[], %s::date[], %s::int[])"
            " AS t(expires_on, opens_on, last_day, missing)",
            [
                days,
                [d.opens_on for d in dates],
                [d.last_day for d in dates],
                [d.calendar_missing for d in dates],
            ],
        )
    insert_select(
        "permits_permit",
        {
            "id": "%(poff)s + g",
            "number": "'BENCH-' || g",
            "holder_id": "%(aoff)s + g",
            "unit_id": unit_of,
            "application_id": "%(paoff)s + g",
            "issued_on": "e.expires_on - 1095",
            "expires_on": "e.expires_on",
            "status": "'valid'",
            "renewal_opens_on": "r.opens_on",
            "renewal_last_day": "r.last_day",
            "renewal_calendar_missing": "r.missing",
        },
        f"generate_series(1, %(n)s) g CROSS JOIN LATERAL (SELECT {expiry} AS expires_on) e"
        " JOIN bench_renewal r ON r.expires_on = e.expires_on",
        p,
    )
    # PR6 changes with the zone: overdue (T1), then near misses.
    insert_select(
        "changes_permitchange",
        {
            "permit_id": "%(poff)s + g",
            "holder_id": "%(aoff)s + g",
            "unit_id": unit_of,
            "kind": "'PR6'",
            "state": "'with_zone'",
            "created_at": "%(now)s",
            "received_at": "%(now)s",
            "due_on": "CASE WHEN g <= %(n_t1_change)s THEN %(today)s - 1 - g %% 15"
            " ELSE %(today)s + g %% 15 END",
        },
        "generate_series(1, %(n_t1_change)s + %(nd)s) g",
        p,
    )
    # PR4 renewals with the zone: overdue (T1), then near misses; of holders after the T3
    # and T2 ones, whose permits are not due, so that the renewals change neither.
    insert_select(
        "permits_permitcase",
        {
            "kind": "'PR4'",
            "permit_id": "%(poff)s + g",
            "applicant_id": "%(aoff)s + g",
            "unit_id": unit_of,
            "association_id": "%(asoff)s + g",
            "state": "'with_zone'",
            "created_at": "%(now)s",
            "received_at": "%(now)s",
            "due_on": "CASE WHEN s <= %(n_t1_permit_case)s THEN %(today)s - 1 - s %% 15"
            " ELSE %(today)s + s %% 15 END",
        },
        "generate_series(1, %(n_t1_permit_case)s + %(nd)s) s"
        f" CROSS JOIN LATERAL (SELECT {n_t3 + n_t2} + s AS g) h",
        p,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {META} (today date, plan jsonb)")
        cursor.execute(f"DELETE FROM {META}")
        cursor.execute(f"INSERT INTO {META} VALUES (%s, %s)", [today, json.dumps(counts)])
    return {"today": today.isoformat(), "plan": counts}


def seeded() -> tuple[date, dict] | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [META])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT today, plan FROM {META}")
        row = cursor.fetchone()
    if row is None:
        return None
    counts = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    return row[0], counts


def reset() -> None:
    """Undo what a scan run wrote: its notices and deliveries, the permits it lapsed (T3)
    and the audit rows (the seed writes none)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE permits_permit SET status = 'valid' WHERE id IN (SELECT case_id FROM"
            " reviews_auditevent e JOIN django_content_type t ON t.id = e.case_type_id"
            " WHERE t.app_label = 'permits' AND t.model = 'permit' AND e.transition = 'lapse')"
        )
        cursor.execute("TRUNCATE notices_delivery, notices_notice, reviews_auditevent CASCADE")


# --- the set-based baseline ---------------------------------------------------------------
# Each baseline is a SELECT of (recipient_id, subject, deadline, step) of the notices the
# scan of that name must create. ``{holder_and_staff}`` joins the holder's account and the
# unit's active staff of alias ``x`` (x.unit_id, x.holder_user_id).
HOLDER_AND_STAFF = (
    "JOIN LATERAL (SELECT s.id FROM portal_user s WHERE s.role = 'unit_staff'"
    " AND s.is_active AND s.unit_id = x.unit_id UNION ALL SELECT x.holder_user_id) r(id) ON true"
)
REVIEWERS_SQL = "JOIN portal_user r ON r.role = 'reviewer' AND r.is_active"


def _t1(table: str, label: str, state: str) -> str:
    return (
        f"SELECT r.id, '{label}:' || c.id, c.due_on, '' FROM {table} c {REVIEWERS_SQL}"
        f" WHERE c.state = '{state}' AND c.due_on < %(today)s"
    )


# The permits' current contract: the newest row of an accepted association.
CURRENT_CONTRACTS = (
    "SELECT c.id, c.end_date, a.id AS association_id, a.unit_id, ap.user_id AS holder_user_id"
    " FROM permits_labourcontract c JOIN permits_association a ON a.id = c.association_id"
    " JOIN applicants_applicant ap ON ap.id = a.applicant_id"
    " WHERE a.state = 'accepted' AND NOT EXISTS (SELECT 1 FROM permits_labourcontract n"
    " WHERE n.association_id = c.association_id AND n.created_at > c.created_at)"
)
VALID_PERMITS = (
    "SELECT p.id, p.expires_on, p.renewal_opens_on, p.renewal_last_day, p.unit_id,"
    " ap.user_id AS holder_user_id FROM permits_permit p"
    " JOIN applicants_applicant ap ON ap.id = p.holder_id WHERE p.status = 'valid'"
)
# T2: no renewal (PR4) waiting for the zone.
NO_SUBMITTED_RENEWAL = (
    "NOT EXISTS (SELECT 1 FROM permits_permitcase k WHERE k.permit_id = x.id"
    " AND k.kind = 'PR4' AND k.state = 'with_zone')"
)

BASELINES: dict[str, tuple[str, str]] = {
    # name: (notice kind, SELECT recipient_id, subject, deadline, step)
    "t1_permit_applications_overdue": (
        "review_overdue",
        _t1("permits_permitapplication", "permits.permitapplication", "with_zone"),
    ),
    "t1_permit_cases_overdue": (
        "review_overdue",
        _t1("permits_permitcase", "permits.permitcase", "with_zone"),
    ),
    "t1_permit_changes_overdue": (
        "review_overdue",
        _t1("changes_permitchange", "changes.permitchange", "with_zone"),
    ),
    "t1_unit_cases_overdue": (
        "review_overdue",
        _t1("units_unitcase", "units.unitcase", "submitted"),
    ),
    "t5_labour_contract_ending": (
        "contract_ending",
        f"SELECT r.id, 'permits.labourcontract:' || x.id, x.end_date, '1m'"
        f" FROM ({CURRENT_CONTRACTS}) x {HOLDER_AND_STAFF} WHERE x.end_date <= %(t5_end)s",
    ),
    "t6_tax_certificate_stale": (
        "tax_certificate_stale",
        "SELECT s.id, 'attachments.attachment:' || c.id, c.document_date, ''"
        " FROM attachments_attachment c"
        " JOIN attachments_materialkind k ON k.id = c.kind_id AND k.code = %(tax_code)s"
        " JOIN portal_user s ON s.role = 'unit_staff' AND s.is_active AND s.unit_id = c.object_id"
        " WHERE c.is_current AND c.deleted_at IS NULL AND c.content_type_id = %(unit_type)s"
        " AND c.document_date < %(t6_earliest)s AND c.object_id IN (SELECT unit_id"
        " FROM units_unitcase WHERE state IN ('draft', 'returned'))",
    ),
    "u9_quota_expiring": (
        "quota_expiring",
        f"SELECT r.id, 'units.quota:' || q.id, q.expires_on, '{QUOTA_EXPIRY_NOTICE_DAYS}d'"
        " FROM units_quota q JOIN portal_user r ON r.role = 'unit_staff' AND r.is_active"
        " AND r.unit_id = q.unit_id"
        " WHERE q.expires_on BETWEEN %(today)s AND %(u9_end)s AND q.used < q.granted"
        f" UNION ALL SELECT r.id, 'units.quota:' || q.id, q.expires_on,"
        f" '{QUOTA_EXPIRY_NOTICE_DAYS}d' FROM units_quota q {REVIEWERS_SQL}"
        " WHERE q.expires_on BETWEEN %(today)s AND %(u9_end)s AND q.used < q.granted",
    ),
    # The permit's life (T2–T4): the names and keys of docs/notices.md's hooks.
    "t2_renewal_window_open": (
        "renewal_window_open",
        f"SELECT r.id, 'permits.permit:' || x.id, x.expires_on, 'open' FROM ({VALID_PERMITS}) x"
        f" {HOLDER_AND_STAFF} WHERE x.renewal_opens_on <= %(today)s"
        " AND (x.renewal_last_day >= %(today)s"
        " OR (x.renewal_last_day IS NULL AND x.expires_on >= %(today)s))"
        f" AND {NO_SUBMITTED_RENEWAL}",
    ),
    "t2_renewal_reminders": (
        "renewal_reminder",
        f"SELECT r.id, 'permits.permit:' || x.id, x.renewal_last_day, s.n || 'wd'"
        f" FROM ({VALID_PERMITS}) x"
        " JOIN unnest(%(wd_days)s::date[], %(wd_left)s::int[]) w(day, n_left)"
        " ON w.day = x.renewal_last_day"
        " JOIN unnest(%(steps)s::int[]) s(n) ON w.n_left <= s.n"
        f" {HOLDER_AND_STAFF} WHERE {NO_SUBMITTED_RENEWAL}",
    ),
    "t3_permit_lapse": (
        "permit_lapsed",
        f"SELECT r.id, 'permits.permit:' || x.id, x.expires_on, '' FROM ({VALID_PERMITS}) x"
        f" {HOLDER_AND_STAFF} WHERE x.expires_on < %(today)s",
    ),
    "t4_leaver_not_released": (
        "leaver_not_released",
        "SELECT s.id, 'permits.association:' || x.association_id, x.end_date + 5, ''"
        f" FROM ({CURRENT_CONTRACTS}) x JOIN portal_user s ON s.role = 'unit_staff'"
        " AND s.is_active AND s.unit_id = x.unit_id WHERE x.end_date < %(t4_before)s",
    ),
}

BASELINE_STATEMENT = """
WITH found (recipient_id, subject, deadline, step) AS ({select}),
ins AS (
    INSERT INTO notices_notice (recipient_id, kind, subject, deadline, step, url, params,
                                created_at)
    SELECT DISTINCT recipient_id, %(kind)s, subject, deadline, step, '', '{{}}'::jsonb, now()
    FROM found
    ON CONFLICT DO NOTHING
    RETURNING id, recipient_id
),
dl AS (
    INSERT INTO notices_delivery (notice_id, channel, address, status, attempts, last_error)
    SELECT ins.id, 'email', u.email, 'pending', 0, '' FROM ins
    JOIN portal_user u ON u.id = ins.recipient_id AND u.is_active AND u.email <> ''
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT (SELECT count(DISTINCT subject) FROM found), (SELECT count(*) FROM ins),
       (SELECT count(*) FROM dl)
"""


def baseline_params(today: date) -> dict[str, Any]:
    # The reminders' days: from today through the first step's working day, each with the
    # working days left (a day the calendar does not cover gets no reminder).
    calendar = load_calendar()
    wd_days, wd_left = [], []
    try:
        horizon = calendar.add_working_days(today, max(REMINDER_STEPS))
    except CalendarNotCovered:
        horizon = today + timedelta(days=2 * max(REMINDER_STEPS) + 30)
    day = today
    while day <= horizon:
        try:
            wd_left.append(calendar.working_days_between(today, day))
            wd_days.append(day)
        except CalendarNotCovered:
            break
        day += timedelta(days=1)
    return {
        "today": today,
        "t5_end": contract_must_end_after(today),
        "t4_before": dissociation_overdue_if_left_before(today),
        "t6_earliest": tax_certificate_earliest(today),
        "u9_end": today + timedelta(days=QUOTA_EXPIRY_NOTICE_DAYS),
        "tax_code": TAX_CERTIFICATE_CODE,
        "unit_type": ContentType.objects.get_for_model(Unit).pk,
        "wd_days": wd_days,
        "wd_left": wd_left,
        "steps": list(REMINDER_STEPS),
    }


def baseline_run(today: date, names: list[str] | None = None) -> dict[str, dict]:
    """Each known baseline once, in one transaction that is rolled back: its time, the rows
    found (distinct subjects), the notices and the deliveries it inserted."""
    params = baseline_params(today)
    results = {}
    with transaction.atomic():
        for name, (kind, select) in BASELINES.items():
            if names is not None and name not in names:
                continue
            sql = BASELINE_STATEMENT.format(select=select)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, {**params, "kind": kind})
                found, notices, deliveries = cursor.fetchone()
            results[name] = {
                "seconds": time.perf_counter() - started,
                "found": found,
                "notices": notices,
                "deliveries": deliveries,
            }
        transaction.set_rollback(True)
    return results


# --- the scans ----------------------------------------------------------------------------
def scans_run(today: date, batch_size: int | None = None) -> dict[str, dict]:
    """Every registered scan through ``scan_run``: time, rows found, notices created,
    batches, queries and the deliveries written."""
    get_resolver().reverse_dict  # noqa: B018 — built once per process; not a scan's cost
    results = {}
    for name, scan in registry().items():
        queries = [0]

        def count(execute, sql, params, many, context, queries=queries):
            queries[0] += 1
            return execute(sql, params, many, context)

        before = _deliveries()
        started = time.perf_counter()
        with connection.execute_wrapper(count):
            result = scan_run(scan, today=today, batch_size=batch_size, pause=0)
        seconds = time.perf_counter() - started
        results[name] = {
            "seconds": seconds,
            "found": result.found,
            "notices": result.created,
            "batches": result.batches,
            "queries": queries[0],
            "deliveries": _deliveries() - before,
        }
    return results


def _deliveries() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM notices_delivery")
        return cursor.fetchone()[0]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Command(BaseCommand):
    help = "The deadline-scan benchmark's database side (bench/deadlines.py; PostgreSQL)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["seed", "baseline", "scans", "reset", "plan"])
        parser.add_argument("--permits", type=int, default=1_000_000)
        parser.add_argument("--due", type=int, default=10_000)
        parser.add_argument("--today", type=date.fromisoformat, help="default: today")
        parser.add_argument("--batch-size", type=int, default=settings.NOTICES_SCAN_BATCH_SIZE)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("deadline_bench needs PostgreSQL (DATABASE_URL)")
        if action == "plan":
            self._print(plan(options["permits"], options["due"]))
            return
        if action == "seed":
            if seeded():
                raise CommandError("this database is seeded already: use a fresh one")
            started = time.perf_counter()
            out = seed(options["permits"], options["due"], options["today"] or date.today())
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            self._print({**out, "seconds": time.perf_counter() - started})
            return
        meta = seeded()
        if meta is None:
            raise CommandError("not seeded: run deadline_bench seed first")
        today = options["today"] or meta[0]
        if action == "reset":
            reset()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
                # The dirty pages are written now, not by a checkpoint during the next run.
                cursor.execute("CHECKPOINT")
            return
        rss_before = peak_rss_mb()
        if action == "baseline":
            results = baseline_run(today)
        else:
            results = scans_run(today, options["batch_size"])
        self._print(
            {
                "today": today.isoformat(),
                "results": results,
                "rss_mb_before": rss_before,
                "peak_rss_mb": peak_rss_mb(),
            }
        )

    def _print(self, data: dict) -> None:
        self.stdout.write(json.dumps(data, default=str))
