"""legalpages.extensions.settings, in process: the configuration is checked when Sphinx reads it."""

from __future__ import annotations

import pytest
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from legalpages.extensions.settings import split_notice


@pytest.mark.sphinx("html", testroot="extensions", srcdir="settings-de")
def test_the_language_sets_the_title(app: SphinxTestApp) -> None:
    assert app.config.project == app.config.html_title == "Testprojekt"


def test_a_language_without_an_entry_stops_sphinx(make_app, rootdir, tmp_path) -> None:
    with pytest.raises(ExtensionError, match="language 'fr' has no entry in legalpages_languages"):
        make_app("html", srcdir=rootdir / "test-extensions", builddir=tmp_path, confoverrides={"language": "fr"})


@pytest.mark.sphinx(
    "html", testroot="extensions", confoverrides={"legalpages_release": True}, srcdir="settings-release"
)
def test_a_release_leaves_out_internal_pages(app: SphinxTestApp) -> None:
    app.build(force_all=True)
    assert not (app.outdir / "internal.html").exists()
    assert (app.outdir / "other.html").exists()


@pytest.mark.parametrize(
    ("notice", "parts"),
    [
        ("Only the [German version] is binding.", ("Only the ", "German version", " is binding.")),
        ("[x]", ("", "x", "")),
    ],
)
def test_the_binding_notice_names_its_link_text(notice: str, parts: tuple[str, str, str]) -> None:
    assert split_notice(notice) == parts


@pytest.mark.parametrize("notice", ["", "no brackets", "[ ]", "unclosed [link"])
def test_a_binding_notice_without_link_text_is_refused(notice: str) -> None:
    with pytest.raises(ValueError, match=r"link text in \[brackets\]"):
        split_notice(notice)
