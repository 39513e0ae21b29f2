"""What writers type besides MyST: ``{fact}`key```, ``{placeholder}`what is missing``` and
```` ```{address} ```` blocks (README, "For writers")."""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from legalpages import facts as facts_module
from legalpages.extensions.settings import language_settings

logger = logging.getLogger(__name__)


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


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("legalpages.extensions.settings")
    app.add_role("fact", FactRole())
    app.add_role("placeholder", PlaceholderRole())
    app.add_directive("address", AddressDirective)
    app.add_css_file("legalpages.css")  # the placeholder highlight and the address block
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
