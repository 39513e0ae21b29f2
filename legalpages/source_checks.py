"""Checks of writers' and translators' input that Sphinx and MyST do not make themselves.

Two halves, one concern:
- ``check_files`` reads the raw files before any build: encoding (UTF-8, no BOM), line endings
  (LF only), empty pages, and MyST fences or directives that are opened and never closed
  (CommonMark silently runs an unclosed fence to the end of the file), and ::: fences: MyST's
  colon_fence syntax is off, because mdformat cannot format it (see .pre-commit-config.yaml).
- The Sphinx extension (``setup``) rejects raw HTML and ``javascript:`` links in the parsed and
  translated pages, wherever they came from (a MyST source, a ``{raw}`` directive, a msgstr).

We reject CRLF and BOMs instead of normalising them: .gitattributes keeps them out of git, and a
silent fix in the build would leave the file broken for every other tool.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

if TYPE_CHECKING:  # hints only: the build orchestrator imports this module and must start fast
    from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<marker>`{3,}|~{3,})(?P<info>.*)$")
COLON_FENCE = re.compile(r"^ {0,3}:{3,}")
PO_CHARSET = re.compile(r"charset=(?P<charset>[\w.-]+)")
# A page's file name is its URL and make's word: no spaces, umlauts or capitals (kitchen-sink, 404).
PAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:")

logger = logging.getLogger(__name__)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in a writer's or translator's file, printed as `path:line: what; what to do`."""

    path: Path | str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def input_files(root: Path) -> list[Path]:
    return sorted([*root.glob("docs/**/*.md"), *root.glob("docs/**/*.toml"), *root.glob("locale/**/*.po")])


def check_encoding(path: Path, data: bytes) -> list[Problem]:
    if data.startswith(b"\xef\xbb\xbf"):
        return [Problem(path, 1, "file starts with a byte order mark (BOM); save it as UTF-8 without BOM")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [Problem(path, line, "not valid UTF-8; save the file as UTF-8")]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        return [Problem(path, line, "Windows (CRLF) or old Mac (CR) line endings; save with LF line endings")]
    return []


def check_po_charset(path: Path, text: str) -> list[Problem]:
    """A catalog must declare UTF-8; any other charset turns every umlaut into mojibake."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = PO_CHARSET.search(line)
        if match:
            if match["charset"].lower().replace("_", "-") != "utf-8":
                return [Problem(path, number, f"declares charset={match['charset']}; use charset=UTF-8")]
            return []
    return [Problem(path, 1, 'no "Content-Type: text/plain; charset=UTF-8" header; run make update-po')]


def check_fences(path: Path, text: str) -> list[Problem]:
    """Every ``` / ~~~ fence must be closed by the same marker, at least as long; no ::: fences."""
    problems = []
    open_fence: tuple[str, int] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if open_fence is None and COLON_FENCE.match(line):
            problems.append(Problem(path, number, "::: fences are not used here; write the directive as ```{name}"))
            continue
        match = FENCE.match(line)
        if not match:
            continue
        marker, info = match["marker"], match["info"].strip()
        if open_fence is None:
            open_fence = (marker, number)
        elif marker[0] == open_fence[0][0] and len(marker) >= len(open_fence[0]) and not info:
            open_fence = None
    if open_fence is not None:
        marker, number = open_fence
        problems.append(Problem(path, number, f"{marker} opened here is never closed; add a closing {marker} line"))
    return problems


def check_page(path: Path, text: str) -> list[Problem]:
    meaningful = [line for line in text.splitlines() if line.strip() and not re.fullmatch(r"\(.*\)=", line.strip())]
    if not meaningful:
        return [Problem(path, 1, "the page is empty; write its content or remove it from the toctree and docs/")]
    return check_fences(path, text)


PAGE_NAME_RULE = (
    "page file names use only lower-case letters a-z, digits and hyphens, ending in .md "
    "(e.g. docs/ueber-uns.md); rename the file and its toctree entry"
)


def check_symlinks(root: Path) -> list[Problem]:
    """A symbolic link in docs/ or locale/ that leads outside its folder would publish that file
    (a page, an image, an include); every later check follows links, so they are refused here."""
    problems = []
    for folder in (root / "docs", root / "locale"):
        for directory, subfolders, files in os.walk(folder):  # does not descend into linked folders
            for name in sorted([*subfolders, *files]):
                path = Path(directory) / name
                if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
                    problems.append(
                        Problem(
                            path.relative_to(root),
                            1,
                            f"symbolic link to {os.readlink(path)}, outside {folder.name}/; "
                            "only files in docs/ are published: put the file itself here",
                        )
                    )
    return problems


def check_files(root: Path = ROOT) -> list[Problem]:
    problems = check_symlinks(root)
    if problems:
        return problems  # the other checks would read the linked files
    for path in input_files(root):
        relative = path.relative_to(root)
        if path.suffix == ".md" and not PAGE_NAME.fullmatch(path.stem):
            problems.append(Problem(relative, 1, PAGE_NAME_RULE))
            continue
        data = path.read_bytes()
        found = check_encoding(relative, data)
        if not found and path.suffix == ".md":
            found = check_page(relative, data.decode("utf-8"))
        elif not found and path.suffix == ".po":
            found = check_po_charset(relative, data.decode("utf-8"))
        elif not found and path == root / "docs" / "facts.toml":
            from legalpages.facts import read

            found = [Problem(relative, line, message) for line, message in read(path)[1]]
        problems += found
    return problems


# -- Sphinx extension: no raw HTML, no script links ------------------------------------------


def reject_unsafe_nodes(app: Sphinx, doctree: nodes.document) -> None:
    from legalpages.policy import node_location

    def where(node: nodes.Node) -> tuple[str, nodes.Node | str]:
        location = node_location(node)
        translated = location is not node
        return (f" (from the {app.config.language} translation catalog)" if translated else ""), location

    for node in list(doctree.findall(nodes.raw)):
        origin, location = where(node)
        logger.error(
            "raw HTML is not allowed%s: %r; use MyST markup instead",
            origin,
            node.astext()[:60],
            location=location,
        )
        node.parent.remove(node)  # a failed build's output (the preview serves it) holds none of it
    for node in doctree.findall(nodes.reference):
        uri = node.get("refuri", "").strip().lower()
        if uri.startswith(FORBIDDEN_SCHEMES):
            origin, location = where(node)
            logger.error(
                "%s link is not allowed%s: %r", uri.split(":")[0], origin, node["refuri"][:60], location=location
            )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("legalpages.policy")  # the allowlists: directives, roles, front matter, links
    app.connect("doctree-read", reject_unsafe_nodes)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the MyST sources and catalogs before a build.")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    problems = check_files(args.root)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
