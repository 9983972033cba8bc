"""Who is told: the people of a role, read in one query per batch of due items."""

from collections import defaultdict
from collections.abc import Iterable

from portal.constants import Role
from portal.models import User


def reviewer_ids() -> list[int]:
    return list(
        User.objects.filter(role=Role.REVIEWER, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def unit_staff_ids(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """The active staff accounts of each unit."""
    staff: dict[int, list[int]] = defaultdict(list)
    rows = User.objects.filter(role=Role.UNIT_STAFF, is_active=True, unit_id__any=set(unit_ids))
    for user_id, unit_id in rows.order_by("pk").values_list("pk", "unit_id"):
        staff[unit_id].append(user_id)
    return staff
