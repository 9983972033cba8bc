"""Demo changes to permits at the demo unit: one basic-information change (PR6) and one
dependants change (PR7) in each state, so that holders, the unit and the reviewers see every
step. Run after permits.demo (its holders). Idempotent."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from applicants.demo import make_complete_applicant, resident_id, scan_png
from applicants.models import Applicant
from attachments.models import MaterialKind
from attachments.services import attachment_upload
from permits import services as permit_services
from portal.constants import Process, Role
from portal.models import User
from reviews.services import MaterialReturn
from units.models import Unit

from . import services
from .models import PermitChange

# Holders made here (username, name) and the state their open changes are played to; the
# closed states (approved, rejected) go to the permits demo's holders, whose open changes
# are with the zone or returned to the unit.
NEW_HOLDERS = [
    ("holder-draft", "孙变更", "draft"),
    ("holder-with-unit", "钱待核", "with_unit"),
    ("holder-returned", "周补正", "returned_to_holder"),
]
PERMITS_DEMO_HOLDERS = [
    ("employee-approved", "approved", "with_zone"),
    ("employee-expiring", "rejected", "returned_to_unit"),
]
NEW_ADDRESS = "荣华中路8号院2号楼1单元302号"


def _proposal(kind: str, holder: Applicant, serial: int) -> dict:
    if kind == Process.PR7:
        today = timezone.localdate()
        birth = date(today.year - 6, 3, 1) + timedelta(days=serial)
        return {
            "dependants": [
                {
                    "relation": "child",
                    "name": f"{holder.name[0]}小宝",
                    "id_number": resident_id("130102", birth, 10 + serial),
                    "in_school": True,
                    "school": "北京市大兴区第一小学",
                    "register_province": "河北省",
                    "custody_with_applicant": False,
                }
            ]
        }
    return {
        "groups": ["address"],
        "fields": {
            "current_province": "北京市",
            "current_city": "北京市",
            "current_district": "大兴区",
            "current_address": NEW_ADDRESS,
            "bungalow": False,
        },
        "residence": {
            "kind": "own_home",
            "property_use": "residential",
            "tenure": "ordinary",
            "address": NEW_ADDRESS,
            "owner_name": holder.name,
            "has_property_certificate": True,
        },
    }


PROOFS = {Process.PR6: ["M4-property", "M5"], Process.PR7: ["M6-birth", "M6-child-register", "M5"]}
RETURNED = {
    Process.PR6: MaterialReturn("M4-property", "房屋所有权证", "产权证书页面不清晰，请重新上传。"),
    Process.PR7: MaterialReturn("M6-birth", "子女出生医学证明", "出生医学证明缺少背面。"),
}


def _play(holder: Applicant, kind: str, story: str, staff: User, reviewer: User, serial: int):
    change = services.change_open(holder=holder, kind=kind)
    change = services.change_propose(
        change=change, by=holder.user, proposal=_proposal(kind, holder, serial)
    )
    for code in PROOFS[kind]:
        attachment_upload(
            owner=change,
            kind=MaterialKind.objects.get(code=code),
            uploaded_file=scan_png(code),
            uploaded_by=holder.user,
        )
    if story == "draft":
        return
    change = services.change_submit(change=change, by=holder.user)
    if story == "with_unit":
        return
    if story == "returned_to_holder":
        services.change_return_to_holder(
            change=change, by=staff, comment="请补正后重新提交。", returned=[RETURNED[kind]]
        )
        return
    change = services.change_forward(
        change=change, by=staff, comment="已核对变更信息与证明材料，情况属实。"
    )
    if story == "returned_to_unit":
        services.change_return_to_unit(
            change=change, by=reviewer, comment="", returned=[RETURNED[kind]]
        )
    elif story == "approved":
        services.change_approve(change=change, by=reviewer, comment="同意。")
    elif story == "rejected":
        services.change_reject(change=change, by=reviewer, reason="证明材料与变更内容不符。")


def _new_holder(username: str, name: str, serial: int, unit: Unit, staff, reviewer):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"role": Role.APPLICANT, "last_name": name[0], "first_name": name[1:]},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    person = make_complete_applicant(
        user=user,
        name=name,
        id_number=resident_id(
            "110105", date(1988, 5, 1) + timedelta(days=89 * serial), 600 + serial
        ),
        employer_name=unit.name,
    )
    today = timezone.localdate()
    association = permit_services.association_request(applicant=person, code=unit.association_code)
    permit_services.association_accept(
        association=association,
        by=staff,
        party_a=unit.name,
        start_date=today - timedelta(days=500),
        end_date=today + timedelta(days=900),
        work_location="北京市北京经济技术开发区",
        position="工程师",
        contract_file=scan_png("labour-contract"),
    )
    application = permit_services.application_open(applicant=person)
    application = permit_services.application_submit(application=application, by=user)
    application = permit_services.application_forward(
        application=application, by=staff, comment="已逐项核对。"
    )
    permit_services.application_approve(application=application, by=reviewer, comment="同意。")
    return person


@transaction.atomic
def seed() -> None:
    unit = Unit.objects.filter(staff__username="unit").first()
    reviewer = User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
    if unit is None or reviewer is None or PermitChange.objects.exists():
        return
    staff = unit.staff.get(username="unit")
    plays = []
    for username, closed, open_story in PERMITS_DEMO_HOLDERS:
        holder = Applicant.objects.filter(user__username=username).first()
        if holder is None or services.held_permit(holder, timezone.localdate()) is None:
            return
        plays += [(holder, closed), (holder, open_story)]
    for serial, (username, name, story) in enumerate(NEW_HOLDERS, start=1):
        if User.objects.filter(username=username).exists():
            return
        plays.append((_new_holder(username, name, serial, unit, staff, reviewer), story))
    for serial, (holder, story) in enumerate(plays, start=1):
        for kind in (Process.PR6, Process.PR7):
            _play(holder, kind, story, staff, reviewer, serial)
