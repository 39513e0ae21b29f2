"""Workaround for a per-message cost in myst-parser on translated pages.

myst-parser 5.2's ``SphinxRenderer.setup_render`` evaluates ``options.get("document",
make_document())`` eagerly: every parse builds a complete set of docutils default settings (an
optparse parser with every option) and throws it away, although Sphinx always passes the document.
Sphinx parses every translated message on its own, so the English build pays this once per
message (about a third of its read time in `make profile`). Caching the default settings per
parser class removes that cost; each document still gets its own copy of the settings.
No upstream issue was found; drop this module when myst-parser creates that document lazily.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import myst_parser.mdit_to_docutils.base as myst_base
from docutils import nodes
from docutils.frontend import Values, get_default_settings
from docutils.utils import new_document
from sphinx.application import Sphinx


@cache
def default_settings(parser_cls: type) -> Values:
    return get_default_settings(parser_cls)


def make_document(source_path: str = "notset", parser_cls: type = myst_base.RSTParser) -> nodes.document:
    """myst-parser's make_document, with the default settings built once."""
    return new_document(source_path, settings=copy.copy(default_settings(parser_cls)))


def setup(app: Sphinx) -> dict[str, Any]:
    myst_base.make_document = make_document
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
