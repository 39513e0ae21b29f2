"""legalpages.extensions.page_links, in process: what every page's template gets to link."""

from __future__ import annotations

import runpy
from typing import Any

import pytest
from conftest import ROOT
from sphinx.testing.util import SphinxTestApp


def contexts(app: SphinxTestApp) -> dict[str, dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}

    def keep(app: SphinxTestApp, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
        seen[pagename] = dict(context)

    app.connect("html-page-context", keep, priority=900)  # after ours (500)
    app.build(force_all=True)  # the test roots' build folder is shared within a session
    assert app.warning.getvalue() == ""
    return seen


@pytest.mark.sphinx("html", testroot="extensions")
def test_every_language_links_the_same_page(app: SphinxTestApp) -> None:
    languages = contexts(app)["other"]["legalpages_languages"]
    assert [(link["code"], link["href"], link["current"]) for link in languages] == [
        ("de", "../de/other.html", True),
        ("en", "../en/other.html", False),
    ]
    assert [link["hreflang"] for link in languages] == ["de", "en"]


@pytest.mark.sphinx("html", testroot="extensions")
def test_only_pdf_pages_link_their_pdf(app: SphinxTestApp) -> None:
    seen = contexts(app)
    assert seen["other"]["legalpages_pdf"] == "pdf/other.pdf"
    assert seen["index"]["legalpages_pdf"] is None


@pytest.mark.sphinx("html", testroot="extensions")
def test_footer_links_are_titled_and_mark_the_current_page(app: SphinxTestApp) -> None:
    footer = contexts(app)["other"]["legalpages_footer_links"]
    assert [(link["title"], link["href"], link["current"]) for link in footer] == [
        ("Startseite", "index.html", False),
        ("Andere Seite", "other.html", True),
    ]


def languages_with_easy_language() -> dict[str, dict[str, Any]]:
    """The test root's languages, the German one with the Leichte Sprache texts (conf.py has them too)."""
    languages = runpy.run_path(str(ROOT / "tests" / "roots" / "test-extensions" / "conf.py"))["legalpages_languages"]
    german = {**languages["de"], "easy_language_label": "Leichte Sprache", "easy_language_project": "Test-Projekt"}
    return {**languages, "de": german}


@pytest.mark.sphinx(
    "html", testroot="extensions", srcdir="page-links-easy-language",
    confoverrides={
        "legalpages_source_only_pages": ["other"],
        "legalpages_easy_language_pages": ["other"],
        "legalpages_languages": languages_with_easy_language(),
    },
)  # fmt: skip
def test_a_leichte_sprache_page_is_labelled_names_the_project_its_way_and_links_no_translation(
    app: SphinxTestApp,
) -> None:
    seen = contexts(app)
    other, index = seen["other"], seen["index"]
    assert other["legalpages_easy_language"] and not index["legalpages_easy_language"]
    assert [link["code"] for link in other["legalpages_languages"]] == ["de"], "no translation to switch to"
    assert [link["code"] for link in index["legalpages_languages"]] == ["de", "en"]
    # the sidebar's and window's name, with written hyphens and no soft ones (hyphenation.py skips the page)
    assert other["docstitle"] == "Test-Projekt"
    assert index["docstitle"] != "Test-Projekt"
    labels = {link["href"]: link["label"] for link in index["legalpages_footer_links"]}
    assert labels == {"index.html": "", "other.html": "Leichte Sprache"}
    html = (app.outdir / "other.html").read_text(encoding="utf-8")
    assert '<p class="easy-language-label" lang="de">Leichte Sprache</p>' in html
    assert "<title>Andere Seite - Test-Projekt</title>" in html
