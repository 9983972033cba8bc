from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.constants import Role
from reviews.models import AuditEvent

from .constants import (
    DEGREE_CHOICES,
    EDUCATION_LEVEL_CHOICES,
    RELATION_CHOICES,
    RESIDENCE_KIND_CHOICES,
    TITLE_LEVEL_CHOICES,
    Gender,
    MaritalStatus,
    RegisterType,
    StudyMode,
    TalentCondition,
    TitleRoute,
)

# What a list of people never shows: the facts' document and the stored verdict, JSON that
# would be decoded for every row. Lists that load the applicant with their rows leave them
# out (``.defer(*documents_of("applicant"))``); a page of one person reads them.
DOCUMENT_FIELDS = ("facts", "verdict")


def documents_of(relation: str) -> list[str]:
    """``DOCUMENT_FIELDS`` of the applicant reached through ``relation``, for ``defer``."""
    return [f"{relation}__{name}" for name in DOCUMENT_FIELDS]


class Applicant(models.Model):
    """An employee applying for or holding a permit: the profile of rules F1–F8 and the
    facts the eligibility engine needs (P, C, H)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applicant"
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("resident ID number"), max_length=18, unique=True)
    birth_date = models.DateField(_("birth date"))
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # --- household register (F2, F3, M2) -----------------------------------------------
    register_type = models.CharField(
        _("household register type"), max_length=12, choices=RegisterType.choices, blank=True
    )
    register_province = models.CharField(_("register: province"), max_length=30, blank=True)
    register_city = models.CharField(_("register: city"), max_length=30, blank=True)
    register_district = models.CharField(
        _("register: district or county"), max_length=30, blank=True
    )
    register_address = models.CharField(
        _("household register address"),
        max_length=200,
        blank=True,
        help_text=_(
            "As on the register's first page (rule F2), without the province, city and "
            "district chosen above (rule F3)."
        ),
    )
    # --- current address (F1, F3) ----------------------------------------------------------
    current_province = models.CharField(_("residence: province"), max_length=30, blank=True)
    current_city = models.CharField(_("residence: city"), max_length=30, blank=True)
    current_district = models.CharField(
        _("residence: district or county"), max_length=30, blank=True
    )
    current_address = models.CharField(
        _("current address"),
        max_length=200,
        blank=True,
        help_text=_(
            "Down to the house number (rule F1), without the province, city and district "
            "chosen above (rule F3). A bungalow adds “(平房)”."
        ),
    )
    bungalow = models.BooleanField(
        _("the home is a bungalow (平房)"), default=False, help_text=_("Rule F1.")
    )
    marital_status = models.CharField(
        _("marital status"), max_length=12, choices=MaritalStatus.choices, blank=True
    )
    # --- final diploma and degree (F4, F5, C1, M3) -----------------------------------------
    graduation_school = models.CharField(
        _("graduation school"),
        max_length=200,
        blank=True,
        help_text=_("The issuer of your final diploma (rule F4)."),
    )
    graduation_date = models.DateField(
        _("graduation date"),
        null=True,
        blank=True,
        help_text=_("The issue date of your final diploma (rule F4)."),
    )
    final_diploma_issuer = models.CharField(
        _("issuer printed on the final diploma"), max_length=200, blank=True
    )
    final_diploma_issued_on = models.DateField(
        _("issue date printed on the final diploma"), null=True, blank=True
    )
    full_time_graduation_date = models.DateField(
        _("full-time graduation date"),
        null=True,
        blank=True,
        help_text=_("If it differs from the graduation date: work history starts here (rule F7)."),
    )
    study_mode = models.CharField(
        _("mode of study of the final diploma"),
        max_length=12,
        choices=StudyMode.choices,
        blank=True,
    )
    degree = models.CharField(
        _("highest degree"), max_length=12, choices=DEGREE_CHOICES, default="none"
    )
    degree_issued_on = models.DateField(_("degree certificate date"), null=True, blank=True)
    foreign_degree = models.BooleanField(
        _("foreign diploma or degree"), default=False, help_text=_("Rule F5.")
    )
    degree_certificate_number = models.CharField(
        _("diploma / degree certificate number"),
        max_length=60,
        blank=True,
        help_text=_("For a foreign degree: the number on the CSCSE report (rule F5)."),
    )
    cscse_report_number = models.CharField(
        _("CSCSE report number"),
        max_length=60,
        blank=True,
        help_text=_("The number of the 教育部留学服务中心 verification report (rule F5)."),
    )
    verification_prompted = models.BooleanField(
        _("the online check asks for a manual review of the diploma or degree"),
        default=False,
        help_text=_(
            "Then a part-time diploma or degree, a full-time diploma from 2001-01 on or a "
            "full-time degree from 2008-09 on needs a verification report (rule M3)."
        ),
    )
    # --- professional title (C2, M3) -----------------------------------------------------
    title_level = models.CharField(
        _("professional title level"), max_length=16, choices=TITLE_LEVEL_CHOICES, default="none"
    )
    title_name = models.CharField(_("professional title"), max_length=100, blank=True)
    title_route = models.CharField(
        _("how the title was obtained"), max_length=12, choices=TitleRoute.choices, blank=True
    )
    title_other_province = models.BooleanField(
        _("the title was reviewed in another province"), default=False
    )
    # --- dependants (F8, M6) -------------------------------------------------------------
    children_accompany = models.BooleanField(
        _("children accompany me"), default=False, help_text=_("Rule M6.")
    )
    # --- eligibility facts (P1, P5, C1–C8, H1–H8) ---------------------------------------
    talent_condition = models.CharField(
        _("talent condition"), max_length=2, choices=TalentCondition.choices, blank=True
    )
    residence_kind = models.CharField(
        _("kind of residence"), max_length=24, choices=RESIDENCE_KIND_CHOICES, blank=True
    )
    facts = models.JSONField(
        _("eligibility facts"),
        default=dict,
        blank=True,
        help_text=_(
            "The answers of the facts page as the eligibility engine's JSON, with absolute years."
        ),
    )
    facts_version = models.PositiveSmallIntegerField(
        _("version of the facts' format"),
        default=2,
        help_text=_("2: the engine's JSON with absolute years (applicants.eligibility)."),
    )
    facts_updated_at = models.DateTimeField(_("facts updated at"), null=True, blank=True)
    # The engine's verdict, stored with the key of what it was computed from (issue 15:
    # rules.engine.stored, applicants.eligibility.stored_verdict): recomputed only when the
    # facts, the profile, the unit, the contract, the day, the tables or the rules change.
    verdict = models.JSONField(_("stored verdict"), null=True, blank=True, editable=False)
    verdict_key = models.CharField(
        _("key of the stored verdict"), max_length=64, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.id_number[:6]}…）"

    # Attachment access protocol (attachments app): the applicant, and the staff of a unit the
    # applicant has asked to associate with or is associated with.
    def attachments_visible_to(self, user) -> bool:
        if user.pk == self.user_id:
            return True
        if user.role != Role.UNIT_STAFF:
            return False
        return self.associations.live().filter(unit_id=user.unit_id).exists()

    def attachments_editable_by(self, user) -> bool:
        return user.pk == self.user_id and not self.under_review

    def attachments_kind_editable_by(self, user, kind) -> bool:
        """On an application returned to the applicant for some materials, only those are
        replaced; everything else stays as it was submitted (PR3). Returned with a comment
        only, the applicant fixes what the comment says."""
        editable = self.attachments_editable_kinds(user)
        return editable is None or kind.code in editable

    def attachments_editable_kinds(self, user) -> set[str] | None:
        """The codes of the kinds ``attachments_kind_editable_by`` allows, read once for a
        page of panels: ``None`` when every kind may change."""
        returned = self.returned_reasons()
        return set(returned) if returned else None

    def read_once(self) -> "Applicant":
        """For one page: ``under_review``, ``holds_permit`` and ``returned_reasons`` are read
        from the database once and then kept on this instance (a page asks each several
        times, and nothing changes them while it is built). Not for an instance that goes
        on to change state."""
        self._read_once: dict = {}
        return self

    def _once(self, name: str, read):
        memo = getattr(self, "_read_once", None)
        if memo is None:
            return read()
        if name not in memo:
            memo[name] = read()
        return memo[name]

    def returned_reasons(self) -> dict[str, str]:
        """Material code → the reason given when the open application was returned to the
        applicant (PR3, 退回个人); empty unless it is back with them after a return. The
        event that put it in its state carries the returned materials."""
        return self._once("returned_reasons", self._read_returned_reasons)

    def _read_returned_reasons(self) -> dict[str, str]:
        case = self.applications.open().first()  # permits.PermitApplication, reverse FK
        if case is None or self.under_review:
            return {}
        event = (
            AuditEvent.objects.for_case(case)
            .filter(to_state=case.state)
            .prefetch_related("returned_materials")
            .last()
        )
        if event is None:
            return {}
        return {m.material_code: m.reason for m in event.returned_materials.all()}

    @property
    def holds_permit(self) -> bool:
        """A valid permit stands on this profile: it changes only through a change case
        (PR6, PR7), reviewed by the unit and the zone, never by editing it here."""
        return self._once("holds_permit", self.permits.valid().exists)

    @property
    def under_review(self) -> bool:
        """An application is with the unit or the zone: what it was submitted with (profile,
        facts and materials) must not change until it comes back to the applicant."""
        applications = self.applications  # permits.PermitApplication, through its foreign key
        return self._once(
            "under_review", (applications.awaiting_unit() | applications.awaiting_zone()).exists
        )


class EducationEntry(models.Model):
    """One line of the education history, from senior high school on (rule F6)."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="education")
    level = models.CharField(_("level"), max_length=24, choices=EDUCATION_LEVEL_CHOICES)
    school = models.CharField(_("school (full name)"), max_length=200, blank=True)
    summary = models.CharField(
        _("summary"), max_length=200, blank=True, help_text=_("For example “学习高中课程”.")
    )
    start_date = models.DateField(_("from (date)"))
    end_date = models.DateField(_("to (date)"))

    class Meta:
        verbose_name = _("education entry")
        verbose_name_plural = _("education history")
        ordering = ["start_date", "pk"]

    def __str__(self) -> str:
        return f"{self.school} {self.start_date}–{self.end_date}"


