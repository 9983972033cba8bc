"""What the apps above add to the applicant's home page (issue 15: read in the view, not from
inside the template). The permits app registers the permit panel's context here in its
``ready``; this app does not import it (the layers of pyproject.toml)."""

from collections.abc import Callable
from datetime import date
from typing import Any

# context name → function(applicant, today, **known) returning that panel's context; ``known``
# is what the home page has read already (``association``, the latest ``application``), so a
# panel does not read it again.
HOME_PANELS: dict[str, Callable[..., dict]] = {}


def register_home_panel(name: str, context: Callable[..., dict]) -> None:
    HOME_PANELS[name] = context


def home_panels(applicant, today: date, **known: Any) -> dict[str, dict]:
    return {name: context(applicant, today, **known) for name, context in HOME_PANELS.items()}
