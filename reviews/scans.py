"""Rule T1: a review past its promised date. The zone holds the case (its queryset's
``awaiting_zone()``) and ``due_on``, the last promised day, is before today: every active
reviewer is told once per case and promised date (a case received again, or whose date a
calendar change moved, has a new date and is told about again if it passes that too).

Each process registers the scan of its own case model in its app's ``scans.py`` (reviews
cannot import the processes); this module builds it."""

from collections.abc import Callable, Sequence
from datetime import date

from django.db import models
from django.urls import reverse

from notices.constants import NoticeKind
from notices.recipients import reviewer_ids
from notices.scans import Scan
from notices.services import NoticeDraft, subject_of

from .models import Case


def overdue_reviews_scan(
    model: type[Case],
    *,
    name: str,
    reviewer_url_name: str,
    describe: Callable[[Case], str],
    related: Sequence[str] = (),
) -> Scan:
    """The T1 scan of one case model. ``describe`` names the case's party (a unit, an
    applicant) in words that need no translation; ``reviewer_url_name`` is the reviewers'
    page of the case, reversed with its primary key."""

    def due(today: date) -> models.QuerySet:
        return model.objects.awaiting_zone().filter(due_on__lt=today).select_related(*related)

    def notices(cases: Sequence[Case], today: date) -> list[NoticeDraft]:
        reviewers = reviewer_ids()
        urls = {case.pk: reverse(reviewer_url_name, args=[case.pk]) for case in cases}
        return [
            NoticeDraft(
                recipient_id=reviewer,
                kind=NoticeKind.REVIEW_OVERDUE,
                subject=subject_of(case),
                deadline=case.due_on,
                url=urls[case.pk],
                params={
                    "process": str(case.process),
                    "name": describe(case),
                    "received_on": case.received_on().isoformat() if case.received_at else "",
                },
            )
            for case in cases
            for reviewer in reviewers
        ]

    return Scan(
        name=name,
        rule="T1",
        description=f"{model._meta.label}: with the zone past due_on",
        due=due,
        notices=notices,
    )
