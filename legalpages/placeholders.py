"""List every open placeholder ({placeholder}`…`) in the German pages: `make placeholders`.

Each line reads ``docs/page.md:LINE: what is missing``, so an editor can jump to it. The listing
is for people; the gate is the release build (`make site RELEASE=1`), which fails while any remain.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from legalpages.project import PROJECT

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# The role as MyST writes it; its text may wrap onto the next line inside a paragraph.
PLACEHOLDER = re.compile(r"\{placeholder\}`([^`]+)`")


@dataclass(frozen=True)
class Placeholder:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT).as_posix()}:{self.line}: {self.text}"


def find(docs: Path = DOCS) -> list[Placeholder]:
    found = []
    internal = PROJECT.internal_pages  # never published: their sample placeholders are no open facts
    # and the data files beside the pages (docs/accessibility-statement.toml), whose values may be placeholders
    for path in sorted([*docs.glob("**/*.md"), *docs.glob("*.toml")]):
        if path.relative_to(docs).with_suffix("").as_posix() in internal:
            continue
        source = path.read_text(encoding="utf-8")
        for match in PLACEHOLDER.finditer(source):
            line = source.count("\n", 0, match.start()) + 1
            found.append(Placeholder(path, line, " ".join(match.group(1).split())))
    return found


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    found = find()
    for placeholder in found:
        print(placeholder)
    print(f"{len(found)} open placeholder(s); `make site RELEASE=1` fails while any remain.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
