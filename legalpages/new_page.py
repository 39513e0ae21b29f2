"""`make new-page NAME=hinweise TITLE="Weitere Hinweise"`: a new page with every step done.

Writes docs/NAME.md from a template (label, one top-level heading, a first section, the Stand
line), gives the page its own Stand date in docs/facts.toml (``[stand]``, key NAME, today's date),
adds it to the start page's toctree, and creates its catalog entries with `make update-po`, so a
writer cannot forget a step. Each page has its own date, so editing one page never re-dates another.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import tomllib
from pathlib import Path

from legalpages import facts
from legalpages.catalogs import update

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"[a-z][a-z0-9-]*")
TEMPLATE = """\
({name})=

# {title}

({name}-inhalt)=

## Inhalt

Text dieser Seite.

Stand: {{fact}}`stand.{name}`
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


def with_stand_date(text: str, name: str, day: dt.date) -> str:
    """The facts file's text with `name = day` added at the end of its [stand] table; the rest of
    the file (comments, order) stays as it is."""
    lines = text.splitlines(keepends=True)
    try:
        start = next(number for number, line in enumerate(lines) if line.strip() == "[stand]")
    except StopIteration:
        raise PageError("docs/facts.toml has no [stand] table for the pages' dates") from None
    end = start + 1  # after the last key of the table, before the blank line or comment that follows it
    for number in range(start + 1, len(lines)):
        line = lines[number].strip()
        if line.startswith("["):
            break
        if re.match(r"[A-Za-z0-9_-]+\s*=", line):
            end = number + 1
    if end == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.insert(end, f"{name} = {day.isoformat()}\n")
    return "".join(lines)


def add_stand_date(facts_file: Path, name: str, day: dt.date) -> str:
    """The new text of the facts file with the page's own Stand date; refuses a key that exists."""
    text = facts_file.read_text(encoding="utf-8")
    try:
        dates = tomllib.loads(text).get("stand")
        if not isinstance(dates, dict):
            raise PageError("docs/facts.toml has no [stand] table for the pages' dates; add one")
        if name in dates:
            raise PageError(f"docs/facts.toml has a Stand date for {name!r} already; remove it or choose another NAME")
        new = with_stand_date(text, name, day)
        written = facts.lookup(tomllib.loads(new), f"stand.{name}")
    except (tomllib.TOMLDecodeError, facts.FactError) as error:
        raise PageError(f"docs/facts.toml: {error}; fix the file, then run make new-page again") from None
    if written != day:  # the file still reads as intended
        raise PageError(f"docs/facts.toml: could not add {name} = {day} to [stand]")
    return new


def create(name: str, title: str, docs: Path = ROOT / "docs", today: dt.date | None = None) -> Path:
    if not NAME.fullmatch(name):
        raise PageError(f"NAME={name!r}: use lower-case letters, digits and hyphens, e.g. NAME=weitere-hinweise")
    if not title.strip():
        raise PageError('TITLE is empty: give the page heading, e.g. TITLE="Weitere Hinweise"')
    page = docs / f"{name}.md"
    if page.exists():
        raise PageError(f"{page.relative_to(ROOT)} exists already; choose another NAME")
    facts_file = docs / "facts.toml"
    facts_text = add_stand_date(facts_file, name, today or dt.date.today())  # checked before anything is written
    page.write_text(TEMPLATE.format(name=name, title=title.strip()), encoding="utf-8")
    facts_file.write_text(facts_text, encoding="utf-8")
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
    print(
        f"created {page.relative_to(ROOT)} and its Stand date stand.{args.name} in docs/facts.toml: "
        f"write it, then translate locale/en/LC_MESSAGES/{args.name}.po"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
