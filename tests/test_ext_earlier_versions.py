"""legalpages.extensions.earlier_versions: the writer's notes, written once in German, reach the page's
catalog and show translated; the notes file is checked. (The section, the archived pages and the change
views of a whole site are tested in tests/test_archive.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run_module
from history_repo import SECOND, THIRD, make_repo
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from legalpages.extensions.earlier_versions import NOTES_FILE, read_notes
from legalpages.sphinx_run import SphinxRun

NOTES = f"""
[impressum]
"{SECOND}" = "Die Anschrift wird klarer genannt."
"{THIRD}" = "Der Hinweis auf die Anschrift ist genauer."
"""
TRANSLATED = ("Die Anschrift wird klarer genannt.", "The address is named more clearly.")


def build(root: Path, language: str, out: Path) -> BeautifulSoup:
    run = SphinxRun("html", out / language, out / "doctrees" / language, language, root=root)
    with docutils_namespace():  # docutils' registries are global: later in-process builds need them clean
        app = Sphinx(
            str(root / "docs"), str(root), str(out / language), str(out / "doctrees" / language), "html",
            confoverrides=run.settings(), status=None, warningiserror=True, freshenv=True,
        )  # fmt: skip
        app.build()
    return BeautifulSoup((out / language / "impressum.html").read_text(encoding="utf-8"), "lxml")


@pytest.mark.e2e  # runs the whole catalog update
def test_notes_are_extracted_into_the_pages_catalog_and_shown_translated(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    make_repo(root)
    (root / NOTES_FILE).write_text(NOTES, encoding="utf-8")
    run = run_module("catalogs", "update", cwd=root)
    assert run.returncode == 0, run.output
    catalog = root / "locale" / "en" / "LC_MESSAGES" / "impressum.po"
    text = catalog.read_text(encoding="utf-8")
    for note in ("Die Anschrift wird klarer genannt.", "Der Hinweis auf die Anschrift ist genauer."):
        assert f'#: {NOTES_FILE}\nmsgid "{note}"\nmsgstr ""' in text, "each note is a message of its page"
    german, english = TRANSLATED
    catalog.write_text(text.replace(f'msgid "{german}"\nmsgstr ""', f'msgid "{german}"\nmsgstr "{english}"'))

    notes = {p.get_text(strip=True): p for p in build(root, "en", tmp_path / "out").select(".version-note")}
    assert english in notes and "untranslated" not in notes[english].get("class", [])
    untranslated = notes["Der Hinweis auf die Anschrift ist genauer."]
    assert "untranslated" in untranslated["class"] and untranslated["lang"] == "de", "shown German, marked"
    german_notes = [p.get_text(strip=True) for p in build(root, "de", tmp_path / "out").select(".version-note")]
    assert german_notes == ["Der Hinweis auf die Anschrift ist genauer.", german], "current version's note first"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[impressum\n", "docs/versions.toml:1: not valid TOML"),
        ('[impressum]\n"gestern" = "Neu."\n', 'docs/versions.toml:2: write each note as "YYYY-MM-DD"'),
        ('[impressum]\n"2026-01-01" = 3\n', 'docs/versions.toml:2: write each note as "YYYY-MM-DD"'),
        ('impressum = "Neu."\n', "docs/versions.toml:1: 'impressum' must be a table"),
    ],
)
def test_a_broken_notes_file_is_one_message_with_its_line(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / NOTES_FILE).write_text(content, encoding="utf-8")
    _, problems = read_notes(tmp_path)
    assert len(problems) == 1 and problems[0].startswith(problem), problems
