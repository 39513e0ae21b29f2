"""`make screenshots`: every page, language and colour scheme at desktop and phone width, as PNGs."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from conftest import LANGUAGES, copy_site_with_pages, run_module
from PIL import Image, ImageStat

from legalpages.screenshots import SCHEMES, WIDTHS, pages

pytestmark = pytest.mark.browser


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# Only the two shortest pages of each language stay in the copy photographed here: the photos of
# every page cost more than the rest of the browser tests, and which pages a run takes is one loop.
PHOTOGRAPHED = ("index.html", "404.html")


def test_screenshots_of_every_page_language_scheme_and_width(site: Path, tmp_path: Path) -> None:
    shorter = copy_site_with_pages(site, tmp_path / "site", PHOTOGRAPHED)
    assert pages(shorter, "de") == ["404", "index"], "test set-up: the pages to photograph"
    out = tmp_path / "out"
    run = run_module("screenshots", "--site", str(shorter), "--out", str(out))
    assert run.returncode == 0, run.output
    expected = {
        f"{language}-{name}-{scheme}-{width}.png"
        for language in LANGUAGES
        for name in pages(shorter, language)
        for scheme in SCHEMES
        for width in WIDTHS
    }
    assert {"de-index-dark-320.png", "en-404-light-1280.png"} <= expected
    assert {path.name for path in out.glob("*.png")} == expected
    for name in expected:
        width, height = png_size(out / name)
        assert width == int(name.rsplit("-", 1)[1].removesuffix(".png"))
        assert height >= 800  # the whole page, not only the window
        # the scheme is really applied: a dark page is mostly dark, a light one mostly light
        brightness = ImageStat.Stat(Image.open(out / name).convert("L")).mean[0]
        assert (brightness < 128) == ("-dark-" in name), f"{name}: mean brightness {brightness:.0f}"


def test_without_a_built_site_it_says_what_to_do(tmp_path: Path) -> None:
    run = run_module("screenshots", "--site", str(tmp_path / "nothing"), "--out", str(tmp_path / "out"))
    assert run.returncode == 1
    assert "run `make site` first" in run.stderr
    assert "Traceback" not in run.output
