"""Reference data: what a production database needs besides its schema, and no demo data.

Each app that owns reference data offers `<app>/reference.py` with `load() -> int` (how many
rows it created). `load_reference()` runs them all, in the order of INSTALLED_APPS. Every
`load()` creates only what is missing, keyed by its natural key (a material code, an
application year, a process), and never updates a row that exists: after the first start
the rows belong to the administrators, and a restart must not undo their edits. Running it
any number of times therefore creates nothing twice and changes nothing.

The modules are found as Django finds `admin.py` modules, so this bottom-layer package does
not import the apps above it.
"""

from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import module_has_submodule

REFERENCE_MODULE = "reference"


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Load the reference data of every app; returns rows created per app label."""
    created = {}
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, REFERENCE_MODULE):
            module = import_module(f"{config.name}.{REFERENCE_MODULE}")
            created[config.label] = module.load()
    return created
