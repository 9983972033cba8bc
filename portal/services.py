from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Heartbeat

# Keep a day of ticks for inspection; older rows are pruned as new ones arrive.
HEARTBEAT_KEEP = timedelta(days=1)


def heartbeat_record(*, hostname: str) -> Heartbeat:
    now = timezone.now()
    beat = Heartbeat.objects.create(ran_at=now, hostname=hostname[:200])
    Heartbeat.objects.filter(ran_at__lt=now - HEARTBEAT_KEEP).delete()
    return beat


def heartbeat_is_fresh(last: Heartbeat | None) -> bool:
    """A heartbeat is fresh when it is younger than three beat intervals."""
    if last is None:
        return False
    return timezone.now() - last.ran_at < timedelta(seconds=3 * settings.HEARTBEAT_INTERVAL)
