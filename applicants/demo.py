"""Demo data: the demo account "applicant" gets a complete profile that meets C1 with H2
(its own 北京市居住证) and an income above the 2026 threshold (14,324), every required
material uploaded as a generated PNG. Idempotent: an existing profile is left as it is.

`make_complete_applicant` is the same profile for any user, for other apps' demo data and tests.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from attachments.models import MaterialKind
from attachments.reference import load as load_catalogue
from attachments.services import attachment_upload
from attachments.status import materials_status
from portal.models import User
from rules.engine.identity import resident_id_check_character

from .checklist import required_material_kinds
from .constants import MaritalStatus, RegisterType, StudyMode, TalentCondition
from .models import Applicant, EducationEntry, WorkEntry
from .services import applicant_create

DEMO_USERNAME = "applicant"
DEMO_NAME = "李申请"
DEMO_EMPLOYER = "北京亦庄示范科技有限公司"


def resident_id(region: str, birth: date, sequence: int) -> str:
    """A valid resident ID number: six-digit region code, birth date, 3-digit sequence (odd
    for a man, even for a woman) and the computed check character."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_character(first17)


DEMO_ID_NUMBER = resident_id("130102", date(1992, 3, 15), 123)

PROFILE = {
    "register_type": RegisterType.FAMILY,
    "register_province": "河北省",
    "register_city": "石家庄市",
    "register_district": "长安区",
    "register_address": "建设北大街12号",
    "current_province": "北京市",
    "current_city": "北京市",
    "current_district": "大兴区",
    "current_address": "亦庄镇荣华南路15号院3号楼2单元501号",
    "bungalow": False,
    "marital_status": MaritalStatus.UNMARRIED,
    "graduation_school": "北京理工大学",
    "graduation_date": date(2014, 7, 1),
    "final_diploma_issuer": "北京理工大学",
    "final_diploma_issued_on": date(2014, 7, 1),
    "study_mode": StudyMode.FULL_TIME,
    "degree": "bachelor",
    "degree_issued_on": date(2014, 7, 1),
    "degree_certificate_number": "1000742014001234",
    "title_level": "none",
    "talent_condition": TalentCondition.C1,
    "residence_kind": "residence_permit",
}
EDUCATION = [
    ("senior_high", "河北省石家庄市第一中学", "学习高中课程", date(2007, 9, 1), date(2010, 6, 30)),
    (
        "bachelor",
        "北京理工大学",
        "学习计算机科学与技术专业课程",
        date(2010, 9, 1),
        date(2014, 7, 1),
    ),
]
WORK = [("北京京南信息技术有限公司", "软件工程师", date(2014, 7, 15), date(2019, 12, 31))]


def _facts(employer_name: str, today: date) -> dict:
    """The engine's JSON for a person (applicants.eligibility.OWNER_PROVIDED aside)."""
    return {
        "employer": {"name": employer_name, "category": "other", "agency_kind": "none"},
        "dispatched_to_other_unit": False,
        "monthly_taxable_income": "18000",  # P5: above 14,324 (2026)
        "months_salary_paid": 6,
        "months_social_insurance": 6,
        "months_income_tax": 6,
        "work_experience_months": 72,  # C1: at least 24
        "residence": {
            "tenure": "ordinary",
            "address": PROFILE["current_address"],
            "permit_expires_on": (today + timedelta(days=730)).isoformat(),  # H2: unexpired
        },
    }


def scan_png(title: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (600, 400), "white")
    ImageDraw.Draw(image).text((20, 20), title.encode("ascii", "replace").decode(), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(f"{title}.png", buffer.getvalue(), content_type="image/png")


def upload_required_materials(applicant: Applicant, *, by: User) -> None:
    """Upload a generated PNG for every required material that has no current version."""
    today = timezone.localdate()
    for state in materials_status(applicant, required_material_kinds(applicant), today):
        if state.is_missing or state.is_outdated:
            attachment_upload(
                owner=applicant,
                kind=state.kind,
                uploaded_file=scan_png(state.kind.code),
                uploaded_by=by,
                document_date=today if state.kind.needs_document_date else None,
            )


@transaction.atomic
def make_complete_applicant(
    *,
    user: User,
    name: str,
    id_number: str,
    upload_materials: bool = True,
    employer_name: str = DEMO_EMPLOYER,
) -> Applicant:
    """A profile that meets C1 and H2 with income above the threshold (P5), F1–F8 clean.
    With a unit and a labour contract (from the association) the engine finds it eligible.
    A user who already has a profile keeps it (its materials are completed if asked)."""
    today = timezone.localdate()
    applicant = Applicant.objects.filter(user=user).first()
    if applicant is None:
        applicant = applicant_create(
            user=user, name=name, id_number=id_number, phone="13912345678", today=today
        )
        for key, value in PROFILE.items():
            setattr(applicant, key, value)
        applicant.facts = _facts(employer_name, today)
        applicant.facts_updated_at = timezone.now()
        applicant.save()
        EducationEntry.objects.bulk_create(
            EducationEntry(
                applicant=applicant,
                level=level,
                school=school,
                summary=summary,
                start_date=start,
                end_date=end,
            )
            for level, school, summary, start, end in EDUCATION
        )
        WorkEntry.objects.bulk_create(
            WorkEntry(
                applicant=applicant,
                employer=employer,
                position=position,
                start_date=start,
                end_date=end,
            )
            for employer, position, start, end in WORK
        )
    if upload_materials:
        if not MaterialKind.objects.filter(code="M1").exists():
            load_catalogue()
        upload_required_materials(applicant, by=user)
    return applicant


def seed() -> None:
    user = User.objects.filter(username=DEMO_USERNAME).first()
    if user is None or Applicant.objects.filter(user=user).exists():
        return
    make_complete_applicant(user=user, name=DEMO_NAME, id_number=DEMO_ID_NUMBER)
