"""The interface's catalogues: complete in the six languages, and up to date."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LANGUAGES = ("fr", "es", "ru", "ar", "zh_Hans")
BASE = Path(settings.BASE_DIR)
SOURCES = ("brsportal", "decisions", "activities", "reports", "templates")


def incomplete(catalogue: polib.POFile) -> list[str]:
    return [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete and (not entry.translated() or entry.fuzzy)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    catalogue = polib.pofile(BASE / "locale" / language / "LC_MESSAGES" / "django.po")

    assert not catalogue.metadata_is_fuzzy
    assert len(catalogue) > 700
    assert incomplete(catalogue) == []


@pytest.mark.skipif(
    shutil.which("xgettext") is None and not os.environ.get("CI"),
    reason="makemessages needs GNU gettext (Debian's gettext); .ci/run installs it",
)
def test_catalogues_hold_every_string_marked_in_the_sources(tmp_path):
    """makemessages on a copy: a string marked but not yet in a catalogue fails."""
    copy = tmp_path / "project"
    for name in (*SOURCES, "locale"):
        shutil.copytree(
            BASE / name, copy / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(BASE / "manage.py", copy / "manage.py")
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete"]
    command += [f"-l{language}" for language in LANGUAGES]
    subprocess.run(command, cwd=copy, check=True, capture_output=True)  # noqa: S603

    for language in LANGUAGES:
        catalogue = copy / "locale" / language / "LC_MESSAGES" / "django.po"
        assert incomplete(polib.pofile(catalogue)) == [], language
