"""`make new-page NAME=hinweise TITLE="Weitere Hinweise"`: a new page with every step done.

Writes docs/NAME.md from a template (label, one top-level heading, a first section, the Stand
line), adds it to the start page's toctree, and creates its catalog entries with `make update-po`,
so a writer cannot forget a step.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from legalpages.catalogs import update

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"[a-z][a-z0-9-]*")
TEMPLATE = """\
({name})=

# {title}

({name}-inhalt)=

## Inhalt

Text dieser Seite.

Stand: {{fact}}`stand`
"""


class PageError(ValueError):
    """The writer asked for something that cannot be a page."""


def add_to_toctree(index: Path, name: str) -> None:
    text = index.read_text(encoding="utf-8")
    match = re.search(r"```\{toctree\}\n(?P<body>.*?)```", text, re.DOTALL)
    if match is None:
        raise PageError(f"{index.relative_to(ROOT)}: no toctree to add the page to")
    body = match["body"]
    if not body.endswith("\n"):
        body += "\n"
    text = text[: match.start("body")] + body + name + "\n" + text[match.end("body") :]
    index.write_text(text, encoding="utf-8")


def create(name: str, title: str, docs: Path = ROOT / "docs") -> Path:
    if not NAME.fullmatch(name):
        raise PageError(f"NAME={name!r}: use lower-case letters, digits and hyphens, e.g. NAME=weitere-hinweise")
    if not title.strip():
        raise PageError('TITLE is empty: give the page heading, e.g. TITLE="Weitere Hinweise"')
    page = docs / f"{name}.md"
    if page.exists():
        raise PageError(f"{page.relative_to(ROOT)} exists already; choose another NAME")
    page.write_text(TEMPLATE.format(name=name, title=title.strip()), encoding="utf-8")
    add_to_toctree(docs / "index.md", name)
    update()
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # make passes NAME and TITLE through the environment, never through a shell command line, so
    # that backticks or $(...) in a title stay text
    parser.add_argument("name", nargs="?", default=os.environ.get("NEW_PAGE_NAME", ""))
    parser.add_argument("title", nargs="?", default=os.environ.get("NEW_PAGE_TITLE", ""))
    args = parser.parse_args(argv)
    try:
        page = create(args.name, args.title)
    except PageError as error:
        print(f"make new-page: {error}", file=sys.stderr)
        return 1
    print(f"created {page.relative_to(ROOT)}: write it, then translate locale/en/LC_MESSAGES/{args.name}.po")
    return 0


if __name__ == "__main__":
    sys.exit(main())
