"""The deadline scans over permits' columns (docs/notices.md): T1 for PR3 applications with
the zone, T5 for a labour contract within a month of its end.

Hook for the permit's life (PR4, T2–T4; not built yet — the columns do not exist): register
here, each from an indexed date column and with its own NoticeKind (notices/constants.py)
and texts (notices/templates/notices/kinds/<kind>/):
  * T2 renewal window opens — ``Permit.renewal_opens_on <= today``; holder and unit staff;
    deadline = expiry date, step "open";
  * T2 reminders 20/10/5/1 working days before the last submission day — the column
    ``Permit.last_submission_on`` (recomputed on ``calendar_changed``); one notice per step
    ("20wd", "10wd", "5wd", "1wd"), due when ``working_days_between(today, last) <= n``, so a
    scan that did not run on the day still sends each step once;
  * T3 lapse at expiry — the service that lapses the permit (status LAPSED, never restored)
    runs in the scan's batch, then the holder and unit are told; deadline = expiry date;
  * T4 leaver not released within 5 days — ``Association.departure_on`` + 5 calendar days
    (``rules.engine.deadlines.dissociation_due``) before today and still accepted: the former
    unit's staff; deadline = the due date.
"""

from collections.abc import Sequence
from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse

from notices.constants import NoticeKind
from notices.recipients import unit_staff_ids
from notices.scans import Scan, register
from notices.services import NoticeDraft, subject_of
from reviews.scans import overdue_reviews_scan
from rules.engine.deadlines import contract_must_end_after

from .constants import AssociationState
from .models import LabourContract, PermitApplication

register(
    overdue_reviews_scan(
        PermitApplication,
        name="t1_permit_applications_overdue",
        reviewer_url_name="reviews:permit_application",
        describe=lambda application: f"{application.applicant.name}（{application.unit.name}）",
        related=("applicant", "unit"),
    )
)


# --- T5 ---------------------------------------------------------------------------------
def _ending_contracts(today: date) -> models.QuerySet:
    """The current contract (the newest row) of each accepted association, ending on or
    before the day T5 requires a contract to end after."""
    newer = LabourContract.objects.filter(
        association=OuterRef("association"), created_at__gt=OuterRef("created_at")
    )
    return (
        LabourContract.objects.filter(
            association__state=AssociationState.ACCEPTED,
            end_date__lte=contract_must_end_after(today),
        )
        .exclude(Exists(newer))
        .select_related("association__applicant", "association__unit")
    )


def _contract_notices(contracts: Sequence[LabourContract], today: date) -> list[NoticeDraft]:
    staff = unit_staff_ids(c.association.unit_id for c in contracts)
    unit_url, holder_url = reverse("permits:employees"), reverse("permits:associate")
    drafts = []
    for contract in contracts:
        association = contract.association
        recipients = [(pk, unit_url) for pk in staff.get(association.unit_id, [])]
        recipients.append((association.applicant.user_id, holder_url))
        drafts += [
            NoticeDraft(
                recipient_id=pk,
                kind=NoticeKind.CONTRACT_ENDING,
                subject=subject_of(contract),
                deadline=contract.end_date,
                step="1m",
                url=url,
                params={"holder": association.applicant.name, "unit": association.unit.name},
            )
            for pk, url in recipients
        ]
    return drafts


register(
    Scan(
        name="t5_labour_contract_ending",
        rule="T5",
        description="the current labour contract of an accepted association ends within a month",
        due=_ending_contracts,
        notices=_contract_notices,
    )
)
