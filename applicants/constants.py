"""Choices of the applicant profile (F1–F8) and of the eligibility facts (C, H)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.i18n import enum_choices
from rules.engine.types import Degree, EducationLevel, Relation, ResidenceKind, TitleLevel

DEGREE_CHOICES = enum_choices(Degree)  # rule C1
TITLE_LEVEL_CHOICES = enum_choices(TitleLevel)  # rule C2
EDUCATION_LEVEL_CHOICES = enum_choices(EducationLevel)  # rule F6
RELATION_CHOICES = enum_choices(Relation)  # rule F8
RESIDENCE_KIND_CHOICES = enum_choices(ResidenceKind)  # rules H1–H7


class Gender(models.TextChoices):
    # The values of rules.engine.identity.Gender: read from the resident ID number (P2).
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class RegisterType(models.TextChoices):  # rule M2
    FAMILY = "family", _("Family household register")
    COLLECTIVE = "collective", _("Collective household register")


class MaritalStatus(models.TextChoices):  # rules M6, PR6
    UNMARRIED = "unmarried", _("Unmarried")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class StudyMode(models.TextChoices):  # rule M3 (verification report)
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")


class TitleRoute(models.TextChoices):  # rule M3 for C2
    EXAM = "exam", _("By examination")
    REVIEW = "review", _("By review (评审)")
    OVERSEAS = "overseas", _("Overseas professional qualification")


class TalentCondition(models.TextChoices):  # rules C1–C8
    C1 = "C1", _("C1 · Bachelor's degree or higher and 2 years of work experience")
    C2 = "C2", _("C2 · Intermediate professional title or higher, or an equivalent qualification")
    C3 = "C3", _("C3 · National or Beijing award winner")
    C4 = "C4", _("C4 · Innovation subject, income over 4 × the average wage for 3 years")
    C5 = "C5", _("C5 · Innovation service entity, income over 8 × the average wage for 3 years")
    C6 = "C6", _("C6 · Patents or software copyrights put to use in Beijing")
    C7 = "C7", _("C7 · Shareholder of an innovation team")
    C8 = "C8", _("C8 · Freelancer or individual business with notable contribution")
