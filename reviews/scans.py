"""Rule T1: a review past its promised date. The zone holds the case (its queryset's
``awaiting_zone()``) and ``due_on``, the last promised day, is before today: every active
reviewer is told once per case and promised date (a case received again, or whose date a
calendar change moved, has a new date and is told about again if it passes that too).

Each process registers the scan of its own case model in its app's ``scans.py`` (reviews
cannot import the processes); this module builds it."""

from collections.abc import Sequence
from datetime import date

from django.db import models
from django.db.models.functions import Concat

from notices.constants import NoticeKind
from notices.links import link_for_each
from notices.recipients import reviewer_ids
from notices.scans import Scan
from notices.services import NoticeDraft, subject_of

from .models import Case


def party_of(person: str, unit: str) -> Concat:
    """A case's party as the notices name it: "person（unit）", from the row's relations."""
    return Concat(person, models.Value("（"), unit, models.Value("）"))


def overdue_reviews_scan(
    model: type[Case],
    *,
    name: str,
    reviewer_url_name: str,
    party: models.Expression | models.F,
    fields: Sequence[str] = (),
) -> Scan:
    """The T1 scan of one case model. ``party`` names the case's party (a unit, an
    applicant) in words that need no translation, as an expression over the case's row
    and its relations, read with the row (one object a row; an applicant's facts are not
    loaded); ``fields`` the row's columns its process is read from (``kind``), besides the
    clock's; ``reviewer_url_name`` is the reviewers' page of the case, reversed with its
    primary key."""

    def due(today: date) -> models.QuerySet:
        return (
            model.objects.awaiting_zone()
            .filter(due_on__lt=today)
            .only("state", "due_on", "received_at", *fields)
            .annotate(party=party)
        )

    def notices(cases: Sequence[Case], today: date) -> list[NoticeDraft]:
        reviewers = reviewer_ids()
        link = link_for_each(reviewer_url_name)
        drafts = []
        for case in cases:
            url, subject = link(case.pk), subject_of(case)
            params = {
                "process": str(case.process),
                "name": case.party,
                "received_on": case.received_on().isoformat() if case.received_at else "",
            }
            drafts += [
                NoticeDraft(
                    recipient_id=reviewer,
                    kind=NoticeKind.REVIEW_OVERDUE,
                    subject=subject,
                    deadline=case.due_on,
                    url=url,
                    params=params,
                )
                for reviewer in reviewers
            ]
        return drafts

    return Scan(
        name=name,
        rule="T1",
        description=f"{model._meta.label}: with the zone past due_on",
        due=due,
        notices=notices,
    )
