"""legalpages.extensions.upstream_fixes: plain e-mail addresses, and accessible-pygments' logging undone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import a11y_pygments
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from sphinx.testing.util import SphinxTestApp

from legalpages.extensions.upstream_fixes import ACCESSIBLE_PYGMENTS_LOG_FORMAT


@pytest.mark.sphinx("html", testroot="extensions", srcdir="email")
def test_email_addresses_are_not_cloaked(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "lxml")
    link = page.select_one('a[href^="mailto:"]')
    assert link["href"] == "mailto:post@example.org", "cloaking would write post%40example.org"
    assert link.text == "post@example.org" and link.find("span") is None


def test_accessible_pygments_still_configures_logging_as_we_undo_it() -> None:
    """Fails on an accessible-pygments upgrade that changed its import-time logging set-up."""
    source = (Path(a11y_pygments.__file__)).read_text(encoding="utf-8")
    assert "logging.basicConfig(" in source
    assert repr(ACCESSIBLE_PYGMENTS_LOG_FORMAT)[1:-1] in source


def test_the_import_time_handler_is_removed_and_others_stay() -> None:
    program = """
import logging
mine = logging.StreamHandler()
import a11y_pygments
logging.getLogger().addHandler(mine)
from legalpages.extensions.upstream_fixes import undo_accessible_pygments_logging
undo_accessible_pygments_logging(None)
root = logging.getLogger()
assert root.handlers == [mine], root.handlers
assert root.level == logging.WARNING
"""
    result = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
