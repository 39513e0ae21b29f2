"""legalpages.extensions.theme_words: furo's and Sphinx's words in German, and the patches' guards."""

from __future__ import annotations

import gettext
import inspect
from pathlib import Path

import furo
import jinja2
import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp
from sphinx.writers.html5 import HTML5Translator

from legalpages.extensions.theme_words import (
    FURO_LITERAL_LABELS,
    FURO_TEMPLATE_WITH_LABELS,
    ThemeTexts,
    TranslatableFuroLabels,
)

FURO_PAGE = Path(furo.__file__).parent / "theme" / "furo" / FURO_TEMPLATE_WITH_LABELS


@pytest.mark.sphinx("html", testroot="extensions", srcdir="theme-de")
def test_labels_and_permalink_titles_are_german(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "lxml")
    assert page.select_one("#__navigation")["aria-label"] == "Navigation ein- oder ausblenden"
    assert {link["title"] for link in page.select("a.headerlink")} == {"Link zu dieser Überschrift"}


def test_furo_still_writes_the_labels_we_translate() -> None:
    """Fails on a furo upgrade that changed page.html: then update FURO_LITERAL_LABELS."""
    source = FURO_PAGE.read_text(encoding="utf-8")
    for label in FURO_LITERAL_LABELS:
        assert f'aria-label="{label}"' in source, label


def test_the_label_patch_fails_loudly_when_a_label_is_gone() -> None:
    def load(name: str) -> tuple[str, str, object]:
        return '<input aria-label="Toggle something else">', str(FURO_PAGE), lambda: True

    loader = TranslatableFuroLabels(jinja2.FunctionLoader(load))
    with pytest.raises(ExtensionError, match="written for furo"):
        loader.get_source(jinja2.Environment(), "!page.html")


def test_sphinx_still_has_the_permalink_method_we_override() -> None:
    parameters = list(inspect.signature(HTML5Translator.add_permalink_ref).parameters)
    assert parameters == ["self", "node", "title"]


def test_sphinxs_own_translation_wins_over_ours() -> None:
    class German(gettext.NullTranslations):  # Sphinx's catalog, which knows one of the words
        def gettext(self, message: str) -> str:
            return {"Next": "Weiter"}.get(message, message)

    texts = ThemeTexts(German(), {"Next": "Nächste", "Back to top": "Nach oben"})
    assert texts.gettext("Next") == "Weiter"
    assert texts.gettext("Back to top") == "Nach oben"
    assert texts.gettext("Unknown") == "Unknown"
