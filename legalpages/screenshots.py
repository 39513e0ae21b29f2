"""Screenshots of every page, language and colour scheme at desktop and phone width, for reviewers.

`make screenshots` writes _build/screenshots/<language>-<page>-<scheme>-<width>.png from the
built site, served on 127.0.0.1 and photographed by Debian's Chromium.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from legalpages.browser import BrowserMissing, launch, serve
from legalpages.project import PROJECT

ROOT = Path(__file__).resolve().parent.parent
SCHEMES = ("light", "dark")
WIDTHS = (1280, 320)  # desktop, and the WCAG 1.4.10 reflow width
HEIGHT = 800
SKIPPED_PAGES = {"search", "genindex"}  # Sphinx's own pages, no content of ours


def pages(site: Path, language: str) -> list[str]:
    return sorted(path.stem for path in (site / language).glob("*.html") if path.stem not in SKIPPED_PAGES)


def take_screenshots(site: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright, serve(site) as base:
        browser = launch(playwright)
        try:
            for scheme in SCHEMES:
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": HEIGHT}, color_scheme=scheme)
                    page = context.new_page()
                    for language in PROJECT.codes:
                        for name in pages(site, language):
                            page.goto(f"{base}/{language}/{name}.html", wait_until="load")
                            path = out / f"{language}-{name}-{scheme}-{width}.png"
                            page.screenshot(path=path, full_page=True, animations="disabled", caret="hide")
                            written.append(path)
                    context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of the built site for reviewers.")
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "screenshots")
    args = parser.parse_args(argv)
    if not (args.site / "de" / "index.html").is_file():
        print(f"{args.site}: no built site here; run `make site` first", file=sys.stderr)
        return 1
    try:
        written = take_screenshots(args.site, args.out)
    except BrowserMissing as error:
        print(f"make screenshots: {error}", file=sys.stderr)
        return 1
    print(f"{len(written)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
