"""Comparing names and addresses as typed: width and spaces do not matter, characters do."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """NFKC (full-width digits and brackets become half-width) without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def same(a: str, b: str) -> bool:
    return normalise(a) == normalise(b)


# Control characters, bidi overrides, zero-width and other format characters, surrogates,
# private use, line and paragraph separators: invisible in a name or an address, and able to
# make what a reviewer sees differ from what is stored. Tab, line feed and carriage return
# are ordinary text in a comment.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def hidden_characters(text: str) -> list[str]:
    """The refused characters of ``text`` as ``U+XXXX`` codes, each once, in order."""
    found: list[str] = []
    for char in text:
        if char in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            code = f"U+{ord(char):04X}"
            if code not in found:
                found.append(code)
    return found


def nfc(text: str) -> str:
    """Text as stored: canonical composition (NFC), so equal text compares equal."""
    return unicodedata.normalize("NFC", text)
