"""Demo units in every state of PR1 and PR2, so that reviewers and units can click through
at once. Idempotent: a unit that exists is left as it is."""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from stdnum.cn import uscc

from attachments.models import MaterialKind
from attachments.services import attachment_upload
from portal.constants import Role
from portal.models import User
from reviews.services import MaterialReturn

from . import services
from .constants import TAX_CERTIFICATE_CODE, UNIT_MATERIAL_CODES
from .models import Unit

PROFILE = {
    "entity_type": "enterprise_legal_person",
    "registered_on": date(2019, 6, 1),
    "established_on": date(2019, 6, 1),
    "registered_in_zone": True,
    "registered_capital": Decimal("10000000"),
    "industry": "集成电路",
    "business_scope": "集成电路设计；技术开发、技术服务",
    "previous_year_zone_tax": Decimal("860000"),
    "zone_tax_months": 60,
    "operator_name": "王经办",
    "operator_id_number": "11010519491231002X",
    "operator_phone": "13800138000",
    "legal_representative": "赵立法",
}

# (name, 17-character credit-code base, what happens to its cases)
DEMO_UNITS = [
    ("北京亦庄草稿示范有限公司", "91110302MA01K7W41", "draft"),
    ("北京亦庄待审示范有限公司", "91110302MA01K7W52", "submitted"),
    ("北京亦庄退回示范有限公司", "91110302MA01K7W63", "returned"),
    ("北京亦庄开通示范有限公司", "91110302MA01K7W74", "approved"),
    ("北京亦庄驳回示范有限公司", "91110302MA01K7W85", "rejected"),
]


def _scan(title: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (600, 400), "white")
    ImageDraw.Draw(image).text((20, 20), title.encode("ascii", "replace").decode(), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(f"{title}.png", buffer.getvalue(), content_type="image/png")


def upload_unit_materials(unit: Unit, by: User) -> None:
    for kind in MaterialKind.objects.filter(code__in=UNIT_MATERIAL_CODES):
        attachment_upload(
            owner=unit,
            kind=kind,
            uploaded_file=_scan(kind.code),
            uploaded_by=by,
            document_date=timezone.localdate() if kind.code == TAX_CERTIFICATE_CODE else None,
        )


def _demo_staff(unit: Unit, index: int) -> User:
    user, created = User.objects.get_or_create(
        username=f"unit-demo-{index}",
        defaults={"role": Role.UNIT_STAFF, "unit": unit, "last_name": "演", "first_name": "示"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed() -> None:
    reviewer = User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
    demo_unit = Unit.objects.filter(staff__username="unit").first()
    if demo_unit is not None and not demo_unit.entity_type:
        # The "unit" account's unit went through PR1 and holds a quota, so that its employees
        # can apply (PR3). The "unit-new" account's unit starts from nothing.
        Unit.objects.filter(pk=demo_unit.pk).update(**PROFILE)
        demo_unit.refresh_from_db()
        staff = demo_unit.staff.get(username="unit")
        upload_unit_materials(demo_unit, staff)
        _play(demo_unit, staff, reviewer, "approved", "PR1")
    for index, (name, base, story) in enumerate(DEMO_UNITS, start=1):
        code = base + uscc.calc_check_digit(base)
        if Unit.objects.filter(credit_code=code).exists():
            continue
        unit = Unit.objects.create(name=name, credit_code=code, **PROFILE)
        staff = _demo_staff(unit, index)
        upload_unit_materials(unit, staff)
        for kind in ("PR1", "PR2"):
            _play(unit, staff, reviewer, story, kind)


def _play(unit: Unit, staff: User, reviewer: User, story: str, kind: str) -> None:
    case = services.unit_case_open(unit=unit, kind=kind)
    if story == "draft":
        return
    case = services.unit_case_submit(case=case, by=staff)
    if story == "returned":
        services.unit_case_return(
            case=case,
            by=reviewer,
            comment="请按意见补正后重新提交。",
            returned=[MaterialReturn("U10d", "单位诚信声明", "缺少法定代表人签字")],
        )
    elif story == "approved":
        services.unit_case_approve(case=case, by=reviewer, comment="材料齐全，同意。")
        services.quota_set(
            unit=unit,
            granted=10,
            expires_on=timezone.localdate() + timedelta(days=365),
            by=reviewer,
        )
    elif story == "rejected":
        services.unit_case_reject(
            case=case, by=reviewer, reason="上一自然年度纳税额核实不足 20 万元。"
        )
