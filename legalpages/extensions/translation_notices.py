"""What a translated page tells its readers: that only the source-language page is binding, and
which of its text is still untranslated (shown in the source language, marked)."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from legalpages.extensions.settings import language_settings, split_notice


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


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("legalpages.extensions.settings")
    app.connect("doctree-resolved", binding_notice)
    app.add_transform(MarkUntranslated)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
