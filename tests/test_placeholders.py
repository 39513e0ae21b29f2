"""Placeholders: `make placeholders` lists them, the release build refuses them, the site shows them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import INTERNAL_PAGES, LANGUAGES, PAGES, ROOT, run_module, soup, write_passing_report

from legalpages import placeholders
from legalpages.extensions.accessibility_statement import STATEMENT_FILE

# pages, and the data files beside them whose values are shown on a page (docs/accessibility-statement.toml)
LISTING = re.compile(r"^(docs/[\w/-]+\.(?:md|toml)):(\d+): (.+)$")


def listing(project: Path) -> list[tuple[str, int, str]]:
    run = run_module("placeholders", cwd=project)
    assert run.returncode == 0, run.output
    rows = [LISTING.match(line) for line in run.stdout.splitlines()]
    assert all(rows), run.stdout
    return [(row[1], int(row[2]), row[3]) for row in rows]


def test_listing_names_file_line_and_text_of_every_placeholder_in_the_sources() -> None:
    rows = listing(ROOT)
    assert rows, "the sources have open placeholders; the listing must show them"
    for path, line, text in rows:
        source_line = (ROOT / path).read_text(encoding="utf-8").splitlines()[line - 1]
        assert "{placeholder}`" in source_line and text.split()[0] in source_line, (path, line)
    # internal pages (the kitchen sink's sample) are never published, so they are no open facts
    published = [page for page in (ROOT / "docs").glob("*.md") if page.stem not in INTERNAL_PAGES]
    published += (ROOT / "docs").glob("*.toml")
    total = sum(page.read_text(encoding="utf-8").count("{placeholder}`") for page in published)
    assert len(rows) == total


# What the legal review (issue 18) left to the ministry or its data-protection officer: each stays
# an open placeholder on its page until a source gives it (page, words of the placeholder).
OPEN_AFTER_LEGAL_REVIEW = [
    ("datenschutz", "genaue Norm"),  # the residence-law basis for Art. 9 data (proposed: § 86, § 23a AufenthG)
    ("datenschutz", "Maßnahmen nach § 15 DSG NRW"),  # the complete list of safeguards
    ("datenschutz", "nach Art. 14 DSGVO informiert"),  # how persons whose case is heard are informed
    ("datenschutz", "Anbieter, der diese Seiten veröffentlicht"),  # the host of the published pages
    ("datenschutz", "Rolle des Anbieters"),  # its role, log retention, server location, transfers
    ("datenschutz", "Nummer der Telefonzentrale"),  # the switchboard number, wherever it appears
    ("impressum", "Nummer der Telefonzentrale"),
    # "zuletzt überprüft am", not the Stand date: in the statement's data, shown on barrierefreiheit
    ("accessibility-statement", "Datum der letzten Überprüfung"),
    ("barrierefreiheit", "Postanschrift der Ombudsstelle"),
]


def test_listing_has_the_open_facts_of_the_legal_review() -> None:
    rows = listing(ROOT)
    missing = [
        (page, words)
        for page, words in OPEN_AFTER_LEGAL_REVIEW
        if not any(
            path in (f"docs/{page}.md", f"docs/{page}.toml") and words in text.replace("\u00a0", " ")
            for path, _, text in rows
        )
    ]
    assert missing == [], "supply the fact in docs/facts.toml and update this list, or restore the placeholder"


def test_listing_matches_what_the_site_highlights(site: Path) -> None:
    """Exactly the listed placeholders are on the German pages, each highlighted with its label."""
    rows = listing(ROOT)
    listed = sorted(text for _, _, text in rows)
    shown = []
    pages = {Path(path).stem for path, _, _ in rows if path.endswith(".md")} | set(PAGES) - set(INTERNAL_PAGES)
    for page in sorted(pages):  # the statement's data (a .toml) shows on its page, barrierefreiheit
        for span in soup(site / "de" / f"{page}.html").select("article span.placeholder"):
            assert span.select_one("strong").get_text() == "Platzhalter: "
            shown.append(" ".join(span.get_text(" ", strip=True).removeprefix("Platzhalter:").split()))
    assert sorted(shown) == listed
    for language in LANGUAGES:
        assert soup(site / language / "datenschutz.html").select("span.placeholder")
    css = (site / "de" / "_static" / "legalpages.css").read_text(encoding="utf-8")
    assert re.search(r"\.placeholder\s*\{[^}]*background", css), "placeholders must stand out"


def test_wrapped_placeholder_is_listed_once_at_its_first_line(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("# Title\n\nText {placeholder}`first half\nsecond half` more.\n", encoding="utf-8")
    found = placeholders.find(docs)
    assert [(item.line, item.text) for item in found] == [(3, "first half second half")]


def fill_statement(path: Path) -> None:
    """The statement's data with a value for every field: reviewed today, so that the release's review gate passes."""
    values = {
        "url": '"https://verfahren.example.org/"',
        "status": '"fully-compliant"',  # and the report passes: the gate lets it through
        "non_accessible": "[]",
        "prepared": "2026-01-15",
        "reviewed": dt.date.today().isoformat(),
        "method": '"self-assessment"',
        "assessed": "2026-09-30",
        "form": '"https://www.example.org/form"',
    }
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.MULTILINE)
        assert count == 1, key
    path.write_text(text, encoding="utf-8")


@pytest.mark.e2e
def test_added_placeholder_is_listed_and_is_the_only_thing_a_release_build_refuses(project: Path) -> None:
    # Resolve every open placeholder in the copy, so that the added one is the only error left.
    for page in (project / "docs").glob("*.md"):
        page.write_text(re.sub(r"\{placeholder\}`([^`]*)`", r"\1", page.read_text(encoding="utf-8")))
    fill_statement(project / "docs" / STATEMENT_FILE)
    write_passing_report(project)
    assert listing(project) == []
    impressum = project / "docs" / "impressum.md"
    lines = impressum.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "Testeintrag: {placeholder}`Name der Testperson`\n")
    impressum.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert listing(project) == [("docs/impressum.md", 3, "Name der Testperson")]

    run = run_module("site", "--build-dir", str(project / "_build"), "--release", cwd=project)
    assert run.returncode != 0
    assert "Traceback" not in run.output
    errors = [line for line in run.output.splitlines() if "open placeholder" in line]
    assert errors and all("docs/impressum.md:3:" in line and "Name der Testperson" in line for line in errors), (
        run.output
    )
    assert not (project / "_build" / "site").exists(), "a refused release publishes nothing"
