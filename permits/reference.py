"""Reference data: the permit policy (rule T7), one row with the default validity.

`PermitPolicy.current()` falls back to the defaults without a row; the row is created so that
administrators find the policy in `/admin/` to edit. An existing row is never touched.
"""

from .models import PermitPolicy


def load() -> int:
    """Create the policy row if there is none; returns how many were created."""
    if PermitPolicy.objects.exists():
        return 0
    PermitPolicy.objects.create()
    return 1
