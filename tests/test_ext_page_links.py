"""legalpages.extensions.page_links, in process: what every page's template gets to link."""

from __future__ import annotations

from typing import Any

import pytest
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
