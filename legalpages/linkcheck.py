"""Internal link check of a built site: every href/src resolves to a file, every #fragment to an id.

Works offline on the published tree (_build/site), so it also covers the language switcher,
the hreflang alternates and the root redirect page.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

LINK_ATTRIBUTES = ("href", "src")
NON_FILE_SCHEMES = ("http", "https", "mailto", "tel", "data")


@dataclass(frozen=True)
class BrokenLink:
    page: Path
    line: int
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.url}: {self.reason}"


def parse(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.parse(str(path)).getroot()


def ids_of(document: lxml_html.HtmlElement) -> set[str]:
    return {element.get("id") for element in document.iter() if element.get("id")} | {
        element.get("name") for element in document.iter("a") if element.get("name")
    }


def links_of(document: lxml_html.HtmlElement) -> list[tuple[int, str]]:
    links = []
    for element in document.iter():
        for attribute in LINK_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None:
                links.append((element.sourceline or 0, value))
    return links


def check_site(site: Path) -> list[BrokenLink]:
    site = site.resolve()
    pages = sorted(site.glob("**/*.html"))
    id_cache: dict[Path, set[str]] = {}

    def ids(path: Path) -> set[str]:
        if path not in id_cache:
            id_cache[path] = ids_of(parse(path))
        return id_cache[path]

    broken = []
    for page in pages:
        relative_page = page.relative_to(site)
        for line, url in links_of(parse(page)):
            parts = urlsplit(url)
            if parts.scheme in NON_FILE_SCHEMES:
                continue
            if parts.scheme or parts.netloc or url.startswith("/"):
                broken.append(BrokenLink(relative_page, line, url, "not relative; the site must work from any path"))
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if site not in target.parents and target != site:
                broken.append(BrokenLink(relative_page, line, url, "points outside the site"))
            elif not target.is_file():
                broken.append(BrokenLink(relative_page, line, url, "no such file"))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids(target):
                broken.append(BrokenLink(relative_page, line, url, f"no id {parts.fragment!r} in {target.name}"))
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args(argv)
    broken = check_site(args.site)
    for link in broken:
        print(link, file=sys.stderr)
    print(f"internal links: {len(broken)} broken", file=sys.stderr if broken else sys.stdout)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
