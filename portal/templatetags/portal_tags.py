from django import template
from django.utils.translation import gettext_lazy as _

from portal.i18n import in_language

register = template.Library()

OUTCOME_LABELS = {
    "pass": _("Met"),
    "fail": _("Not met"),
    "review": _("Reviewer decides"),
    "not_applicable": _("Not applicable"),
}
OUTCOME_CLASSES = {"pass": "status-pass", "fail": "status-fail", "review": "status-review"}


@register.simple_tag
def lang(zh: str, en: str) -> str:
    """The Chinese or English text of a pair, by the active language."""
    return in_language(zh or "", en or "")


@register.filter
def outcome_label(outcome) -> str:
    return OUTCOME_LABELS.get(str(outcome), str(outcome))


@register.filter
def outcome_class(outcome) -> str:
    return OUTCOME_CLASSES.get(str(outcome), "")


@register.filter
def label_of(value, labels) -> str:
    """The label of a stored choice value, from a {value: label} mapping."""
    return labels.get(value, value) if labels else value
