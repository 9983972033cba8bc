"""Writes of the applicant profile: creating it (the ID number is fixed from then on), saving
the full profile with its histories, and saving the eligibility facts."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from portal.models import User
from rules.engine.identity import parse_resident_id

from .eligibility import FACTS_VERSION
from .forms import FactsForm, ProfileForm, RowFormSet
from .models import Applicant


def applicant_create(
    *, user: User, name: str, id_number: str, phone: str, today: date
) -> Applicant:
    """Birth date and gender come from the resident ID number (rule P2)."""
    identity = parse_resident_id(id_number, today=today)
    return Applicant.objects.create(
        user=user,
        name=name.strip(),
        id_number=identity.number,
        birth_date=identity.birth_date,
        gender=identity.gender.value,
        phone=phone,
    )


@transaction.atomic
def applicant_profile_save(
    *, applicant: Applicant, form: ProfileForm, formsets: dict[str, RowFormSet]
) -> Applicant:
    """Save a validated profile form and its education, work and dependant rows together."""
    applicant = form.save()
    for formset in formsets.values():
        formset.instance = applicant
        formset.save()
    return applicant


def applicant_facts_save(*, applicant: Applicant, form: FactsForm) -> Applicant:
    applicant.facts = form.stored_facts()
    applicant.facts_version = FACTS_VERSION
    applicant.talent_condition = form.cleaned_data["talent_condition"]
    applicant.residence_kind = form.cleaned_data["residence__kind"]
    applicant.facts_updated_at = timezone.now()
    applicant.save(
        update_fields=[
            "facts",
            "facts_version",
            "talent_condition",
            "residence_kind",
            "facts_updated_at",
            "updated_at",
        ]
    )
    return applicant
