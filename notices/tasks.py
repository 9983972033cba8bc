"""Beat runs ``scan_all`` (every NOTICES_SCAN_INTERVAL seconds), which enqueues one
``run_scan`` per registered scan; each scan enqueues ``deliver_pending`` after it commits,
and beat runs ``deliver_pending`` too, to retry what is still pending. All three acknowledge
late: a worker killed mid-task leaves the message to be redelivered, and a rerun creates and
sends nothing twice."""

from celery import shared_task

from . import scans, services


@shared_task(name="notices.tasks.scan_all", ignore_result=True, acks_late=True)
def scan_all() -> None:
    for name in scans.registry():
        run_scan.delay_on_commit(name)


@shared_task(name="notices.tasks.run_scan", ignore_result=True, acks_late=True)
def run_scan(name: str) -> None:
    scan = scans.registry().get(name)
    if scan is None:  # a scan renamed or removed since the message was sent
        return
    scans.scan_run(scan)
    deliver_pending.delay_on_commit()


@shared_task(name="notices.tasks.deliver_pending", ignore_result=True, acks_late=True)
def deliver_pending() -> None:
    services.deliveries_send()
