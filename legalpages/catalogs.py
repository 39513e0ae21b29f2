"""Translation catalogs: extract the German messages and merge them into locale/<lang>/LC_MESSAGES.

The merge never loses a translator's work: a changed source string keeps its old translation as
``#, fuzzy`` with the previous msgid (``#| msgid``); a removed one stays as an obsolete ``#~`` entry.
The output is canonical (no line numbers, no dates that change between runs), so running the update
twice, or on a fresh clone, changes nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from sphinx_intl.catalog import dump_po, load_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
TRANSLATED_LANGUAGES = ("en",)
GUESSED_FLAGS = {"python-format", "python-brace-format"}
PO_WIDTH = 79  # what Poedit and msgmerge wrap at, so a translator's save does not rewrap everything


def catalog_path(language: str, domain: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def extract(pot_dir: Path) -> list[Path]:
    """Run Sphinx's gettext builder; returns one .pot per document."""
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "gettext", "-c", str(ROOT), str(ROOT / "docs"), str(pot_dir)],
        check=True,
    )
    return sorted(pot_dir.glob("**/*.pot"))


HEADER_COMMENT = """\
# {domain}: {language} translation of docs/{domain}.md.
# Edit msgstr entries only; `make update-po` maintains everything else.
#"""


def normalise_template(pot: Catalog, pot_dir: Path) -> Catalog:
    """Locations relative to the repository (no machine paths); no format flags guessed by Babel."""
    for message in pot:
        message.locations = [
            ((pot_dir / location).resolve().relative_to(ROOT).as_posix(), None) for location, _ in message.locations
        ]
    return pot


def drop_guessed_flags(catalog: Catalog) -> None:
    """Babel flags any message with braces as python-brace-format; MyST roles are not format strings."""
    for message in [*catalog, *catalog.obsolete.values()]:
        message.flags -= GUESSED_FLAGS


def merge(po: Catalog | None, pot: Catalog, language: str) -> Catalog:
    if po is None:
        pot.locale = language
        pot.fuzzy = False
        pot.revision_date = pot.creation_date
        pot.header_comment = HEADER_COMMENT.format(domain=pot.domain, language=language)
        return pot
    po.update(pot, update_creation_date=False)
    return po


def write(path: Path, catalog: Catalog) -> bool:
    """Write the catalog canonically; returns whether the file changed."""
    drop_guessed_flags(catalog)
    with tempfile.NamedTemporaryFile(suffix=".po") as scratch:
        dump_po(scratch.name, catalog, width=PO_WIDTH, include_previous=True, include_lineno=False)
        new = Path(scratch.name).read_bytes()
    if path.exists() and path.read_bytes() == new:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(new)
    return True


def update(languages: tuple[str, ...] = TRANSLATED_LANGUAGES) -> list[Path]:
    changed = []
    with tempfile.TemporaryDirectory() as pot_dir:
        pots = extract(Path(pot_dir))
        for pot_path in pots:
            domain = pot_path.relative_to(pot_dir).with_suffix("").as_posix()
            for language in languages:
                po_path = catalog_path(language, domain)
                po = load_po(str(po_path)) if po_path.exists() else None
                pot = normalise_template(load_po(str(pot_path), domain=domain), pot_path.parent)
                if write(po_path, merge(po, pot, language)):
                    changed.append(po_path)
    return changed


class CatalogError(Exception):
    """A catalog that msgfmt refuses; the message names file and line."""


def compile_catalogs(language: str, dest_dir: Path) -> Path:
    """Compile locale/<language>/*.po with `msgfmt --check` into dest_dir (never into the sources).

    Every build compiles afresh, so a stale .mo can never stand in for a broken .po.
    Fuzzy entries are left out, so their text falls back to German.
    """
    source_dir = LOCALE_DIR / language / "LC_MESSAGES"
    target_dir = dest_dir / language / "LC_MESSAGES"
    target_dir.mkdir(parents=True, exist_ok=True)
    errors = []
    for po_path in sorted(source_dir.glob("*.po")):
        mo_path = target_dir / f"{po_path.stem}.mo"
        fresh = mo_path.with_suffix(".mo.new")
        result = subprocess.run(
            ["msgfmt", "--check", "-o", str(fresh), str(po_path.relative_to(ROOT))],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            errors.append(result.stderr.strip())
            fresh.unlink(missing_ok=True)
        elif mo_path.exists() and mo_path.read_bytes() == fresh.read_bytes():
            fresh.unlink()  # unchanged: keep the old file's date, so Sphinx rebuilds nothing
        else:
            fresh.replace(mo_path)
    if errors:
        raise CatalogError("\n".join(errors))
    return dest_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["update"])
    args = parser.parse_args(argv)
    if args.command == "update":
        for path in update():
            print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
