"""The committed translations are complete and compiled: no UI string shows up untranslated."""

import gettext
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from editorial.i18n import target_languages
from tests.helpers import copy_project

ROOT = Path(settings.BASE_DIR)


def catalog_paths(code):
    folder = ROOT / "locale" / code / "LC_MESSAGES"
    return folder / "django.po", folder / "django.mo"


@pytest.mark.parametrize("code", target_languages())
def test_compiled_catalog_matches_the_po_file(code, tmp_path):
    po_path, mo_path = catalog_paths(code)
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po_path)], check=True)
    with open(fresh, "rb") as expected, open(mo_path, "rb") as committed:
        expected_catalog = gettext.GNUTranslations(expected)._catalog
        committed_catalog = gettext.GNUTranslations(committed)._catalog
    stale = {key for key in expected_catalog if committed_catalog.get(key) != expected_catalog[key]}
    assert not stale, f"{mo_path} is older than {po_path}: run `make messages`. Differs: {sorted(stale)[:5]}"


@pytest.mark.parametrize("code", target_languages())
def test_every_ui_string_is_translated(code):
    po_path, _mo = catalog_paths(code)
    catalog = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy (unchecked) in {po_path}: {fuzzy[:10]}"


@pytest.mark.parametrize("code", target_languages())
def test_the_catalog_has_every_string_the_code_uses(code, tmp_path):
    copy_project(tmp_path)
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "outreach.settings", "DEBUG": "true"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", code, "--no-obsolete", "--no-location"],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
    )
    needed = {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(tmp_path / "locale" / code / "LC_MESSAGES" / "django.po"))
    }
    committed = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(catalog_paths(code)[0]))}
    missing = needed - committed
    assert not missing, f"strings not in the committed catalog (run `make messages`): {sorted(missing)[:10]}"
