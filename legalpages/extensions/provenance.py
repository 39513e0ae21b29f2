"""Which German version a translated page follows: near the top of every translated page (and so in
its PDF), the German page's own Stand date (docs/facts.toml ``[stand]``) linked to the German page;
and, when any of the page's text fell back to German (a fuzzy or untranslated message: the German
text changed after the translation), a notice in plain words that says so.

A release build never shows the notice: the release gate refuses fuzzy and untranslated messages.
"""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from docutils import nodes
from sphinx.application import Sphinx

from legalpages.extensions.settings import language_settings, split_notice


def linked_paragraph(text: str, href: str) -> nodes.paragraph:
    """'Translation of the [German version] …' with the bracketed words as the link."""
    before, link_text, after = split_notice(text)
    paragraph = nodes.paragraph("", before)
    paragraph += nodes.reference("", link_text, refuri=href)
    paragraph += nodes.Text(after)
    return paragraph


def german_changed(doctree: nodes.document) -> bool:
    """Some text of the page is shown in German (translation_notices marks it "untranslated")."""
    return any("untranslated" in node.get("classes", ()) for node in doctree.findall(nodes.Element))


def provenance(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    config = app.config
    source_language = config.legalpages_source_language
    if config.language == source_language or docname in config.legalpages_source_only_pages:
        return  # a page for source-language readers only translates nothing
    texts = language_settings(config)
    stand = getattr(app, "legalpages_facts", {}).get("stand", {})
    day = stand.get(docname) if isinstance(stand, dict) else stand  # one date for every page, or one each
    try:
        if day is None:
            text = texts["provenance_undated"]
        else:
            text = texts["provenance"].format(date=format_date(day, format="long", locale=texts["locale"]))
        href = f"{'../' * (docname.count('/') + 1)}{source_language}/{docname}.html"
        box = nodes.container("", linked_paragraph(text, href), classes=["translation-provenance"])
    except (KeyError, ValueError):
        return  # the texts are checked when the configuration is read (legalpages/project.py)
    if german_changed(doctree):
        box += nodes.paragraph("", texts.get("german_changed", ""), classes=["german-changed"])
    notice = next((node for node in doctree.findall(nodes.container) if "binding-language" in node["classes"]), None)
    if notice is not None:  # right below the binding-language notice
        notice.parent.insert(notice.parent.index(notice) + 1, box)
        return
    section = doctree.next_node(nodes.section)
    if section is None:
        doctree.insert(0, box)
    else:
        section.insert(section.first_child_not_matching_class(nodes.title) or len(section), box)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("legalpages.extensions.settings")
    app.setup_extension("legalpages.extensions.translation_notices")  # its notice comes first
    if "legalpages_source_only_pages" not in app.config:  # another extension may declare it first
        app.add_config_value("legalpages_source_only_pages", [], "env", types=[list])
    app.connect("doctree-resolved", provenance, priority=600)  # after translation_notices' binding notice
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
