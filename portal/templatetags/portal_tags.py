from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.i18n import in_language, plain

register = template.Library()

# One vocabulary on every page: 符合 / 不符合 / 需人工审核 (and 不适用).
OUTCOME_LABELS = {
    "pass": _("Met"),
    "fail": _("Not met"),
    "review": _("Needs a reviewer's check"),
    "not_applicable": _("Not applicable"),
    "unused": _("Not used: another condition is met"),
}
OUTCOME_CLASSES = {
    "pass": "status-pass",
    "fail": "status-fail",
    "review": "status-review",
    "unused": "status-neutral",
}
# The condition each group of alternatives serves: one met alternative is enough (P4, P3).
_ALTERNATIVES_OF = {"C": "P4", "H": "P3"}


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


@register.simple_tag
def lang_plain(zh: str, en: str, keep_ids: bool = False) -> str:
    """``lang`` without rule IDs, unless the reader is a reviewer (``keep_ids``)."""
    text = in_language(zh or "", en or "")
    return text if keep_ids else plain(text)


@register.filter(name="plain")
def plain_filter(text) -> str:
    return plain(str(text)) if text else text


@register.filter
def plain_label_tag(field) -> str:
    """A field's <label> with the label in plain words."""
    return field.label_tag(contents=plain(str(field.label))) if field.label else ""


@register.simple_tag
def outcome_in(result, verdict) -> str:
    """The outcome to show: an unmet alternative (one of C1–C8, H1–H7) is “unused”, not a
    failure, when its condition is met through another alternative."""
    outcome = str(result.outcome)
    parent = _ALTERNATIVES_OF.get(result.rule[:1]) if result.alternative else None
    if outcome == "fail" and parent:
        try:
            if str(verdict.result(parent).outcome) != "fail":
                return "unused"
        except KeyError:
            pass
    return outcome


@register.simple_tag
def rule_label(rule: str) -> str:
    return format_html('<span class="rule-id">{}</span>', rule)
