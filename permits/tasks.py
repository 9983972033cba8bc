"""The permit's clocks in the background: the T3 lapse scan (Celery beat) and the T2 dates
after a calendar change. Each task calls one service; running one twice does nothing twice."""

from celery import shared_task

from . import life


@shared_task(name="permits.tasks.lapse_expired_permits", ignore_result=True)
def lapse_expired_permits() -> None:
    """Rule T3: scheduled by beat (LAPSE_SCAN_INTERVAL); also ``manage.py lapse_permits``."""
    life.permits_lapse()


@shared_task(name="permits.tasks.recompute_renewal_dates", ignore_result=True)
def recompute_renewal_dates() -> None:
    life.permit_renewal_dates_recompute()


def enqueue_renewal_dates_recompute(sender, **kwargs) -> None:
    """Receiver of ``rules.signals.calendar_changed``: the last renewal submission days are
    computed again after the change commits, in a worker (connected in PermitsConfig.ready;
    the hook reviews.recompute describes)."""
    recompute_renewal_dates.delay_on_commit()
