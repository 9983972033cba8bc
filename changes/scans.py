"""The deadline scan of changes (docs/notices.md): T1, a change with the zone past its
promised date (10 working days)."""

from notices.scans import register
from reviews.scans import overdue_reviews_scan, party_of

from .models import PermitChange

register(
    overdue_reviews_scan(
        PermitChange,
        name="t1_permit_changes_overdue",
        reviewer_url_name="reviews:change_case",
        fields=("kind",),
        party=party_of("holder__name", "unit__name"),
    )
)
