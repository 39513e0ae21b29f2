"""Sphinx extension for the legal pages: facts, placeholders, address blocks, language links.

Registered in conf.py as ``legalpages.sphinx_ext``. Everything that belongs to a language
(site title, language names, date format) comes from ``legalpages_languages``.
"""

from __future__ import annotations

import gettext
import logging as stdlib_logging
import posixpath
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.writers.html5 import HTML5Translator

from legalpages import facts as facts_module

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def language_settings(config: Config) -> dict[str, Any]:
    return config.legalpages_languages[config.language]


class FactRole(SphinxRole):
    """{fact}`ministry.phone` -> the phone number from docs/facts.toml as a tel: link."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        config = self.env.config
        # A changed facts file must rebuild every page that shows a fact, not only changed pages.
        self.env.note_dependency(config.legalpages_facts_file)
        babel_locale = language_settings(config)["locale"]
        try:
            fact = facts_module.render(
                self.env.app.legalpages_facts,
                self.text.strip(),
                lambda day: format_date(day, format="long", locale=babel_locale),
            )
        except facts_module.FactError as error:
            message = self.inliner.reporter.error(f"{{fact}}: {error}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        text = nodes.Text(fact.text)
        if fact.href is None:
            return [nodes.inline(self.rawtext, "", text, classes=["fact"])], []
        return [nodes.reference(self.rawtext, "", text, refuri=fact.href, classes=["fact"])], []


class PlaceholderRole(SphinxRole):
    """{placeholder}`what is missing`: a fact the sources do not give, shown highlighted."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        label = language_settings(self.env.config)["placeholder_label"]
        node = nodes.inline(self.rawtext, "", classes=["placeholder"])
        node += nodes.strong("", f"{label}: ")
        node += nodes.Text(self.text)
        config = self.env.config
        # Reported by the source-language build only: a translated message is parsed on its own,
        # so its line would be wrong, and check-po ensures it has the German placeholders anyway.
        if config.legalpages_release and config.language == config.legalpages_source_language:
            logger.error(
                "open placeholder: %s; supply the fact before a release (`make placeholders` lists all)",
                " ".join(self.text.split()),
                location=(self.env.docname, self.lineno),
            )
        return [node], []


class AddressDirective(Directive):
    """A postal/contact block: one line of the source is one line of the output (a line block)."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        block = nodes.line_block(classes=["address"])
        source, _ = self.state_machine.get_source_and_line(self.lineno)
        for offset, text in enumerate(self.content):
            if not text.strip():
                continue
            # MyST counts content_offset from the directive's first line, not from the file's.
            lineno = self.lineno + self.content_offset + offset
            inline_nodes, messages = self.state.inline_text(text, lineno)
            line = nodes.line(text, "", *inline_nodes)
            line.source, line.line = source, lineno
            # A line that is only facts has nothing to translate; keep it out of the catalogs.
            if all(isinstance(child, (nodes.reference, nodes.inline)) for child in inline_nodes):
                line["translatable"] = False
            block += line
            block += messages
        return [block]


class ThemeTexts(gettext.NullTranslations):
    """The theme's own words ("Skip to content", "Next", ...) in the page's language.

    furo translates them with gettext, but Sphinx's catalogs have no German for them, and English
    phrases on a German page fail WCAG 3.1.2 (language of parts). The texts are in conf.py.
    """

    def __init__(self, primary: gettext.NullTranslations, texts: dict[str, str]) -> None:
        super().__init__()
        self.primary, self.texts = primary, texts

    def gettext(self, message: str) -> str:
        translated = self.primary.gettext(message)
        return self.texts.get(message, translated) if translated == message else translated

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.primary.ngettext(singular, plural, n)


def translate_theme_texts(app: Sphinx) -> None:
    # Only this build's template environment: Sphinx's translators are shared by every build in a process.
    texts = language_settings(app.config).get("theme_texts")
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if texts and environment is not None:
        environment.install_gettext_translations(ThemeTexts(app.translator, texts))
        environment.loader = TranslatableFuroLabels(environment.loader)


# furo writes these labels into page.html as plain English, not through gettext
FURO_LITERAL_LABELS = (
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
)


class TranslatableFuroLabels(jinja2.BaseLoader):
    """Loads the templates with furo's literal aria-labels passed through gettext (_()), so that
    theme_texts translates them like furo's other words."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        for label in FURO_LITERAL_LABELS:
            source = source.replace(f'aria-label="{label}"', f'aria-label="{{{{ _({label!r})|e }}}}"')
        return source, filename, uptodate


