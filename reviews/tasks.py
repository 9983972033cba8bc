from celery import shared_task

from . import recompute


@shared_task(name="reviews.tasks.recompute_due_dates", ignore_result=True)
def recompute_due_dates() -> None:
    recompute.case_due_dates_recompute()


def enqueue_due_date_recompute(sender, **kwargs) -> None:
    """Receiver of ``rules.signals.calendar_changed``: the recompute runs after the change
    commits, in a worker (connected in ReviewsConfig.ready)."""
    recompute_due_dates.delay_on_commit()
