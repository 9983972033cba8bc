"""Every shipped catalogue is complete and its compiled .mo matches the .po."""

import gettext
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_there_is_a_chinese_catalogue():
    assert ROOT / "locale/zh_Hans/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    with mo_path.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [
        e.msgid
        for e in po.translated_entries()
        if not e.msgid_plural and compiled.gettext(e.msgid) != e.msgstr
    ]
    assert not stale, f"{mo_path} is older than its .po: run compilemessages ({stale[:5]})"


OUR_APPS = {"portal", "rules", "attachments", "reviews", "units", "applicants", "permits", "zone"}


def test_every_admin_column_header_of_ours_is_translated(db):
    """The admin's column headers ("HOLDER", "UNIT" before) read in Chinese: each
    list_display label of our apps' admins has a Chinese translation."""
    import re

    from django.contrib import admin
    from django.contrib.admin.utils import label_for_field
    from django.utils import translation

    untranslated = []
    with translation.override("zh-hans"):
        for model, model_admin in admin.site._registry.items():
            if model._meta.app_label not in OUR_APPS:
                continue
            for name in model_admin.list_display:
                label = str(label_for_field(name, model, model_admin))
                if not re.search(r"[\u4e00-\u9fff]", label):
                    untranslated.append(f"{model._meta.label}.{name}: {label}")
    assert not untranslated, untranslated
