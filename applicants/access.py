"""The one way views reach applicant data: the signed-in user's own profile. No URL of this
app carries an applicant's id, so another applicant's data cannot even be named."""

from __future__ import annotations

from django.db.models import Prefetch

from portal.models import User

from .models import Applicant, Dependant, EducationEntry, WorkEntry


def get_applicant_for(user: User) -> Applicant | None:
    """The user's own applicant profile with its histories, or None before the first visit."""
    if not user.is_authenticated or not user.is_applicant:
        return None
    return (
        Applicant.objects.filter(user=user)
        .prefetch_related(
            Prefetch("education", queryset=EducationEntry.objects.order_by("start_date", "pk")),
            Prefetch("work_history", queryset=WorkEntry.objects.order_by("start_date", "pk")),
            Prefetch("dependants", queryset=Dependant.objects.order_by("pk")),
        )
        .first()
    )
