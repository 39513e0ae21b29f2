"""furo's and Sphinx's own words ("Skip to content", the toggles' labels, "Link to this heading") in
the page's language, from ``theme_texts`` in conf.py.

Sphinx's catalogs have no German for them, and English words on a German page fail WCAG 3.1.2
(language of parts); screen readers announce the labels. Two of the three fixes reach into other
packages' internals, so each names the version it was written for, and a test fails when the
patched code has changed (tests/test_ext_theme_words.py).
"""

from __future__ import annotations

import gettext
from typing import Any

import jinja2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.writers.html5 import HTML5Translator

from legalpages.extensions.settings import language_settings

# furo (written for 2025.12.19) writes these labels into its page.html as plain English, not
# through gettext; TranslatableFuroLabels passes them through gettext.
FURO_LITERAL_LABELS = (
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
)
FURO_TEMPLATE_WITH_LABELS = "page.html"


class ThemeTexts(gettext.NullTranslations):
    """The theme's words from theme_texts where Sphinx's own catalogs have no translation."""

    def __init__(self, primary: gettext.NullTranslations, texts: dict[str, str]) -> None:
        super().__init__()
        self.primary, self.texts = primary, texts

    def gettext(self, message: str) -> str:
        translated = self.primary.gettext(message)
        return self.texts.get(message, translated) if translated == message else translated

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.primary.ngettext(singular, plural, n)


class TranslatableFuroLabels(jinja2.BaseLoader):
    """Loads the templates with furo's literal aria-labels passed through gettext (_()), so that
    theme_texts translates them like furo's other words. Fails the build if furo's page.html no
    longer has one of the labels: the patch would silently do nothing."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        if template.lstrip("!") == FURO_TEMPLATE_WITH_LABELS and "furo" in (filename or ""):
            for label in FURO_LITERAL_LABELS:
                literal = f'aria-label="{label}"'
                if literal not in source:
                    raise ExtensionError(
                        f"furo's {filename} has no {literal} any more: legalpages/extensions/theme_words.py "
                        "was written for furo 2025.12.19; update FURO_LITERAL_LABELS"
                    )
                source = source.replace(literal, f'aria-label="{{{{ _({label!r})|e }}}}"')
        return source, filename, uptodate


class PermalinkTitles(HTML5Translator):
    """Sphinx's permalink titles ("Link to this heading") from theme_texts: Sphinx has no German.

    Overrides HTML5Translator.add_permalink_ref(node, title), written for Sphinx 9.0.
    """

    def add_permalink_ref(self, node: nodes.Element, title: str) -> None:
        texts = language_settings(self.config).get("theme_texts", {})
        super().add_permalink_ref(node, texts.get(title, title))


def translate_theme_texts(app: Sphinx) -> None:
    # Only this build's template environment: Sphinx's translators are shared by every build in a process.
    texts = language_settings(app.config).get("theme_texts")
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if texts and environment is not None:
        environment.install_gettext_translations(ThemeTexts(app.translator, texts))
        environment.loader = TranslatableFuroLabels(environment.loader)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("legalpages.extensions.settings")
    app.connect("builder-inited", translate_theme_texts)
    app.set_translator("html", PermalinkTitles)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
