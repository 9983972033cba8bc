from django import template

from ..models import MaterialKind
from ..panel import material_panel_context

register = template.Library()


@register.inclusion_tag("attachments/material_panel.html", takes_context=True)
def material_panel(context, owner, kind, user=None):
    """{% material_panel owner "U10c" %} — the panel of one material of one owner: its
    current version, earlier versions and, for those who may change it, the upload form.
    `kind` is a MaterialKind or its code; `user` defaults to the signed-in user."""
    request = context.get("request")
    if user is None:
        user = request.user if request is not None else context.get("user")
    if not isinstance(kind, MaterialKind):
        kind = MaterialKind.objects.get(code=kind)
    next_url = request.get_full_path() if request is not None else ""
    return {
        "panel": material_panel_context(owner, kind, user, next_url=next_url),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
