"""The one family of refusals that services raise: the state, a rule or the data does not
allow an action now. Views catch ``Refused`` and show its reasons at the page or field;
nothing else about a refusal is special."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise


class Refused(Exception):
    """``reasons`` are for the user: translated sentences, citing rule IDs where a rule
    refuses."""

    def __init__(self, reasons: str | Promise | Iterable[str]) -> None:
        one = isinstance(reasons, str | Promise)
        self.reasons = [str(reasons)] if one else [str(r) for r in reasons]
        super().__init__("; ".join(self.reasons))

    @property
    def message(self) -> str:
        return " ".join(self.reasons)
