"""Bilingual labels that follow the active language, for texts kept as (Chinese, English)
pairs outside gettext catalogues (the rule engine's labels and reasons)."""

from enum import StrEnum

from django.utils.functional import lazy
from django.utils.translation import get_language

from rules.engine.labels import en, zh


def in_language(zh: str, en: str) -> str:
    return en if (get_language() or "zh-hans").startswith("en") else zh


bilingual = lazy(in_language, str)


def enum_choices(enum_cls: type[StrEnum]) -> list[tuple[str, str]]:
    """Model/form choices for an engine enumeration, labelled from the engine's labels."""
    return [(member.value, bilingual(zh(member), en(member))) for member in enum_cls]
