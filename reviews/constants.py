from portal.constants import Process

# Rule T1: new permits and renewals 20 working days, changes 10. PR1 and PR2 are not named by
# the handbook; we promise 10 working days, as for the other changes (docs/workflow.md).
DEFAULT_PROMISED_WORKING_DAYS = {
    Process.PR1: 10,
    Process.PR2: 10,
    Process.PR3: 20,
    Process.PR4: 20,
    Process.PR5: 10,
    Process.PR6: 10,
    Process.PR7: 10,
}


class Stage:
    """The state values the case processes share, so that their shared transitions
    (``reviews.transitions``) and queues (``reviews.filters``) can name them; each process
    labels them in its own ``TextChoices``."""

    DRAFT = "draft"
    WITH_UNIT = "with_unit"
    WITH_ZONE = "with_zone"
    RETURNED_TO_UNIT = "returned_to_unit"
    APPROVED = "approved"
    REJECTED = "rejected"
