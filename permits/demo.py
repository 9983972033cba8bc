"""Demo applicants and PR3 cases in every state at the demo unit ("unit" account), so that a
newcomer can click through every portal at once. Idempotent."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from applicants.demo import make_complete_applicant, resident_id, scan_png
from applicants.models import Applicant
from portal.constants import Process, Role
from portal.models import User
from reviews.clock import promised_due_on
from reviews.services import MaterialReturn
from rules.tables import load_calendar
from units.models import Unit

from . import life, scans, services
from .models import LabourContract, Permit, PermitApplication, PermitPeriod

# (username, name, the state the demo plays it to)
DEMO_APPLICANTS = [
    ("employee-requested", "周关联", "requested"),
    ("employee-with-unit", "吴待审", "with_unit"),
    ("employee-returned", "郑退回", "returned_to_applicant"),
    ("employee-with-zone", "冯待批", "with_zone"),
    ("employee-zone-returned", "陈补正", "returned_to_unit"),
    ("employee-approved", "褚持证", "approved"),
    ("employee-rejected", "卫驳回", "rejected"),
    ("employee-due-soon", "蒋临期", "with_zone"),
    ("employee-overdue", "沈逾期", "with_zone"),
    ("employee-expiring", "韩将到期", "approved"),
    ("employee-lapsed", "杨已失效", "approved"),
    # The permit's life (PR4, PR5, T2–T4).
    ("employee-renewing", "孔续签", "renewing"),
    ("employee-past-cutoff", "曹截止", "approved"),
    ("employee-leaver", "严离职", "approved"),
    ("employee-leaver-overdue", "华逾期", "approved"),
    ("employee-changing", "金变更", "changing"),
]

# Demo data spread over time (calendar days ago the zone received the case), so that the
# queues show cases with time left, near the due date and overdue (T1, 20 working days),
# and the permits' life has one near expiry and one lapsed (T2, T3).
RECEIVED_DAYS_AGO = {
    "employee-with-zone": 6,
    "employee-zone-returned": 12,
    "employee-due-soon": 25,
    "employee-overdue": 40,
    "employee-approved": 20,
    "employee-rejected": 30,
    "employee-expiring": 50,
    "employee-lapsed": 60,
    "employee-renewing": 40,
    "employee-past-cutoff": 45,
    "employee-leaver": 35,
    "employee-leaver-overdue": 38,
}
# Before the renewal window: employee-approved (3 years); inside it: employee-expiring and
# employee-renewing (a renewal draft); past the last submission day: employee-past-cutoff;
# lapsed by the T3 scan: employee-lapsed.
PERMIT_EXPIRES_IN_DAYS = {
    "employee-expiring": 45,
    "employee-renewing": 50,
    "employee-past-cutoff": 12,
    "employee-lapsed": -10,
}
# Leavers whose contract ended this many days ago, not released yet (T4: 5 calendar days).
CONTRACT_ENDED_DAYS_AGO = {"employee-leaver": 2, "employee-leaver-overdue": 9}


def _contract(unit: Unit) -> dict:
    today = timezone.localdate()
    return {
        "party_a": unit.name,
        "start_date": today - timedelta(days=500),
        "end_date": today + timedelta(days=900),
        "work_location": "北京市北京经济技术开发区",
        "position": "工程师",
        "contract_file": scan_png("labour-contract"),
    }


def _applicant(username: str, name: str, serial: int, unit: Unit) -> Applicant:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"role": Role.APPLICANT, "last_name": name[0], "first_name": name[1:]},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return make_complete_applicant(
        user=user,
        name=name,
        id_number=resident_id(
            "110105", date(1990, 1, 1) + timedelta(days=97 * serial), 200 + serial
        ),
        employer_name=unit.name,
    )


@transaction.atomic
def seed() -> None:
    unit = Unit.objects.filter(staff__username="unit").first()
    reviewer = User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
    if unit is None or not unit.has_business_permission or reviewer is None:
        return
    if not unit.association_code:
        services.unit_rotate_association_code(unit=unit)
    staff = unit.staff.get(username="unit")
    demo = Applicant.objects.filter(user__username="applicant").first()
    if demo is not None and not demo.associations.exists():
        # The demo applicant is accepted with a contract and can submit at once.
        association = services.association_request(applicant=demo, code=unit.association_code)
        services.association_accept(association=association, by=staff, **_contract(unit))
        services.application_open(applicant=demo)  # a draft, ready to submit
    former = (
        Unit.objects.with_permission()
        .filter(quota__isnull=False, staff__isnull=False)
        .exclude(pk=unit.pk)
        .order_by("pk")
        .first()
    )
    for serial, (username, name, story) in enumerate(DEMO_APPLICANTS, start=1):
        if User.objects.filter(username=username).exists():
            continue
        if story == "changing" and former is None:
            continue
        if story == "changing":
            person = _applicant(username, name, serial, former)
            _play_change(person, former, unit, staff, reviewer)
            continue
        person = _applicant(username, name, serial, unit)
        _play(person, unit, staff, reviewer, "approved" if story == "renewing" else story)
        _age(person, username)
        if story == "renewing":
            _renewal_draft(person, unit, staff)
    # Rule T3: what expired lapses through the scan, with its audit row and notices.
    scans.permits_lapse()


def _age(person: Applicant, username: str) -> None:
    """Move the demo case back in time: its receipt, its due date (T1) and, for a permit,
    its dates. Only the case's own columns move; the audit rows keep when the demo ran."""
    days = RECEIVED_DAYS_AGO.get(username)
    application = person.applications.order_by("-created_at").first()
    if days is None or application is None or application.received_at is None:
        return
    received_at = timezone.now() - timedelta(days=days)
    received_on = timezone.localdate(received_at)
    due_on = promised_due_on(process=Process.PR3, received_on=received_on)
    decided_at = received_at + timedelta(days=days // 2) if application.decided_at else None
    PermitApplication.objects.filter(pk=application.pk).update(
        received_at=received_at, due_on=due_on, decided_at=decided_at
    )
    expires_in = PERMIT_EXPIRES_IN_DAYS.get(username)
    permit = Permit.objects.filter(application=application).first()
    if expires_in is not None and permit is not None:
        expires_on = timezone.localdate() + timedelta(days=expires_in)
        issued_on = expires_on - timedelta(days=3 * 365)
        Permit.objects.filter(pk=permit.pk).update(
            issued_on=issued_on,
            expires_on=expires_on,
            **life.renewal_dates(expires_on, load_calendar()).as_fields(),
        )
        PermitPeriod.objects.filter(permit=permit).update(starts_on=issued_on, ends_on=expires_on)
    ended = CONTRACT_ENDED_DAYS_AGO.get(username)
    if ended is not None:
        contract = application.association.current_contract
        LabourContract.objects.filter(pk=contract.pk).update(
            end_date=timezone.localdate() - timedelta(days=ended)
        )


def _renewal_draft(person: Applicant, unit: Unit, staff: User) -> None:
    """PR4 being prepared: the unit has entered the 36 months; the screenshot is next."""
    association = person.associations.get(unit=unit)
    case = life.renewal_open(association=association, by=staff)
    rows = [
        {"month": r["month"], "social_insurance_unit": unit.name, "tax_unit": unit.name}
        for r in life.withholding_rows(case, timezone.localdate())
    ]
    life.renewal_details_save(case=case, by=staff, rows=rows, old_unit_gone=False)


def _play_change(person: Applicant, former: Unit, unit: Unit, staff: User, reviewer: User) -> None:
    """PR5 in progress: a holder of the former unit's permit, released by it, taken on by the
    demo unit, whose employer change waits for the zone."""
    if not former.association_code:
        services.unit_rotate_association_code(unit=former)
    former_staff = former.staff.order_by("pk").first()
    _play(person, former, former_staff, reviewer, "approved")
    today = timezone.localdate()
    life.association_release(
        association=person.associations.get(unit=former),
        by=former_staff,
        name=person.name,
        id_number=person.id_number,
        left_on=today - timedelta(days=3),
        resignation_file=scan_png("resignation"),
    )
    association = services.association_request(applicant=person, code=unit.association_code)
    services.association_accept(
        association=association,
        by=staff,
        name=person.name,
        gender=person.gender,
        id_number=person.id_number,
        **{**_contract(unit), "start_date": today - timedelta(days=2)},
    )
    association.refresh_from_db()
    case = life.employer_change_open(association=association, by=staff)
    life.permit_case_submit(
        case=case, by=staff, opinion="已核对新签订的劳动合同及员工诚信声明，情况属实。"
    )


def _play(person: Applicant, unit: Unit, staff: User, reviewer: User, story: str) -> None:
    association = services.association_request(applicant=person, code=unit.association_code)
    if story == "requested":
        return
    services.association_accept(association=association, by=staff, **_contract(unit))
    application = services.application_open(applicant=person)
    application = services.application_submit(application=application, by=person.user)
    if story == "with_unit":
        return
    if story == "returned_to_applicant":
        services.application_return_to_applicant(
            application=application,
            by=staff,
            comment="请补正后重新提交。",
            returned=[MaterialReturn("M5", "诚信声明", "缺少单位公章")],
        )
        return
    application = services.application_forward(
        application=application, by=staff, comment="已逐项核对员工填报信息和材料，情况属实。"
    )
    if story == "returned_to_unit":
        services.application_return_to_unit(
            application=application,
            by=reviewer,
            comment="",
            returned=[MaterialReturn("M7", "劳动合同", "劳动合同签字页不清晰，请重新上传。")],
        )
    elif story == "approved":
        services.application_approve(application=application, by=reviewer, comment="同意。")
    elif story == "rejected":
        services.application_reject(
            application=application, by=reviewer, reason="申报条件材料不足。"
        )
