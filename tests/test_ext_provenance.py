"""legalpages.extensions.provenance, in process: which German version a translated page follows."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

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
