"""The deadline scans over units' columns (docs/notices.md): T1 for PR1/PR2 cases, T6 for the
tax certificate of a unit with a case to submit, U9 for a quota expiring within 30 days."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from attachments.models import Attachment
from notices.constants import NoticeKind
from notices.links import link_for_each
from notices.recipients import reviewer_ids, unit_staff_ids
from notices.scans import Scan, register
from notices.services import NoticeDraft, subject_of
from reviews.scans import overdue_reviews_scan
from rules.engine.deadlines import tax_certificate_earliest

from .constants import QUOTA_EXPIRY_NOTICE_DAYS, TAX_CERTIFICATE_CODE, UnitCaseState
from .models import Quota, Unit, UnitCase

register(
    overdue_reviews_scan(
        UnitCase,
        name="t1_unit_cases_overdue",
        reviewer_url_name="reviews:unit_case",
        fields=("kind",),
        party=models.F("unit__name"),
    )
)


# --- T6 ---------------------------------------------------------------------------------
def _stale_tax_certificates(today: date) -> models.QuerySet:
    """The current tax certificate (U10c) of each unit with a PR1/PR2 case to submit (a draft
    or a returned case), dated before the earliest date T6 accepts today."""
    to_submit = UnitCase.objects.filter(state__in=[UnitCaseState.DRAFT, UnitCaseState.RETURNED])
    return (
        Attachment.objects.current()
        .alive()
        .of_kind(TAX_CERTIFICATE_CODE)
        .filter(
            content_type=ContentType.objects.get_for_model(Unit),
            document_date__lt=tax_certificate_earliest(today),
            object_id__in=to_submit.values("unit_id"),
        )
    )


def _tax_certificate_notices(certificates: Sequence[Attachment], today: date) -> list[NoticeDraft]:
    units = Unit.objects.in_bulk({c.object_id for c in certificates})
    staff = unit_staff_ids(units)
    url = reverse("units:materials")
    return [
        NoticeDraft(
            recipient_id=user_id,
            kind=NoticeKind.TAX_CERTIFICATE_STALE,
            subject=subject_of(certificate),
            deadline=certificate.document_date,
            url=url,
            params={"unit": units[certificate.object_id].name},
        )
        for certificate in certificates
        for user_id in staff.get(certificate.object_id, [])
    ]


register(
    Scan(
        name="t6_tax_certificate_stale",
        rule="T6",
        description="a unit with a case to submit whose tax certificate is older than 3 months",
        due=_stale_tax_certificates,
        notices=_tax_certificate_notices,
    )
)


# --- U9: the quota's validity -------------------------------------------------------------
def _expiring_quotas(today: date) -> models.QuerySet:
    """Quotas with places left whose last valid day is today or within the next 30 days."""
    return Quota.objects.filter(
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=QUOTA_EXPIRY_NOTICE_DAYS),
        used__lt=models.F("granted"),
    ).select_related("unit")


def _quota_notices(quotas: Sequence[Quota], today: date) -> list[NoticeDraft]:
    staff = unit_staff_ids(q.unit_id for q in quotas)
    reviewers = reviewer_ids()
    unit_url, reviewer_page = reverse("units:home"), link_for_each("reviews:quota")
    drafts = []
    for quota in quotas:
        recipients = [(pk, unit_url) for pk in staff.get(quota.unit_id, [])]
        reviewer_url = reviewer_page(quota.unit_id)
        recipients += [(pk, reviewer_url) for pk in reviewers]
        subject = subject_of(quota)
        params = {"unit": quota.unit.name, "remaining": quota.remaining, "granted": quota.granted}
        drafts += [
            NoticeDraft(
                recipient_id=pk,
                kind=NoticeKind.QUOTA_EXPIRING,
                subject=subject,
                deadline=quota.expires_on,
                step=f"{QUOTA_EXPIRY_NOTICE_DAYS}d",
                url=url,
                params=params,
            )
            for pk, url in recipients
        ]
    return drafts


register(
    Scan(
        name="u9_quota_expiring",
        rule="U9",
        description=f"a quota with places left expiring within {QUOTA_EXPIRY_NOTICE_DAYS} days",
        due=_expiring_quotas,
        notices=_quota_notices,
    )
)
