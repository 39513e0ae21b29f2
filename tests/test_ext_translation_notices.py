"""legalpages.extensions.translation_notices, in process: binding notice and untranslated text."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ENGLISH = {"language": "en"}


def page(app: SphinxTestApp) -> BeautifulSoup:
    app.build(force_all=True)  # the test roots' build folder is shared within a session
    assert app.warning.getvalue() == ""
    return BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "lxml")


@pytest.mark.sphinx("html", testroot="extensions", confoverrides=ENGLISH, srcdir="notice-en")
def test_a_translated_page_says_the_german_page_is_binding(app: SphinxTestApp) -> None:
    article = page(app).select_one("article")
    notice = article.select_one("div.binding-language")
    assert notice.text.strip() == "Only the German version is binding."
    assert notice.a["href"] == "../de/index.html"
    first_after_title = article.select_one("section h1").find_next_sibling()
    assert first_after_title is notice, "the notice comes first, right below the title"


@pytest.mark.sphinx("html", testroot="extensions", confoverrides=ENGLISH, srcdir="untranslated-en")
def test_untranslated_text_is_marked_german(app: SphinxTestApp) -> None:
    paragraphs = {p.text: p for p in page(app).select("article p")}
    assert "untranslated" not in paragraphs["This paragraph is translated."].get("class", [])
    untranslated = paragraphs["Dieser Absatz ist nicht übersetzt."]
    assert "untranslated" in untranslated["class"]
    assert untranslated["lang"] == "de", "docutils writes the class language-de as lang"


@pytest.mark.sphinx("html", testroot="extensions", srcdir="notice-de")
def test_the_german_page_has_neither(app: SphinxTestApp) -> None:
    document = page(app)
    assert document.select("div.binding-language, .untranslated") == []
