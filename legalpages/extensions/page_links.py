"""The links every page carries, put into the template context: the language switcher (with
hreflang), the footer's legal pages in the page's language, and the page's PDF."""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from legalpages.extensions.settings import language_settings


def add_language_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node | None
) -> None:
    """Relative links to the same page in every language that has it (site layout: <root>/<lang>/<page>.html).

    A page for source-language readers only (legalpages_source_only_pages) exists in no other language:
    it links no translation, in the switcher or as hreflang.
    """
    to_root = "../" * (pagename.count("/") + 1)
    source_only = pagename in app.config.legalpages_source_only_pages
    context["legalpages_languages"] = [
        {
            "code": code,
            "name": settings["name"],
            "hreflang": settings["hreflang"],
            "href": f"{to_root}{code}/{pagename}.html",
            "current": code == app.config.language,
        }
        for code, settings in app.config.legalpages_languages.items()
        if not source_only or code == app.config.legalpages_source_language
    ]
    context["legalpages_x_default"] = f"{to_root}{app.config.legalpages_source_language}/{pagename}.html"
    context["legalpages_text"] = language_settings(app.config)
    context["legalpages_easy_language"] = pagename in app.config.legalpages_easy_language_pages
    easy_project = context["legalpages_text"].get("easy_language_project")
    if context["legalpages_easy_language"] and easy_project:
        # Leichte Sprache writes the name with its written hyphens (the sidebar's large type breaks
        # "Härtefallkommission" somewhere otherwise; such a page gets no soft hyphens, hyphenation.py)
        context["docstitle"] = easy_project


def add_pdf_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node | None
) -> None:
    """Each legal page links its own PDF, which legalpages/pdf.py renders after the HTML build."""
    has_pdf = pagename in app.config.legalpages_pdf_pages  # the legal pages, not index or 404
    context["legalpages_pdf"] = f"pdf/{pagename}.pdf" if has_pdf else None


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
            # Leichte Sprache: marked as German wherever it is linked (page.html)
            "label": language_settings(app.config).get("easy_language_label", "")
            if docname in app.config.legalpages_easy_language_pages
            else "",
        }
        for docname in app.config.legalpages_footer_pages
        if docname in app.env.titles
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("legalpages.extensions.settings")
    app.connect("html-page-context", add_language_links)
    app.connect("html-page-context", add_footer_links)
    app.connect("html-page-context", add_pdf_link)
    app.add_js_file("language-switcher.js", loading_method="defer")  # keeps the #section
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
