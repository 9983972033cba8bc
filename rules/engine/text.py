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
