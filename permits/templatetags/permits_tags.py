from django import template
from django.utils import timezone

from permits.models import Association, Permit, PermitApplication

register = template.Library()


@register.inclusion_tag("permits/includes/applicant_panel.html")
def applicant_permit_panel(applicant):
    """The applicant's association, application and permit, with the next thing to do."""
    today = timezone.localdate()
    permit = Permit.objects.filter(holder=applicant).select_related("unit").first()
    return {
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
