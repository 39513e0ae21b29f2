"""legalpages.extensions.provenance, in process: which German version a translated page follows."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from conftest import PAGES, ROOT, run_module, soup
from sphinx.testing.util import SphinxTestApp

from legalpages.project import PROJECT

ENGLISH = {"language": "en"}


def page(app: SphinxTestApp, name: str = "index") -> BeautifulSoup:
    app.build(force_all=True)  # the test roots' build folder is shared within a session
    assert app.warning.getvalue() == ""
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "lxml")


@pytest.mark.sphinx("html", testroot="extensions", confoverrides=ENGLISH, srcdir="provenance-en")
def test_a_translated_page_names_and_links_its_german_version(app: SphinxTestApp) -> None:
    article = page(app).select_one("article")
    box = article.select_one("div.translation-provenance")
    assert box.p.text.strip() == "Translation of the German version of 26 November 2026."
    assert box.p.a["href"] == "../de/index.html"
    assert box.find_previous_sibling() is article.select_one("div.binding-language"), "right below the notice"


@pytest.mark.sphinx("html", testroot="extensions", confoverrides=ENGLISH, srcdir="provenance-changed-en")
def test_text_shown_in_german_is_explained(app: SphinxTestApp) -> None:
    """The test root's index.po leaves one paragraph untranslated: the German text changed since."""
    document = page(app)
    assert document.select(".untranslated")
    assert (
        document.select_one("div.translation-provenance p.german-changed").text == "The German text has changed since."
    )


@pytest.mark.sphinx(
    "html", testroot="extensions", confoverrides={**ENGLISH, "gettext_auto_build": False, "locale_dirs": []},
    srcdir="provenance-complete-en",
)  # fmt: skip
def test_no_notice_without_german_text(app: SphinxTestApp) -> None:
    """Without the catalog every paragraph is German but none is marked (nothing was looked up), so
    the notice follows the marking exactly: it is there only when text is marked German."""
    document = page(app)
    assert document.select(".untranslated") == []
    assert document.select("p.german-changed") == []
    assert document.select_one("div.translation-provenance")


@pytest.mark.sphinx("html", testroot="extensions", srcdir="provenance-de")
def test_the_german_page_has_none(app: SphinxTestApp) -> None:
    assert page(app).select("div.translation-provenance") == []


# -- the real site: every English page and PDF ------------------------------------------------------

TRANSLATED_PAGES = [page for page in PAGES if page not in PROJECT.source_only_pages]


def german_date(page: str) -> str | None:
    """The German page's own Stand date in English words, as the page must name it; None without one."""
    day = tomllib.loads((ROOT / "docs" / "facts.toml").read_text(encoding="utf-8"))["stand"].get(page)
    return None if day is None else f"{day.day} {day:%B %Y}"


def expected_line(page: str) -> str:
    texts = PROJECT.languages["en"].texts
    date = german_date(page)
    text = texts["provenance"].format(date=date) if date else texts["provenance_undated"]
    return text.replace("[", "").replace("]", "")


@pytest.mark.parametrize("page", TRANSLATED_PAGES)
def test_every_english_page_names_its_german_version(site: Path, page: str) -> None:
    article = soup(site / "en" / f"{page}.html").select_one("article")
    box = article.select_one("div.translation-provenance")
    assert " ".join(box.p.get_text().split()) == expected_line(page)
    assert (site / "en" / box.p.a["href"]).resolve() == (site / "de" / f"{page}.html").resolve()
    assert box.select("p.german-changed") == [], "the shared build's catalogs are complete"


@pytest.mark.parametrize("page", [page for page in PROJECT.pdf_pages if page in TRANSLATED_PAGES])
def test_every_english_pdf_names_its_german_version(site: Path, page: str) -> None:
    path = site / "en" / "pdf" / f"{page}.pdf"
    first_page = subprocess.run(
        ["pdftotext", "-l", "1", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert expected_line(page) in " ".join(first_page.split())
    with pikepdf.open(path) as pdf:
        targets = {str(link.A.URI) for link in pdf.pages[0].get("/Annots", []) if "/A" in link}
    assert f"../../de/pdf/{page}.pdf" in targets, "the German version, linked"


# -- after the German text changed ---------------------------------------------------------------------


def test_a_changed_german_sentence_is_announced_after_update_po(project: Path, tmp_path: Path) -> None:
    """A writer changes a sentence, `make update-po` marks its translation fuzzy: the English page keeps
    naming its German version and says in words that the German text changed since."""
    page = project / "docs" / "impressum.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if len(line) > 80 and line[0].isupper() and "{" not in line)
    lines[number] = lines[number].rstrip(".") + " und ergänzt."
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    update = run_module("catalogs", "update", cwd=project)
    assert update.returncode == 0 and "impressum.po" in update.stdout, update.output

    build = run_module("site", "--html-only", "--build-dir", str(tmp_path / "build"), cwd=project)
    assert build.returncode == 0, build.output
    article = soup(tmp_path / "build" / "html" / "en" / "impressum.html").select_one("article")
    box = article.select_one("div.translation-provenance")
    assert " ".join(box.p.get_text().split()) == expected_line("impressum")
    changed = box.select_one("p.german-changed")
    assert changed.get_text() == PROJECT.languages["en"].texts["german_changed"]
    assert article.select(".untranslated"), "the changed sentence is shown in German"
    other = soup(tmp_path / "build" / "html" / "en" / "datenschutz.html")
    assert other.select("p.german-changed") == [], "only the page whose German text changed"


@pytest.mark.sphinx(
    "html", testroot="extensions", srcdir="provenance-source-only-en",
    # the root's toctree lists "other"; the real source-only page (Leichte Sprache) is an orphan
    confoverrides={**ENGLISH, "legalpages_source_only_pages": ["other"], "suppress_warnings": ["toc.not_readable"]},
)  # fmt: skip
def test_a_page_for_source_language_readers_only_claims_no_translation(app: SphinxTestApp) -> None:
    """Such a page (Leichte Sprache) is left out of the other languages' builds (extensions/settings.py):
    no English page claims to translate it, and the translated pages keep their provenance."""
    assert page(app).select("div.translation-provenance")
    assert not (app.outdir / "other.html").exists()
