from django import template

register = template.Library()


@register.inclusion_tag("attachments/material_panel.html", takes_context=True)
def material_panel(context, panel):
    """{% material_panel panel %} — the panel of one material of one owner: its current
    version, earlier versions and, for those who may change it, the upload form. ``panel`` is
    built in the view by attachments.panel.material_panels, so that rendering runs no query
    (issue 15)."""
    return {
        "panel": panel,
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }
