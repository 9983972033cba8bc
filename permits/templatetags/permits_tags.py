from django import template
from django.utils import timezone

from permits.models import Association, Permit, PermitApplication
from permits.pages import permit_life_context

register = template.Library()


@register.inclusion_tag("permits/includes/applicant_panel.html")
def applicant_permit_panel(applicant):
    """The applicant's association, application and permit, with the next thing to do."""
    today = timezone.localdate()
    # The permit the person holds today; else the latest one (lapsed or cancelled: they may
    # apply anew, T3).
    permits = Permit.objects.filter(holder=applicant).select_related("unit")
    permit = permits.held_on(today).first()
    ended = None if permit else permits.first()
    life = permit_life_context(permit, today=today) if permit else {}
    return {
        **life,
        "ended": ended,
        "association": Association.objects.filter(applicant=applicant)
        .live()
        .select_related("unit")
        .first(),
        "application": PermitApplication.objects.for_applicant(applicant)
        .order_by("-created_at")
        .first(),
        "permit": permit,
        "days_left": permit.days_left(today) if permit else None,
    }
