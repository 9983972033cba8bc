"""The one way views reach applicant data: the signed-in user's own profile. No URL of this
app carries an applicant's id, so another applicant's data cannot even be named."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects

from portal.models import User

from .models import Applicant, Dependant, EducationEntry, WorkEntry


def _histories() -> tuple[Prefetch, ...]:
    return (
        Prefetch("education", queryset=EducationEntry.objects.order_by("start_date", "pk")),
        Prefetch("work_history", queryset=WorkEntry.objects.order_by("start_date", "pk")),
        Prefetch("dependants", queryset=Dependant.objects.order_by("pk")),
    )


def get_applicant_for(user: User, *, histories: bool = True) -> Applicant | None:
    """The user's own applicant profile with its histories (unless ``histories`` is false:
    ``load_histories`` reads them later if the page needs them), or None before the first
    visit."""
    if not user.is_authenticated or not user.is_applicant:
        return None
    applicants = Applicant.objects.filter(user=user)
    if histories:
        applicants = applicants.prefetch_related(*_histories())
    return applicants.first()


def load_histories(applicant: Applicant) -> Applicant:
    prefetch_related_objects([applicant], *_histories())
    return applicant
