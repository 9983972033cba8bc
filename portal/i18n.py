"""Bilingual labels that follow the active language, for texts kept as (Chinese, English)
pairs outside gettext catalogues (the rule engine's labels and reasons)."""

import re
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


# --- plain words: rule IDs are labels for reviewers, not prose for applicants and units ----
# Not inside a longer code: “U+FEBF0” and “ABC12” hold no rule ID.
_RULE = r"(?<![A-Za-z0-9+])(?:PR[1-7]|[UPCWHFMT]\d{1,2}[a-z]?)(?![A-Za-z0-9])"
_RULE_RANGE = rf"{_RULE}(?:\s*[–-]\s*{_RULE})?"
_PAREN = re.compile(r"\s?[（(]([^（）()]*)[）)]")
_IDS_ONLY = re.compile(
    rf"^\s*(?:(?:规则|[Rr]ules?)\s*)?{_RULE_RANGE}(?:\s*(?:[、,，/]|and|和|及)\s*{_RULE_RANGE})*\s*$"
)
_IDS_IN = re.compile(rf"(?:(?:规则|[Rr]ules?)\s*)?{_RULE_RANGE}\s*(?:[、,，/]\s*)?")
_SENTENCE = re.compile(
    rf"\s?(?:规则|[Rr]ules?)\s*{_RULE_RANGE}(?:\s*(?:[、,，]|and|和)\s*{_RULE_RANGE})*\s*[。.]"
)
_PREFIX = re.compile(rf"^{_RULE}\s*[·:：]\s*")
# The talent conditions by the handbook's own numbering: “人才条件 C1” → “人才条件（1）”.
_CONDITIONS = re.compile(r"(人才条件|talent conditions?)\s*(C\d(?:\s*[–、,]\s*C\d)*)")


def _conditions(match: re.Match) -> str:
    numbers = re.sub(
        r"C(\d)", r"（\1）" if match.group(1) == "人才条件" else r"(\1)", match.group(2)
    )
    return (
        f"{match.group(1)}{numbers}"
        if match.group(1) == "人才条件"
        else f"{match.group(1)} {numbers}"
    )


def _paren(match: re.Match) -> str:
    whole, inner = match.group(0), match.group(1)
    if _IDS_ONLY.match(inner):
        return ""
    rest = _IDS_IN.sub("", inner).strip(" 、,，/")
    if rest == inner.strip():
        return whole
    return whole.replace(inner, rest) if rest else ""


def plain(text: str) -> str:
    """The text without rule IDs: “就业情况（P1、P5、U7）” → “就业情况”, “住所类型（H1–H7
    七选一）” → “住所类型（七选一）”, “Rule F1.” → “”, “C1 · 学士…” → “学士…”. What the
    reviewers see keeps them (as labels)."""
    if not text:
        return text
    text = _PAREN.sub(_paren, _SENTENCE.sub("", str(text)))
    return _CONDITIONS.sub(_conditions, _PREFIX.sub("", text))
