"""The import contracts in pyproject.toml (checked by `lint-imports` in `make test`) cover every
app and every module of the portal package: a new one cannot slip past them unplaced."""

import pkgutil
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]
LAYERS = next(c for c in CONFIG["contracts"] if c["type"] == "layers")["layers"]
PLACED = {name.strip() for layer in LAYERS for name in layer.replace("|", ":").split(":")}
OUR_APPS = [app for app in settings.INSTALLED_APPS if (ROOT / app / "__init__.py").exists()]


def test_every_app_of_ours_is_checked_and_placed_in_a_layer():
    assert set(CONFIG["root_packages"]) == set(OUR_APPS)
    for app in OUR_APPS:
        assert app in PLACED or any(name.startswith(f"{app}.") for name in PLACED), app


def test_every_module_of_the_portal_package_is_placed_in_a_layer():
    found = pkgutil.iter_modules([str(ROOT / "portal")])
    modules = {f"portal.{m.name}" for m in found if m.name != "tests"}
    assert modules == {name for name in PLACED if name.startswith("portal.")}
