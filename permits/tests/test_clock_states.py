"""Rule T1 as cases move: the clock runs while the zone has the case, pauses while it is
returned (the resubmission restarts it, docs/workflow.md), and stops at the decision, which
shows "办结" with the working days used."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from permits import services
from permits.models import PermitApplication
from reviews.clock import clock_for
from reviews.services import MaterialReturn


def test_clock_runs_pauses_and_stops(client, with_zone, reviewer):
    application = with_zone()
    running = clock_for(application, today=timezone.localdate())
    assert running.remaining is not None and not running.paused and not running.finished_on

    application = services.application_return_to_unit(
        application=application,
        by=reviewer,
        comment="",
        returned=[MaterialReturn("M7", "劳动合同", "签字页不清晰")],
    )
    paused = clock_for(application, today=timezone.localdate())
    assert paused.paused and paused.remaining is None and not paused.overdue
    client.force_login(reviewer)
    queue = client.get(reverse("reviews:permits_queue")).content.decode()
    assert "已暂停" in queue

    application = services.application_forward(
        application=application, by=application.unit.staff.first(), comment="已更换合同扫描件"
    )
    # Received 15 days ago: the decision shows the working days used, not days left.
    PermitApplication.objects.filter(pk=application.pk).update(
        received_at=timezone.now() - timedelta(days=15)
    )
    application.refresh_from_db()
    services.application_approve(application=application, by=reviewer)
    application.refresh_from_db()
    stopped = clock_for(application, today=timezone.localdate() + timedelta(days=30))
    assert stopped.finished_on == timezone.localdate()
    assert 8 <= stopped.age <= 15
    page = client.get(reverse("reviews:permit_application", args=[application.pk])).content
    assert f"办结，用时 {stopped.age} 个工作日" in page.decode()
    assert "剩余" not in page.decode().split("办结")[0].rsplit("<p>", 1)[-1]
