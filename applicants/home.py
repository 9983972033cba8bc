"""What the apps above add to the applicant's home page (issue 15: read in the view, not from
inside the template). The permits app registers the permit panel's context here in its
``ready``; this app does not import it (the layers of pyproject.toml)."""

from collections.abc import Callable
from datetime import date
from typing import Any

# context name → function(applicant, today) returning that panel's context
HOME_PANELS: dict[str, Callable[[Any, date], dict]] = {}


def register_home_panel(name: str, context: Callable[[Any, date], dict]) -> None:
    HOME_PANELS[name] = context


def home_panels(applicant, today: date) -> dict[str, dict]:
    return {name: context(applicant, today) for name, context in HOME_PANELS.items()}
