"""Two defaults of other packages that are wrong for our pages, undone; each says why."""

from __future__ import annotations

import logging as stdlib_logging
from typing import Any

from sphinx.application import Sphinx

# What accessible-pygments 0.0.5 (furo's code colours) passes to logging.basicConfig when it is
# imported (a11y_pygments/__init__.py); tests/test_ext_upstream_fixes.py fails if that changes.
ACCESSIBLE_PYGMENTS_LOG_FORMAT = "# %(asctime)s %(levelname)s %(name)s %(filename)s:%(lineno)s -- %(message)s\n"


def show_plain_email_addresses(app: Sphinx) -> None:
    # Sphinx cloaks mailto: links ("poststelle%40…" and <span>s around "@" and "."), which breaks
    # copying the address and link checking and protects nothing on a page that publishes it.
    app.env.settings["cloak_email_addresses"] = False


def undo_accessible_pygments_logging(app: Sphinx) -> None:
    """accessible-pygments sets the root logger to INFO with a handler of its own on import, so a
    process that loads the theme printed every library's INFO message (the preview: "1 change
    detected"). Only that handler goes; any other logging set-up stays as it is."""
    root = stdlib_logging.getLogger()
    handlers = [
        handler
        for handler in root.handlers
        # Formatter keeps its format string only in _fmt; there is no public getter.
        if handler.formatter is not None and handler.formatter._fmt == ACCESSIBLE_PYGMENTS_LOG_FORMAT
    ]
    for handler in handlers:
        root.removeHandler(handler)
    if handlers:
        root.setLevel(stdlib_logging.WARNING)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", show_plain_email_addresses)
    app.connect("builder-inited", undo_accessible_pygments_logging)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
