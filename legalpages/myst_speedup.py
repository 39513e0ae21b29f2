"""Workarounds for two per-message costs of myst-parser on translated pages.

Sphinx's i18n ``Locale`` transform parses every translated message on its own, through a new
``MystParser`` each time (sphinx/transforms/i18n.py ``_publish_msgstr``). For each of them
myst-parser 5.2 pays twice for things it throws away:

1. ``SphinxRenderer.setup_render`` evaluates ``options.get("document", make_document())``
   eagerly: a complete set of docutils default settings (an optparse parser with every option),
   although Sphinx always passes the document. We build those settings once per parser class;
   each document still gets its own copy.
2. ``MystParser.parse`` builds a new markdown-it parser with every plugin and a new renderer
   (``create_md_parser``) per call. ``PooledMystParser`` keeps finished parsers in a pool and
   reuses them; ``setup_render`` resets all per-document state of the renderer. A parser is
   taken out of the pool while it renders, so nested parses get their own.

Together they made the English build about a quarter faster (``make profile``, ``make bench``);
the HTML is byte-identical (tests/test_myst_speedup.py). No upstream issue names this cost; the
upstream work that would remove the per-message parse is sphinx-doc/sphinx#12238 (parser-agnostic
Locale transform, see also #8852). Drop this module when myst-parser reuses its parser itself.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any, ClassVar

import myst_parser.mdit_to_docutils.base as myst_base
from docutils import nodes
from docutils.frontend import Values, get_default_settings
from docutils.utils import new_document
from markdown_it import MarkdownIt
from myst_parser.config.main import MdParserConfig, TopmatterReadError, read_topmatter
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx


@cache
def default_settings(parser_cls: type) -> Values:
    return get_default_settings(parser_cls)


def make_document(source_path: str = "notset", parser_cls: type = myst_base.RSTParser) -> nodes.document:
    """myst-parser's make_document, with the default settings built once."""
    return new_document(source_path, settings=copy.copy(default_settings(parser_cls)))


class PooledMystParser(MystParser):
    """MystParser that reuses its markdown-it parsers instead of building one per parse."""

    # the configuration the pooled parsers were built for, and the ones not rendering right now
    pool_config: ClassVar[MdParserConfig | None] = None
    idle_parsers: ClassVar[list[MarkdownIt]] = []

    def parse(self, inputstring: str, document: nodes.document) -> None:
        try:
            has_topmatter = bool(read_topmatter(inputstring))
        except TopmatterReadError:
            has_topmatter = True
        if has_topmatter:  # a page's own configuration: upstream's way, unpooled
            super().parse(inputstring, document)
            return
        config = document.settings.env.myst_config
        parser = self.take_parser(config)
        parser.options["document"] = document
        try:
            parser.render(inputstring)
        finally:
            del parser.options["document"]  # keep no finished document alive
            if config is PooledMystParser.pool_config:
                PooledMystParser.idle_parsers.append(parser)

    @classmethod
    def take_parser(cls, config: MdParserConfig) -> MarkdownIt:
        if config is not cls.pool_config:  # a new build (e.g. in the warm preview): start afresh
            cls.pool_config, cls.idle_parsers = config, []
        if cls.idle_parsers:
            return cls.idle_parsers.pop()
        return create_md_parser(config, SphinxRenderer)


def setup(app: Sphinx) -> dict[str, Any]:
    myst_base.make_document = make_document
    app.add_source_parser(PooledMystParser, override=True)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
