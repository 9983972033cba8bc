from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .constants import Role

# The menu of each role: (URL name, label). Later issues add their pages here.
NAVIGATION: dict[str, list[tuple[str, str]]] = {
    Role.UNIT_STAFF: [
        ("units:home", _("Unit home")),
        ("units:profile", _("Unit profile")),
        ("units:materials", _("Attachments")),
        ("permits:employees", _("Employees")),
        ("changes:unit_list", _("Permit changes")),
        ("documents:unit", _("Documents")),
        ("rules:self_check", _("Eligibility self-check")),
    ],
    Role.APPLICANT: [
        ("applicants:home", _("My home")),
        ("applicants:profile", _("My profile")),
        ("applicants:facts", _("Eligibility facts")),
        ("applicants:materials", _("My materials")),
        ("permits:associate", _("My unit")),
        ("permits:application", _("My application")),
        ("changes:mine", _("Permit changes")),
        ("documents:mine", _("My documents")),
        ("rules:self_check", _("Eligibility self-check")),
    ],
    Role.REVIEWER: [
        ("reviews:home", _("Review queue")),
        ("reviews:permits_queue", _("New permits")),
        ("reviews:permit_cases_queue", _("Renewals and employer changes")),
        ("reviews:changes_queue", _("Permit changes")),
        ("reviews:units", _("Units and quotas")),
        ("figures:statistics", _("Statistics")),
    ],
    Role.ADMINISTRATOR: [
        ("portal:admin_home", _("Administration")),
        ("admin:index", _("Data")),
        ("figures:statistics", _("Statistics")),
    ],
}


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for url_name, label in NAVIGATION.get(user.role, []):
        url = reverse(url_name)
        items.append({"url": url, "label": label, "active": request.path == url})
    return {"nav_items": items}
