"""legalpages/myst_speedup.py changes how fast the English build is, never what it builds."""

from __future__ import annotations

import runpy
import subprocess
from pathlib import Path

import myst_parser.parsers.mdit
import pytest
from conftest import ROOT
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from legalpages import myst_speedup
from legalpages.catalogs import compile_catalogs
from legalpages.sphinx_run import SphinxRun

BUILD_LEFTOVERS = {".buildinfo"}  # holds a hash of the configuration, which differs on purpose


def build_english(out: Path, extensions: list[str]) -> dict[str, bytes]:
    compile_catalogs("en", out / "locale")  # as make site does: Sphinx writes no .mo into locale/
    run = SphinxRun(
        "html", out / "html", out / "doctrees", "en", out / "locale", strict=False,
        overrides={"extensions": ",".join(extensions)},
    )  # fmt: skip
    subprocess.run(run.command(), check=True, capture_output=True)
    html = out / "html"
    return {
        str(path.relative_to(html)): path.read_bytes()
        for path in sorted(html.rglob("*"))
        if path.is_file() and path.name not in BUILD_LEFTOVERS
    }


@pytest.mark.e2e
def test_the_english_site_is_byte_identical_without_the_workarounds(tmp_path: Path) -> None:
    extensions = runpy.run_path(str(ROOT / "conf.py"))["extensions"]
    assert "legalpages.myst_speedup" in extensions
    plain = [name for name in extensions if name != "legalpages.myst_speedup"]
    with_workarounds = build_english(tmp_path / "with", extensions)
    without = build_english(tmp_path / "without", plain)
    assert with_workarounds.keys() == without.keys()
    differing = [name for name in with_workarounds if with_workarounds[name] != without[name]]
    assert not differing


def test_translated_messages_reuse_a_few_parsers(tmp_path: Path, monkeypatch) -> None:
    """Without the pool every translated message builds a markdown-it parser of its own."""
    built = []
    create = myst_parser.parsers.mdit.create_md_parser

    def counting_create(*args, **kwargs):
        built.append(1)
        return create(*args, **kwargs)

    monkeypatch.setattr(myst_speedup, "create_md_parser", counting_create)
    parses = []
    parse = myst_speedup.PooledMystParser.parse

    def counting_parse(self, inputstring, document):
        parses.append(1)
        return parse(self, inputstring, document)

    monkeypatch.setattr(myst_speedup.PooledMystParser, "parse", counting_parse)
    locale_dir = tmp_path / "locale"
    compile_catalogs("en", locale_dir)
    with docutils_namespace():  # docutils' registries are global: later in-process builds need them clean
        app = Sphinx(
            str(ROOT / "docs"),
            str(ROOT),
            str(tmp_path / "html"),
            str(tmp_path / "doctrees"),
            "html",
            confoverrides={"language": "en", "locale_dirs": [str(locale_dir)], "gettext_auto_build": False},
            status=None,
            warning=None,
        )
        app.build()
    assert len(parses) > 100  # every page and every translated message
    assert len(built) <= 3
