"""French and English are complete: every user-visible string has a French translation.

Source strings are English. The test re-extracts the messages from the code into a copy of the
catalogue (as ``makemessages`` would), so a new string without a translation fails here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import jalon

PACKAGE = Path(jalon.__file__).parent
CATALOGUE = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is needed: apt-get install gettext (scripts/setup does)")
    work = tmp_path_factory.mktemp("messages") / "jalon"
    shutil.copytree(PACKAGE, work, ignore=shutil.ignore_patterns("__pycache__", "vendor", "*.mo"))
    # With a locale folder in the copy, makemessages writes there, never into the real catalogue.
    (work / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-obsolete",
         "--settings=jalon.settings", "-v", "0"],
        cwd=work, check=True, capture_output=True, text=True, timeout=300,
    )
    return polib.pofile(str(work / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def test_every_message_has_a_french_translation(extracted):
    missing = [entry.msgid for entry in extracted if not entry.translated() and not entry.obsolete]
    assert not missing, f"{len(missing)} untranslated strings, e.g. {missing[:10]}"


def test_no_translation_is_fuzzy(extracted):
    fuzzy = [entry.msgid for entry in extracted.fuzzy_entries()]
    assert not fuzzy, f"fuzzy translations: {fuzzy[:10]}"


def test_the_compiled_catalogue_matches_the_sources():
    assert CATALOGUE.exists() and CATALOGUE.with_suffix(".mo").exists(), "no French catalogue"
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(CATALOGUE))
              if e.translated()}  # "Level" (to level) and "Level" (a risk's) differ by context
    assert {(e.msgctxt, e.msgid): e.msgstr for e in compiled if e.msgid} == source


def test_french_uses_the_typographic_apostrophe():
    # One apostrophe throughout, as Django's own French messages (« Nom d’utilisateur ») write it.
    straight = [
        entry.msgstr for entry in polib.pofile(str(CATALOGUE))
        if "'" in entry.msgstr or any("'" in text for text in entry.msgstr_plural.values())
    ]
    assert not straight, f"{len(straight)} French messages with ', e.g. {straight[:5]}"
