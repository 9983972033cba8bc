from django import template

register = template.Library()


@register.inclusion_tag("permits/includes/applicant_panel.html")
def applicant_permit_panel(panel):
    """The applicant's association, application and permit, with the next thing to do.
    ``panel`` is read in the view (permits.pages.applicant_permit_context, registered with
    applicants.home), so that rendering runs no query (issue 15)."""
    return panel