class PermalinkTitles(HTML5Translator):
    """Sphinx's permalink titles ("Link to this heading") from theme_texts: Sphinx has no German."""

    def add_permalink_ref(self, node: nodes.Element, title: str) -> None:
        texts = language_settings(self.config).get("theme_texts", {})
        super().add_permalink_ref(node, texts.get(title, title))


def check_config(app: Sphinx, config: Config) -> None:
    languages = config.legalpages_languages
    if config.language not in languages:
        raise ValueError(f"language {config.language!r} has no entry in legalpages_languages")
    settings = languages[config.language]
    if config.language != config.legalpages_source_language:
        try:  # a translation must say which text is binding
            split_notice(settings.get("binding_notice", ""))
        except ValueError as error:
            conf_py = Path(app.confdir) / "conf.py"  # no location=: there is no environment yet
            logger.error("%s: legalpages_languages[%r]: %s", conf_py, config.language, error)
    if config.legalpages_release:  # pages for the team are never published
        config.exclude_patterns = [
            *config.exclude_patterns,
            *(f"{page}.md" for page in config.legalpages_internal_pages),
        ]
    config.project = settings["project"]
    config.html_title = settings["project"]
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    config.html_static_path = [str(STATIC), *config.html_static_path]
    app.legalpages_facts = facts_module.load(Path(config.legalpages_facts_file))


def show_plain_email_addresses(app: Sphinx) -> None:
    # Sphinx cloaks mailto: links ("poststelle%40…" and <span>s around "@" and "."), which breaks
    # copying the address and link checking and protects nothing on a page that publishes it.
    app.env.settings["cloak_email_addresses"] = False


def add_language_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node | None
) -> None:
    """Relative links to the same page in every language (site layout: <root>/<lang>/<page>.html)."""
    to_root = "../" * (pagename.count("/") + 1)
    context["legalpages_languages"] = [
        {
            "code": code,
            "name": settings["name"],
            "hreflang": settings["hreflang"],
            "href": f"{to_root}{code}/{pagename}.html",
            "current": code == app.config.language,
        }
        for code, settings in app.config.legalpages_languages.items()
    ]
    context["legalpages_x_default"] = f"{to_root}{app.config.legalpages_source_language}/{pagename}.html"
    context["legalpages_text"] = language_settings(app.config)


def add_pdf_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node | None
) -> None:
    """Each legal page links its own PDF, which legalpages/pdf.py renders after the HTML build."""
    has_pdf = pagename in app.config.legalpages_pdf_pages  # the legal pages, not index or 404
    context["legalpages_pdf"] = f"pdf/{pagename}.pdf" if has_pdf else None


