"""Reference data: the promised time of every process (rule T1).

Without a row the default of `DEFAULT_PROMISED_WORKING_DAYS` applies anyway; the rows are
created so that administrators see the promise in `/admin/` and change it there. `load()`
creates the processes that have no row and never touches an existing one.
"""

from .constants import DEFAULT_PROMISED_WORKING_DAYS
from .models import PromisedTime


def load() -> int:
    """Create the missing processes; returns how many were created."""
    existing = set(PromisedTime.objects.values_list("process", flat=True))
    missing = [
        PromisedTime(process=process, working_days=days)
        for process, days in DEFAULT_PROMISED_WORKING_DAYS.items()
        if process not in existing
    ]
    # The unique process lets a second start running at the same time pass over a row.
    PromisedTime.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)
