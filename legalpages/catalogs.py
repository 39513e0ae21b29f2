"""Translation catalogs: extract the German messages and merge them into locale/<lang>/LC_MESSAGES.

The merge never loses a translator's work: a changed source string keeps its old translation as
``#, fuzzy`` with the previous msgid (``#| msgid``); a removed one stays as an obsolete ``#~`` entry.
The output is canonical (no line numbers, no dates that change between runs), so running the update
twice, or on a fresh clone, changes nothing. The .pot templates are build output, made afresh in a
temporary folder and never committed. `stats` prints how far each catalog is translated.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po
from sphinx_intl.catalog import dump_po, load_po

from legalpages.project import PROJECT
from legalpages.sphinx_run import SphinxRun, wait

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
GUESSED_FLAGS = {"python-format", "python-brace-format"}
CATALOG_PROJECT = PROJECT.languages[PROJECT.source_language].texts["project"]  # Project-Id-Version
PO_WIDTH = 79  # what Poedit and msgmerge wrap at, so a translator's save does not rewrap everything


def catalog_path(language: str, domain: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def extract(pot_dir: Path) -> list[Path]:
    """Run Sphinx's gettext builder; returns one .pot per document."""
    run = SphinxRun("gettext", pot_dir, strict=False)
    if wait(run.start()) != 0:
        raise CatalogError("extracting the German messages failed; fix the source named in the messages above")
    return sorted(pot_dir.glob("**/*.pot"))


HEADER_COMMENT = """\
# {domain}: {language} translation of docs/{domain}.md.
# Edit msgstr entries only; `make update-po` maintains everything else.
#"""
POT_DATE = re.compile(rb'^"POT-Creation-Date: [^"]*"$', re.MULTILINE)


def write_template(pot_path: Path, domain: str, target: Path) -> Path:
    """Rewrite Sphinx's .pot canonically: repository-relative locations without line numbers
    (no machine paths, no churn when a paragraph moves) and no format flags guessed by Babel."""
    pot = load_po(str(pot_path), domain=domain)
    for message in pot:
        message.locations = [
            ((pot_path.parent / location).resolve().relative_to(ROOT).as_posix(), None)
            for location, _ in message.locations
        ]
        message.flags -= GUESSED_FLAGS
    dump_po(str(target), pot, width=PO_WIDTH, include_lineno=False)
    return target


def new_catalog(domain: str, language: str, target: Path) -> Path:
    """An empty catalog (header only) for a document that has none yet."""
    catalog = Catalog(domain=domain, locale=language, fuzzy=False, project=CATALOG_PROJECT)
    catalog.version = ""  # as in the catalogs Sphinx starts, not Babel's "VERSION"
    # the last commit's time (the Makefile exports it), never the clock: reproducible and written once
    created = datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")), UTC)
    catalog.creation_date = catalog.revision_date = created
    catalog.header_comment = HEADER_COMMENT.format(domain=domain, language=language)
    catalog.last_translator = catalog.language_team = "Translators of the legal pages"
    dump_po(str(target), catalog, width=PO_WIDTH)
    return target


def msgmerge(po_path: Path, pot_path: Path) -> bytes:
    """GNU msgmerge: the reference merge that Poedit, Lokalize and Weblate also use.

    Babel's merge writes a multi-line previous msgid (`#|`) as invalid PO and reads it back as a
    translator comment, so a second run changes the file again; msgmerge round-trips it exactly.
    """
    shown = po_path.relative_to(ROOT) if po_path.is_relative_to(ROOT) else po_path
    command = ["msgmerge", "--quiet", "--previous", "--add-location=file", f"--width={PO_WIDTH}", "-o", "-",
               str(shown), str(pot_path)]  # fmt: skip
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    except FileNotFoundError:
        raise CatalogError("msgmerge is not installed; install it: apt-get install gettext") from None
    if result.returncode != 0:
        problems = result.stderr.decode(errors="replace").strip()
        raise CatalogError(
            f"{problems}\nfix the catalog (`make check-po FILE={shown}` explains), then run update-po again"
        )
    # msgmerge copies the template's creation date, which is the build time: keep the catalog's own.
    old_date = POT_DATE.search(po_path.read_bytes())
    if old_date:
        result.stdout = POT_DATE.sub(lambda _: old_date.group(0), result.stdout, count=1)
    return result.stdout


# A string's continuation line, with the prefix of a previous (#|) or obsolete (#~) entry.
WRAPPED_LINE = re.compile(rb'"\n(?:#~ )?(?:#\| )?"')


def unwrapped(content: bytes) -> bytes:
    """The catalog with each string on one line. gettext releases wrap long strings differently
    (0.23 in Debian 13 breaks less often after a '.' inside a word than 0.21 in Debian 12), and so
    do PO editors: a new wrapping alone is no change."""
    return WRAPPED_LINE.sub(b"", content)


