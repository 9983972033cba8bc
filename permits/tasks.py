"""The permit's clocks in the background: the T3 lapse scan (Celery beat) and the T2 dates
after a calendar change. Each task calls one service; running one twice does nothing twice."""

from celery import shared_task

from notices.tasks import deliver_pending

from . import life, scans


@shared_task(name="permits.tasks.lapse_expired_permits", ignore_result=True)
def lapse_expired_permits() -> None:
    """Rule T3: scheduled by beat (LAPSE_SCAN_INTERVAL); also ``manage.py lapse_permits`` and,
    as the scan ``t3_permit_lapse``, every deadline scan round. Lapses and tells."""
    scans.permits_lapse()
    deliver_pending.delay_on_commit()


@shared_task(name="permits.tasks.recompute_renewal_dates", ignore_result=True)
def recompute_renewal_dates() -> None:
    life.permit_renewal_dates_recompute()


def enqueue_renewal_dates_recompute(sender, **kwargs) -> None:
    """Receiver of ``rules.signals.calendar_changed``: the last renewal submission days are
    computed again after the change commits, in a worker (connected in PermitsConfig.ready;
    the hook reviews.recompute describes)."""
    recompute_renewal_dates.delay_on_commit()
