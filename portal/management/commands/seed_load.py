"""Fill a database with N PR3 cases for the page benchmark (bench/pages.py), fast.

    python manage.py seed_load --cases 10000

Units with business permission, a quota and a PR1 case (their PR2 cases in every state),
one applicant per case with a complete profile and facts, an accepted association with its
labour contract, the application in one of the PR3 states (promised dates for the zone's),
a permit for each approved one, and the attachments' rows (metadata only: no file is
written, so a page that opens a load file fails). Everything goes in with ``bulk_create`` in
one transaction; no audit rows are written. Reference data must be loaded first
(``bootstrap`` or ``load_reference``). A database seeded once is refused a second time.

One unit's staff account and one applicant's account get a password, kept in
``var/load_accounts.json`` like the demo accounts, so that the benchmark can sign in.
"""

import json
import secrets
from datetime import date, timedelta
from itertools import cycle
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from stdnum.cn import uscc

from applicants.checklist import required_material_kinds
from applicants.demo import PROFILE as APPLICANT_PROFILE
from applicants.demo import _facts, resident_id
from applicants.models import Applicant
from attachments.models import Attachment, MaterialKind
from permits import life
from permits.constants import (
    LABOUR_CONTRACT_CODE,
    ApplicationState,
    AssociationState,
    PeriodKind,
    PermitStatus,
)
from permits.models import (
    Association,
    LabourContract,
    Permit,
    PermitApplication,
    PermitNumberSequence,
    PermitPeriod,
)
from portal.constants import Process, Role
from portal.models import User
from reviews.clock import promised_due_on
from rules.engine.identity import parse_resident_id
from rules.tables import load_calendar
from units.constants import UNIT_MATERIAL_CODES, UnitCaseState
from units.demo import PROFILE as UNIT_PROFILE
from units.models import Quota, Unit, UnitCase, UnitPermission

LOAD_ACCOUNTS_FILE = settings.VAR_DIR / "load_accounts.json"
PREFIX = "load-"
CASES_PER_UNIT = 25
BATCH = 1000
# Shares of the PR3 states, in tenths of a hundred (they add up to 100).
STATE_SHARES = [
    (ApplicationState.DRAFT, 10),
    (ApplicationState.WITH_UNIT, 15),
    (ApplicationState.RETURNED_TO_APPLICANT, 5),
    (ApplicationState.WITH_ZONE, 25),
    (ApplicationState.RETURNED_TO_UNIT, 5),
    (ApplicationState.APPROVED, 35),
    (ApplicationState.REJECTED, 5),
]
STATE_CYCLE = [state for state, share in STATE_SHARES for _ in range(share)]
ZONE_STATES = {ApplicationState.WITH_ZONE, ApplicationState.RETURNED_TO_UNIT}
DECIDED_STATES = {ApplicationState.APPROVED, ApplicationState.REJECTED}
UNIT_CASE_STATES = list(UnitCaseState)


def state_of(index: int) -> ApplicationState:
    """The state of case number ``index`` (0-based): the shares above, well mixed."""
    return STATE_CYCLE[(index * 37) % len(STATE_CYCLE)]


def _credit_code(index: int) -> str:
    base = f"91110302LD{index:07d}"
    return base + uscc.calc_check_digit(base)


def _metadata(*, owner_type, owner_id: int, kind: MaterialKind, by_id: int, now) -> Attachment:
    return Attachment(
        content_type=owner_type,
        object_id=owner_id,
        kind=kind,
        version=1,
        file=f"load/{kind.code}/{owner_id}.png",
        original_name=f"{kind.code}.png",
        file_type="png",
        size=180_000,
        sha256="0" * 64,
        document_date=timezone.localdate(now) if kind.needs_document_date else None,
        uploaded_by_id=by_id,
        uploaded_at=now,
    )


