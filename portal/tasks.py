from celery import shared_task

from . import services


@shared_task(name="portal.tasks.record_heartbeat", ignore_result=True)
def record_heartbeat() -> None:
    services.heartbeat_record(hostname=record_heartbeat.request.hostname or "")