class WorkEntry(models.Model):
    """One earlier employer since full-time graduation; not the current unit (rule F7)."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="work_history")
    employer = models.CharField(_("employer (full name)"), max_length=200)
    position = models.CharField(_("position"), max_length=100, blank=True)
    start_date = models.DateField(_("from (date)"))
    end_date = models.DateField(_("to (date)"))

    class Meta:
        verbose_name = _("work-history entry")
        verbose_name_plural = _("work history")
        ordering = ["start_date", "pk"]

    def __str__(self) -> str:
        return f"{self.employer} {self.start_date}–{self.end_date}"


class Dependant(models.Model):
    """A spouse or child who accompanies the applicant (rule F8)."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="dependants")
    relation = models.CharField(_("relation"), max_length=10, choices=RELATION_CHOICES)
    name = models.CharField(_("name of the dependant"), max_length=50)
    id_number = models.CharField(
        _("resident ID number"),
        max_length=18,
        blank=True,
        help_text=_("Required for everyone, infants too (rule F8)."),
    )
    in_school = models.BooleanField(_("attends kindergarten or school"), default=False)
    school = models.CharField(
        _("work or school unit"),
        max_length=200,
        blank=True,
        help_text=_("A child not yet in kindergarten: “无”; otherwise the full name (rule F8)."),
    )

    class Meta:
        verbose_name = _("dependant")
        verbose_name_plural = _("dependants")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
