"""legalpages.extensions.writer_markup, in process: {fact}, {placeholder} and the {address} block."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp


def built(app: SphinxTestApp, page: str = "index") -> BeautifulSoup:
    app.build(force_all=True)  # the test roots' build folder is shared within a session
    assert app.warning.getvalue() == ""
    return BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "lxml")


@pytest.mark.sphinx("html", testroot="extensions")
def test_facts_become_text_and_links(app: SphinxTestApp) -> None:
    page = built(app)
    phone = page.select_one('a.fact[href^="tel:"]')
    assert phone["href"] == "tel:+4921183701" and phone.text == "+49 211 837-01"
    assert page.select_one('a.fact[href="mailto:post@example.org"]').text == "post@example.org"
    assert "26. November 2026" in page.text, "dates in the page language's format"


@pytest.mark.sphinx("html", testroot="extensions", confoverrides={"language": "en"}, srcdir="markup-en")
def test_dates_follow_the_language(app: SphinxTestApp) -> None:
    assert "26 November 2026" in built(app).text


@pytest.mark.sphinx("html", testroot="extensions")
def test_placeholder_is_highlighted_with_its_label(app: SphinxTestApp) -> None:
    placeholder = built(app).select_one("span.placeholder")
    assert placeholder.text == "Platzhalter: Name der Stelle"


@pytest.mark.sphinx("html", testroot="extensions", confoverrides={"legalpages_release": True}, srcdir="release")
def test_a_release_reports_each_open_placeholder_with_its_line(app: SphinxTestApp) -> None:
    app.build()
    assert "index.md:9: ERROR: open placeholder: Name der Stelle" in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="extensions")
def test_address_lines_stay_lines(app: SphinxTestApp) -> None:
    lines = [line.text for line in built(app).select("div.address div.line")]
    assert lines == ["Testamt", "Musterstraße 1"]


@pytest.mark.sphinx("html", testroot="extensions", srcdir="unknown-fact")
def test_an_unknown_fact_is_an_error_at_its_line(app: SphinxTestApp) -> None:
    index = app.srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n{fact}`office.fax`\n", encoding="utf-8")
    app.build()
    assert "index.md:26: ERROR: {fact}: unknown fact 'office.fax'" in app.warning.getvalue()