def write(path: Path, content: bytes) -> bool:
    """Write the catalog if its content changed, not only its wrapping; returns whether it did."""
    if path.exists() and unwrapped(path.read_bytes()) == unwrapped(content):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def update(languages: tuple[str, ...] = PROJECT.translated) -> list[Path]:
    """Merge the current German messages into every catalog; returns the catalogs that changed."""
    changed = []
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        for pot_path in extract(scratch / "pot"):
            domain = pot_path.relative_to(scratch / "pot").with_suffix("").as_posix()
            template = write_template(pot_path, domain, scratch / f"{domain}.pot")
            for language in languages:
                po_path = catalog_path(language, domain)
                source = po_path if po_path.exists() else new_catalog(domain, language, scratch / f"{domain}.po")
                if write(po_path, msgmerge(source, template)):
                    changed.append(po_path)
    return changed


class CatalogError(Exception):
    """A catalog that msgfmt refuses, or one that is missing; the message names file and line."""


def compile_catalogs(language: str, dest_dir: Path) -> Path:
    """Compile locale/<language>/*.po with `msgfmt --check` into dest_dir (never into the sources).

    Every build compiles afresh, so a stale .mo can never stand in for a broken .po, and a compiled
    catalog whose .po is gone is deleted: the page would otherwise be published translated from it.
    A page without a catalog is an error naming the file. Fuzzy entries are left out, so their
    text falls back to German.
    """
    source_dir = LOCALE_DIR / language / "LC_MESSAGES"
    target_dir = dest_dir / language / "LC_MESSAGES"
    target_dir.mkdir(parents=True, exist_ok=True)
    sources = {path.stem for path in source_dir.glob("*.po")}
    for compiled in [*target_dir.glob("*.mo"), *target_dir.glob("*.po"), *target_dir.glob("*.mo.new")]:
        if compiled.name.split(".")[0] not in sources:
            compiled.unlink()
    if any(page not in sources for page in PROJECT.catalog_pages):
        from legalpages.po_check import missing_catalogs  # the one place of the message

        raise CatalogError("\n".join(map(str, missing_catalogs((language,)))))
    errors = []
    runs = []
    for po_path in sorted(source_dir.glob("*.po")):  # all at once: the HTML builds wait for them
        fresh = target_dir / f"{po_path.stem}.mo.new"
        command = ["msgfmt", "--check", "-o", str(fresh), str(po_path.relative_to(ROOT))]
        runs.append((po_path, fresh, subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)))
    for po_path, fresh, run in runs:
        _, stderr = run.communicate()
        mo_path = target_dir / f"{po_path.stem}.mo"
        if run.returncode != 0:
            errors.append(stderr.strip())
            fresh.unlink(missing_ok=True)
        elif mo_path.exists() and mo_path.read_bytes() == fresh.read_bytes():
            fresh.unlink()  # unchanged: keep the old file's date, so Sphinx rebuilds nothing
        else:
            fresh.replace(mo_path)
            # Sphinx makes a page depend on its .mo only when a .po lies beside it; without
            # this copy an edited translation would not rebuild the page (incremental builds).
            shutil.copy2(po_path, target_dir / po_path.name)
    if errors:
        raise CatalogError("\n".join(errors))
    return dest_dir


@dataclass(frozen=True)
class Status:
    """How far one catalog is translated (the header and obsolete #~ entries do not count)."""

    language: str
    domain: str
    translated: int
    fuzzy: int
    untranslated: int
    missing: bool = False  # no catalog at all
    german_version: str = ""  # the German page's Stand date (docs/facts.toml [stand]), ISO format

    @property
    def current(self) -> bool:
        """The translation follows the German page of that date: nothing fuzzy, untranslated or missing."""
        return not (self.missing or self.fuzzy or self.untranslated)

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> int:
        """Rounded down, so "100%" always means done; a missing catalog is 0 %."""
        if self.missing:
            return 0
        return self.translated * 100 // self.total if self.total else 100


