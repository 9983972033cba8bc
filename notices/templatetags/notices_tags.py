from django import template

from portal.constants import Process

register = template.Library()


@register.filter
def process_label(code: str) -> str:
    """The process's name in the active language, from its code (PR1–PR7)."""
    return str(Process(code).label) if code in Process.values else code