def binding_notice(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Top of every translated page: only the source-language page is legally binding.

    Added to the resolved doctree, not to the sources, so it never becomes a German msgid and
    every output format (HTML, PDF) carries it.
    """
    config = app.config
    source_language = config.legalpages_source_language
    if config.language == source_language:
        return
    try:
        before, link_text, after = split_notice(language_settings(config).get("binding_notice", ""))
    except ValueError:
        return  # reported once, when the configuration was read
    href = f"{'../' * (docname.count('/') + 1)}{source_language}/{docname}.html"
    paragraph = nodes.paragraph("", before)
    paragraph += nodes.reference("", link_text, refuri=href)
    paragraph += nodes.Text(after)
    notice = nodes.container("", paragraph, classes=["binding-language"])
    section = doctree.next_node(nodes.section)
    if section is None:
        doctree.insert(0, notice)
    else:
        section.insert(section.first_child_not_matching_class(nodes.title) or len(section), notice)


def split_notice(text: str) -> tuple[str, str, str]:
    """'Only the [German version] is binding.' -> ('Only the ', 'German version', ' is binding.')."""
    before, opening, rest = text.partition("[")
    link_text, closing, after = rest.partition("]")
    if not (opening and closing and link_text.strip()):
        raise ValueError(f"binding_notice needs the link text in [brackets]: {text!r}")
    return before, link_text, after


def add_footer_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node | None
) -> None:
    """Impressum, Datenschutz, Barrierefreiheit in the page's language, titled as their pages are."""
    context["legalpages_footer_links"] = [
        {
            # pathto() gives "#" for the page itself; its file name is the clearer link
            "href": context["pathto"](docname)
            if docname != pagename
            else posixpath.basename(app.builder.get_target_uri(docname)),
            "title": app.env.titles[docname].astext(),
            "current": docname == pagename,
        }
        for docname in app.config.legalpages_footer_pages
        if docname in app.env.titles
    ]


class MarkUntranslated(SphinxTransform):
    """A message without a (non-fuzzy) translation falls back to German on a translated page; mark it
    as German (lang="de" for screen readers and hyphenation) and visibly (class "untranslated")."""

    default_priority = 951  # after Sphinx's Locale transform has set node["translated"]

    def apply(self, **kwargs: Any) -> None:
        source_language = self.config.legalpages_source_language
        if self.config.language == source_language:
            return
        for node in self.document.findall(nodes.Element):
            if node.get("translated") is False:
                # docutils writes the class language-xx as the lang attribute
                node["classes"] += ["untranslated", f"language-{source_language}"]


# what accessible-pygments (furo's code colours) passes to logging.basicConfig when it is imported
ACCESSIBLE_PYGMENTS_LOG_FORMAT = "# %(asctime)s %(levelname)s %(name)s %(filename)s:%(lineno)s -- %(message)s\n"


def undo_accessible_pygments_logging(app: Sphinx) -> None:
    """accessible-pygments sets the root logger to INFO with a handler of its own on import, so a
    process that loads the theme printed every library's INFO message (the preview: "1 change
    detected"). Only that handler goes; any other logging set-up stays as it is."""
    root = stdlib_logging.getLogger()
    handlers = [
        handler
        for handler in root.handlers
        if handler.formatter is not None and handler.formatter._fmt == ACCESSIBLE_PYGMENTS_LOG_FORMAT
    ]
    for handler in handlers:
        root.removeHandler(handler)
    if handlers:
        root.setLevel(stdlib_logging.WARNING)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("legalpages_facts_file", "", "env", types=[str])
    app.add_config_value("legalpages_languages", {}, "env", types=[dict])
    app.add_config_value("legalpages_source_language", "de", "env", types=[str])
    app.add_config_value("legalpages_release", False, "env", types=[bool])
    app.add_config_value(
        "legalpages_footer_pages", ["impressum", "datenschutz", "barrierefreiheit"], "env", types=[list]
    )
    app.add_config_value("legalpages_pdf_pages", ["impressum", "datenschutz", "barrierefreiheit"], "html", types=[list])
    app.add_config_value("legalpages_internal_pages", [], "env", types=[list])
    app.connect("config-inited", check_config)
    app.connect("builder-inited", show_plain_email_addresses)
    app.connect("builder-inited", translate_theme_texts)
    app.set_translator("html", PermalinkTitles)
    app.connect("builder-inited", undo_accessible_pygments_logging)
    app.connect("html-page-context", add_language_links)
    app.connect("html-page-context", add_footer_links)
    app.connect("doctree-resolved", binding_notice)
    app.connect("html-page-context", add_pdf_link)
    app.add_role("fact", FactRole())
    app.add_role("placeholder", PlaceholderRole())
    app.add_directive("address", AddressDirective)
    app.add_transform(MarkUntranslated)
    app.add_css_file("legalpages.css")
    app.add_js_file("language-switcher.js", loading_method="defer")  # keeps the #section
    app.setup_extension("legalpages.hyphenation")  # soft hyphens in long words (issue 19)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