def status(languages: tuple[str, ...] = PROJECT.translated) -> list[Status]:
    """One row per page and language; a missing catalog is a row of 0 % (its messages counted as
    untranslated, from the German page's template), never a row left out."""
    stand = stand_dates()
    rows = []
    for language in languages:
        present = {path.stem for path in (LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")}
        for page in sorted(present | set(PROJECT.catalog_pages)):
            po_path = catalog_path(language, page)
            if not po_path.is_file():
                rows.append(Status(language, page, 0, 0, 0, missing=True, german_version=stand.get(page, "")))
                continue
            try:
                with po_path.open("rb") as file:
                    catalog = read_po(file, abort_invalid=True)
            except PoFileError as error:
                where = f"{po_path.relative_to(ROOT)}:{error.lineno + 1}"
                raise CatalogError(f"{where}: {error.args[0]}; `make check-po` explains how to fix it") from None
            entries = [message for message in catalog if message.id]
            fuzzy = sum(1 for message in entries if message.fuzzy)
            untranslated = sum(1 for message in entries if not message.fuzzy and not message.string)
            translated = len(entries) - fuzzy - untranslated
            rows.append(Status(language, page, translated, fuzzy, untranslated, german_version=stand.get(page, "")))
    return rows


def stand_dates() -> dict[str, str]:
    """page -> the German page's own Stand date (docs/facts.toml [stand]), which its translation follows."""
    from legalpages import facts

    return {page: str(day) for page, day in facts.load(PROJECT.facts_file).get("stand", {}).items()}


def totals(rows: list[Status]) -> list[Status]:
    """One "all catalogs" row per language."""
    return [
        Status(
            language,
            "(all)",
            sum(row.translated for row in rows if row.language == language),
            sum(row.fuzzy for row in rows if row.language == language),
            sum(row.untranslated for row in rows if row.language == language),
            missing=any(row.missing for row in rows if row.language == language),
        )
        for language in dict.fromkeys(row.language for row in rows)
    ]


STATUS_COLUMNS = (
    "language", "catalog", "translated", "fuzzy", "untranslated", "total", "done", "German version", "follows it",
)  # fmt: skip


def status_cells(row: Status) -> tuple[str, ...]:
    domain = f"{row.domain} (no catalog)" if row.missing else row.domain
    return (row.language, domain, *map(str, (row.translated, row.fuzzy, row.untranslated, row.total)),
            f"{row.percent}%", row.german_version or "–",
            "–" if row.domain == "(all)" else "yes" if row.current else "no: German text changed")  # fmt: skip


def status_table(rows: list[Status]) -> str:
    """The terminal table of `make stats`."""
    lines = [STATUS_COLUMNS, *map(status_cells, rows), *map(status_cells, totals(rows))]
    widths = [max(len(line[column]) for line in lines) for column in range(len(STATUS_COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(width) if column < 2 else cell.rjust(width)
                  for column, (cell, width) in enumerate(zip(line, widths, strict=True))).rstrip()
        for line in lines
    )  # fmt: skip


def status_page(rows: list[Status]) -> str:
    """translation-status.html at the site root: the same table for translators, linking each page."""
    body = []
    for row in [*rows, *totals(rows)]:
        cells = [html.escape(cell) for cell in status_cells(row)]
        if row.domain != "(all)":
            href = html.escape(f"{row.language}/{row.domain}.html")
            cells[1] = f'<a href="{href}" hreflang="{html.escape(row.language)}">{cells[1]}</a>'
        head, *data = cells
        body.append(f'<tr><th scope="row">{head}</th>' + "".join(f"<td>{cell}</td>" for cell in data) + "</tr>")
    header = "".join(f'<th scope="col">{column}</th>' for column in STATUS_COLUMNS)
    rows_html = "\n".join(body)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>Translation status – Legal pages</title>
<style>
body {{ font-family: sans-serif; margin: 2rem; color: #1a1a1a; background: #fff; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #767676; padding: 0.3em 0.6em; }}
td {{ text-align: right; }}
a {{ color: #0645ad; }}
</style>
</head>
<body>
<main>
<h1>Translation status</h1>
<p>Messages per catalog in <code>locale/&lt;language&gt;/LC_MESSAGES/</code>. Fuzzy and untranslated
messages appear in German on the translated pages until they are done. &ldquo;German version&rdquo; is
the date of the German page the translation follows; &ldquo;follows it&rdquo; says whether the German
text changed since (then the translated page says so to its readers). How to translate: README.md,
section &ldquo;For translators&rdquo;.</p>
<table>
<caption>Translated, fuzzy and untranslated messages per catalog</caption>
<thead><tr>{header}</tr></thead>
<tbody>
{rows_html}
</tbody>
</table>
</main>
</body>
</html>
"""


def write_status(site_dir: Path, languages: tuple[str, ...] = PROJECT.translated) -> None:
    """The translators' status page and the same numbers as JSON, e.g. for a badge."""
    rows = status(languages)
    (site_dir / "translation-status.html").write_text(status_page(rows), encoding="utf-8")
    data = [
        {**asdict(row), "total": row.total, "percent": row.percent, "current": row.current}
        for row in [*rows, *totals(rows)]
    ]
    (site_dir / "translation-status.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["update", "stats"])
    args = parser.parse_args(argv)
    if args.command == "update":
        try:
            changed = update()
        except CatalogError as error:
            print(f"update-po: {error}", file=sys.stderr)
            return 1
        for path in changed:
            print(f"updated {path.relative_to(ROOT)}")
    elif args.command == "stats":
        try:
            print(status_table(status()))
        except CatalogError as error:
            print(error, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