class Command(BaseCommand):
    help = "Bulk-insert N PR3 cases with their units, applicants and permits (benchmarks)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--cases", type=int, default=1000)

    def handle(self, *args: Any, cases: int, **options: Any) -> None:
        if cases < 1:
            raise CommandError("--cases 至少为 1 · --cases must be at least 1.")
        if not MaterialKind.objects.filter(code=LABOUR_CONTRACT_CODE).exists():
            raise CommandError(
                "缺少参考数据，请先运行 bootstrap 或 load_reference。"
                " Reference data missing: run bootstrap or load_reference first."
            )
        if User.objects.filter(username__startswith=PREFIX).exists():
            raise CommandError(
                "此数据库已填充过负载数据，请使用新的数据库。"
                " This database already holds load data: use a fresh database."
            )
        counts = self.seed(cases)
        # The planner's statistics and the visibility map of the tables just filled, as a
        # database in use has them (autovacuum would get there later, during measurements).
        # VACUUM only outside a transaction (not in a test's) and on PostgreSQL (on SQLite it
        # would rewrite the whole file).
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                "负载数据已写入 Load data written: "
                + ", ".join(f"{name} {count:,}" for name, count in counts.items())
            )
        )

    @transaction.atomic
    def seed(self, cases: int) -> dict[str, int]:
        now = timezone.now()
        today = timezone.localdate(now)
        calendar = load_calendar()
        unusable = make_password(None)
        reviewer = User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
        kinds = {k.code: k for k in MaterialKind.objects.all()}
        unit_type = ContentType.objects.get_for_model(Unit)
        applicant_type = ContentType.objects.get_for_model(Applicant)
        contract_type = ContentType.objects.get_for_model(LabourContract)

        # Units, their staff, permission, quota and cases (PR1 approved, PR2 in every state).
        n_units = max(2, -(-cases // CASES_PER_UNIT))
        units = Unit.objects.bulk_create(
            (
                Unit(
                    name=f"北京亦庄负载测试{i:06d}有限公司",
                    credit_code=_credit_code(i),
                    association_code=f"LD{i:06d}",
                    **UNIT_PROFILE,
                )
                for i in range(1, n_units + 1)
            ),
            batch_size=BATCH,
        )
        staff = User.objects.bulk_create(
            (
                User(
                    username=f"{PREFIX}unit-{i}",
                    role=Role.UNIT_STAFF,
                    unit=unit,
                    last_name="负",
                    first_name="载",
                    password=unusable,
                )
                for i, unit in enumerate(units, start=1)
            ),
            batch_size=BATCH,
        )
        received = now - timedelta(days=90)
        pr1 = UnitCase.objects.bulk_create(
            (
                UnitCase(
                    unit=unit,
                    kind=Process.PR1,
                    state=UnitCaseState.APPROVED,
                    created_at=received,
                    received_at=received,
                    due_on=self._due(Process.PR1, timezone.localdate(received), calendar),
                    decided_at=received + timedelta(days=5),
                )
                for unit in units
            ),
            batch_size=BATCH,
        )
        pr2 = UnitCase.objects.bulk_create(
            (
                UnitCase(
                    unit=unit,
                    kind=Process.PR2,
                    state=state,
                    created_at=now - timedelta(days=i % 50 + 1),
                    received_at=None
                    if state == UnitCaseState.DRAFT
                    else now - timedelta(days=i % 50),
                    due_on=None
                    if state == UnitCaseState.DRAFT
                    else self._due(Process.PR2, today - timedelta(days=i % 50), calendar),
                    decided_at=now
                    if state in (UnitCaseState.APPROVED, UnitCaseState.REJECTED)
                    else None,
                )
                for i, (unit, state) in enumerate(zip(units, cycle(UNIT_CASE_STATES), strict=False))
            ),
            batch_size=BATCH,
        )
        UnitPermission.objects.bulk_create(
            (
                UnitPermission(unit=unit, granted_by=reviewer, case=case)
                for unit, case in zip(units, pr1, strict=True)
            ),
            batch_size=BATCH,
        )
        attachments = [
            _metadata(owner_type=unit_type, owner_id=unit.pk, kind=kinds[code], by_id=s.pk, now=now)
            for unit, s in zip(units, staff, strict=True)
            for code in UNIT_MATERIAL_CODES
            if code in kinds
        ]

        # Applicants: one per case, each with a user, a profile and facts.
        users = User.objects.bulk_create(
            (
                User(
                    username=f"{PREFIX}applicant-{i}",
                    role=Role.APPLICANT,
                    last_name="测",
                    first_name=f"试{i}",
                    password=unusable,
                )
                for i in range(1, cases + 1)
            ),
            batch_size=BATCH,
        )
        unit_of = [units[i % n_units] for i in range(cases)]
        applicants = []
        for i, user in enumerate(users):
            # Region 110108 and birth dates from 1970: no demo applicant has such a number.
            birth = date(1970, 1, 1) + timedelta(days=i % 10_000)
            identity = parse_resident_id(resident_id("110108", birth, i // 10_000), today=today)
            applicants.append(
                Applicant(
                    user=user,
                    name=f"测试{i + 1}",
                    id_number=identity.number,
                    birth_date=identity.birth_date,
                    gender=identity.gender.value,
                    phone="13912345678",
                    facts=_facts(unit_of[i].name, today),
                    facts_updated_at=now,
                    **APPLICANT_PROFILE,
                )
            )
        applicants = Applicant.objects.bulk_create(applicants, batch_size=BATCH)
        applicant_kinds = required_material_kinds(applicants[0])
        attachments += [
            _metadata(owner_type=applicant_type, owner_id=a.pk, kind=k, by_id=a.user_id, now=now)
            for a in applicants
            for k in applicant_kinds
            if k.code != LABOUR_CONTRACT_CODE
        ]

        # Associations (accepted, with a labour contract) and the applications.
        staff_of = {s.unit_id: s for s in staff}
        associations = Association.objects.bulk_create(
            (
                Association(
                    applicant=a,
                    unit=unit_of[i],
                    state=AssociationState.ACCEPTED,
                    requested_at=now - timedelta(days=120),
                    decided_at=now - timedelta(days=119),
                    decided_by=staff_of[unit_of[i].pk],
                )
                for i, a in enumerate(applicants)
            ),
            batch_size=BATCH,
        )
        contracts = LabourContract.objects.bulk_create(
            (
                LabourContract(
                    association=association,
                    party_a=unit_of[i].name,
                    start_date=today - timedelta(days=500),
                    end_date=today + timedelta(days=900),
                    work_location="北京市北京经济技术开发区",
                    position="工程师",
                    created_at=now - timedelta(days=119),
                    created_by=staff_of[unit_of[i].pk],
                )
                for i, association in enumerate(associations)
            ),
            batch_size=BATCH,
        )
        attachments += [
            _metadata(
                owner_type=contract_type,
                owner_id=c.pk,
                kind=kinds[LABOUR_CONTRACT_CODE],
                by_id=c.created_by_id,
                now=now,
            )
            for c in contracts
        ]
        applications = []
        for i, (a, association) in enumerate(zip(applicants, associations, strict=True)):
            state = state_of(i)
            days_ago = i % 60 + 1
            received_at = now - timedelta(days=days_ago)
            zone = state in ZONE_STATES or state in DECIDED_STATES
            applications.append(
                PermitApplication(
                    applicant=a,
                    unit=unit_of[i],
                    association=association,
                    state=state,
                    created_at=received_at - timedelta(days=3),
                    submitted_at=None
                    if state == ApplicationState.DRAFT
                    else received_at - timedelta(days=2),
                    received_at=received_at if zone else None,
                    due_on=self._due(Process.PR3, today - timedelta(days=days_ago), calendar)
                    if zone
                    else None,
                    decided_at=received_at + timedelta(days=days_ago // 2)
                    if state in DECIDED_STATES
                    else None,
                )
            )
        applications = PermitApplication.objects.bulk_create(applications, batch_size=BATCH)

        # Permits for the approved applications, numbered after the year's last one.
        approved = [a for a in applications if a.state == ApplicationState.APPROVED]
        sequence, _created = PermitNumberSequence.objects.select_for_update().get_or_create(
            year=today.year
        )
        first = sequence.last + 1
        sequence.last += len(approved)
        sequence.save(update_fields=["last"])
        renewal = {}
        permits = []
        for serial, application in enumerate(approved, start=first):
            issued_on = timezone.localdate(application.decided_at)
            expires_on = issued_on + timedelta(days=3 * 365)
            if expires_on not in renewal:
                renewal[expires_on] = life.renewal_dates(expires_on, calendar).as_fields()
            permits.append(
                Permit(
                    number=f"JKGJ-{today.year}-{serial:06d}",
                    holder_id=application.applicant_id,
                    unit_id=application.unit_id,
                    application=application,
                    issued_on=issued_on,
                    expires_on=expires_on,
                    status=PermitStatus.VALID,
                    **renewal[expires_on],
                )
            )
        permits = Permit.objects.bulk_create(permits, batch_size=BATCH)
        PermitPeriod.objects.bulk_create(
            (
                PermitPeriod(
                    permit=p,
                    kind=PeriodKind.ISSUED,
                    unit_id=p.unit_id,
                    starts_on=p.issued_on,
                    ends_on=p.expires_on,
                )
                for p in permits
            ),
            batch_size=BATCH,
        )
        used = {}
        for p in permits:
            used[p.unit_id] = used.get(p.unit_id, 0) + 1
        Quota.objects.bulk_create(
            (
                Quota(
                    unit=unit,
                    granted=used.get(unit.pk, 0) + CASES_PER_UNIT,
                    used=used.get(unit.pk, 0),
                    expires_on=today + timedelta(days=365),
                    updated_by=reviewer,
                )
                for unit in units
            ),
            batch_size=BATCH,
        )
        Attachment.objects.bulk_create(attachments, batch_size=BATCH)
        self._write_accounts(staff[0], users[0])
        return {
            "units": len(units),
            "unit cases": len(pr1) + len(pr2),
            "applicants": len(applicants),
            "applications": len(applications),
            "permits": len(permits),
            "attachments": len(attachments),
        }

    def _due(self, process: str, received_on: date, calendar) -> date | None:
        # One computation per day and process: thousands of cases share a receipt day.
        key = (process, received_on)
        cache = self.__dict__.setdefault("_due_cache", {})
        if key not in cache:
            cache[key] = promised_due_on(
                process=process, received_on=received_on, calendar=calendar
            )
        return cache[key]

    def _write_accounts(self, *users: User) -> None:
        accounts = []
        for user in users:
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save(update_fields=["password"])
            accounts.append({"username": user.username, "password": password, "role": user.role})
        LOAD_ACCOUNTS_FILE.write_text(json.dumps(accounts, indent=2), "utf-8")
        LOAD_ACCOUNTS_FILE.chmod(0o600)
