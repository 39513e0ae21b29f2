"""`make update-po` never loses a translation and is stable; `make stats` and the translators' status page."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import ROOT, run_module, soup

from legalpages import catalogs
from legalpages.catalogs import unwrapped
from legalpages.sphinx_run import SphinxRun

LOCALE = Path("locale") / "en" / "LC_MESSAGES"


def snapshot(project: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((project / LOCALE).glob("*.po"))}


def load(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def update(project: Path) -> str:
    run = run_module("catalogs", "update", cwd=project)
    assert run.returncode == 0, run.output
    return run.stdout


def entry_block(text: str, msgid_start: str) -> str:
    """The lines of the entry whose msgid starts with msgid_start (comments included)."""
    for block in text.split("\n\n"):
        if msgid_start in "".join(unquote(line) for line in block.splitlines() if not line.startswith("#")):
            return block
    raise AssertionError(f"no entry for {msgid_start!r}")


def unquote(line: str) -> str:
    match = re.search(r'"(.*)"\s*$', line)
    return ast.literal_eval(f'"{match.group(1)}"') if match else ""


def previous_msgid(block: str) -> str:
    return "".join(unquote(line) for line in block.splitlines() if line.startswith("#| "))


def paragraph_message(project: Path) -> tuple[str, str]:
    """A translated German paragraph that is one line of docs/impressum.md, and its translation."""
    lines = (project / "docs" / "impressum.md").read_text(encoding="utf-8").splitlines()
    for message in load(project / LOCALE / "impressum.po"):
        if message.id and message.string and len(message.id) > 80 and message.id in lines and "`" not in message.id:
            return message.id, message.string
    raise AssertionError("docs/impressum.md has no plain translated paragraph")


@pytest.mark.e2e
def test_update_po_on_a_fresh_copy_changes_nothing(project: Path) -> None:
    """The committed catalogs are exactly what update-po writes: no dates, line numbers or rewrapping churn."""
    before = snapshot(project)
    assert update(project) == ""
    assert snapshot(project) == before
    assert update(project) == ""
    assert snapshot(project) == before


@pytest.mark.e2e
def test_changed_sentence_keeps_its_translation_as_fuzzy(project: Path) -> None:
    source = project / "docs" / "impressum.md"
    po = project / LOCALE / "impressum.po"
    changed_id, changed_translation = paragraph_message(project)
    text = source.read_text(encoding="utf-8")
    removed = next(message for message in load(po) if message.id and message.string and message.id != changed_id
                   and message.id in text.splitlines() and len(message.id) > 60)  # fmt: skip
    new_id = changed_id.rstrip(".") + " und ergänzt."
    text = text.replace(changed_id, new_id).replace(removed.id, "")
    source.write_text(text + "\nDieser Satz ist ganz neu hinzugekommen.\n", encoding="utf-8")

    assert update(project).strip() == "updated locale/en/LC_MESSAGES/impressum.po"

    catalog = load(po)
    changed = catalog[new_id]
    assert changed.fuzzy and changed.string == changed_translation
    assert previous_msgid(entry_block(po.read_text(encoding="utf-8"), new_id[:40])) == changed_id
    assert (removed.id, None) in catalog.obsolete or removed.id in catalog.obsolete
    assert catalog.obsolete[removed.id].string == removed.string
    assert "#~ msgid" in po.read_text(encoding="utf-8")
    new = catalog["Dieser Satz ist ganz neu hinzugekommen."]
    assert new.string == "" and not new.fuzzy
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True).returncode == 0

    after_first = snapshot(project)
    assert update(project) == ""
    assert snapshot(project) == after_first, "a second run must change nothing"


def test_translators_work_survives_update(project: Path) -> None:
    """Translator comments, fuzzy flags set by hand and edited translations are all kept."""
    po = project / LOCALE / "impressum.po"
    msgid, translation = paragraph_message(project)
    text = po.read_text(encoding="utf-8")
    block = entry_block(text, msgid[:40])
    marked = "# Checked against the ministry's English pages.\n#, fuzzy\n" + block
    assert text.count(block) == 1
    po.write_text(text.replace(block, marked), encoding="utf-8")

    update(project)

    after = po.read_text(encoding="utf-8")
    assert "# Checked against the ministry's English pages." in entry_block(after, msgid[:40])
    message = load(po)[msgid]
    assert message.fuzzy and message.string == translation
    assert update(project) == ""


def test_a_new_page_gets_its_own_catalog(project: Path) -> None:
    (project / "docs" / "neu.md").write_text("# Neue Seite\n\nEin Absatz auf der neuen Seite.\n", encoding="utf-8")
    assert "updated locale/en/LC_MESSAGES/neu.po" in update(project)
    po = project / LOCALE / "neu.po"
    catalog = load(po)
    assert [message.id for message in catalog if message.id] == ["Neue Seite", "Ein Absatz auf der neuen Seite."]
    assert all(message.string == "" for message in catalog if message.id)
    text = po.read_text(encoding="utf-8")
    assert "Language: en" in text and str(project) not in text and "#: docs/neu.md\n" in text
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True).returncode == 0
    assert update(project) == ""


def stats_rows(project: Path) -> dict[str, list[str]]:
    run = run_module("catalogs", "stats", cwd=project)
    assert run.returncode == 0, run.output
    header, *rows = [re.split(r"\s{2,}", line.strip()) for line in run.stdout.splitlines()]
    assert header == ["language", "catalog", "translated", "fuzzy", "untranslated", "total", "done", "German version",
                      "follows it"]  # fmt: skip
    return {row[1]: row for row in rows}


def test_stats_counts_translated_fuzzy_and_untranslated(project: Path) -> None:
    before = stats_rows(project)["impressum"]
    po = project / LOCALE / "impressum.po"
    catalog = load(po)
    done = [message for message in catalog if message.id and message.string and not message.fuzzy]
    done[0].flags.add("fuzzy")
    done[1].string = ""
    with po.open("wb") as file:
        write_po(file, catalog, width=79)

    after = stats_rows(project)
    row = after["impressum"]
    translated, fuzzy, untranslated, total = (int(cell) for cell in row[2:6])
    assert translated == int(before[2]) - 2
    assert fuzzy == int(before[3]) + 1
    assert untranslated == int(before[4]) + 1
    assert total == int(before[5])
    assert row[6] == f"{translated * 100 // total}%"
    assert after["(all)"][0] == "en"


def test_stats_names_a_broken_catalog(project: Path) -> None:
    po = project / LOCALE / "index.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Kaputt"\nmsgstrr "Broken"\n', encoding="utf-8")
    run = run_module("catalogs", "stats", cwd=project)
    assert run.returncode == 1
    assert re.search(r"locale/en/LC_MESSAGES/index\.po:\d+: .*make check-po", run.stderr), run.stderr
    assert "Traceback" not in run.stderr


def test_status_page_for_translators(site: Path) -> None:
    page = site / "translation-status.html"
    document = soup(page)
    assert document.html["lang"] == "en"
    assert document.title.get_text(strip=True).startswith("Translation status")
    assert document.select_one("main h1").get_text(strip=True) == "Translation status"
    table = document.select_one("main table")
    assert table.caption and [th["scope"] for th in table.select("thead th")] == ["col"] * 9
    rows = {
        row.th.get_text(strip=True) + "/" + row.select("td")[0].get_text(strip=True): row for row in table.tbody("tr")
    }
    expected = catalogs.status()
    for status in expected:
        row = rows[f"{status.language}/{status.domain}"]
        link = row.select_one("a")
        assert not link["href"].startswith(("/", "http")), "relative links only"
        assert (page.parent / link["href"]).is_file()
        cells = [cell.get_text(strip=True) for cell in row.select("td")[1:]]
        assert cells == [str(status.translated), str(status.fuzzy), str(status.untranslated), str(status.total),
                         f"{status.percent}%", status.german_version or "–", "yes"]  # fmt: skip
    data = json.loads((site / "translation-status.json").read_text(encoding="utf-8"))
    assert {(row["domain"], row["percent"]) for row in data} >= {(s.domain, s.percent) for s in expected}
    # the date of the German version each translation follows, per page (docs/facts.toml [stand])
    dates = {row["domain"]: (row["german_version"], row["current"]) for row in data}
    assert dates["impressum"] == (
        str(tomllib.loads((ROOT / "docs" / "facts.toml").read_text())["stand"]["impressum"]),
        True,
    )


def test_stats_show_a_missing_catalog_as_0_percent(project: Path) -> None:
    (project / LOCALE / "impressum.po").unlink()
    row = stats_rows(project)["impressum (no catalog)"]
    assert row[2:7] == ["0", "0", "0", "0", "0%"]
    assert row[8] == "no: German text changed"


def compile_in(project: Path, build_locale: Path) -> subprocess.CompletedProcess[str]:
    """catalogs.compile_catalogs of the project copy (its own package), as make site runs it."""
    code = (
        "import sys, pathlib; from legalpages.catalogs import compile_catalogs as c; c('en', pathlib.Path(sys.argv[1]))"
    )
    return subprocess.run([sys.executable, "-c", code, str(build_locale)], cwd=project, capture_output=True, text=True)


def test_build_fails_on_a_deleted_catalog_and_drops_its_compiled_copy(project: Path, tmp_path: Path) -> None:
    build_locale = tmp_path / "locale"
    assert compile_in(project, build_locale).returncode == 0
    compiled = build_locale / "en" / "LC_MESSAGES"
    assert (compiled / "impressum.mo").is_file()
    (project / LOCALE / "impressum.po").unlink()

    run = compile_in(project, build_locale)
    assert run.returncode != 0
    assert (
        "locale/en/LC_MESSAGES/impressum.po:1: missing catalog: docs/impressum.md has no en translation" in run.stderr
    )
    assert not (compiled / "impressum.mo").exists(), "a compiled catalog without its source is never used"
    assert not (compiled / "impressum.po").exists()
    assert (compiled / "datenschutz.mo").is_file()


def test_make_site_names_the_deleted_catalog(project: Path, tmp_path: Path) -> None:
    (project / LOCALE / "impressum.po").unlink()
    run = run_module("site", "--build-dir", str(tmp_path / "build"), cwd=project)
    assert run.returncode == 1
    assert "locale/en/LC_MESSAGES/impressum.po:1: missing catalog" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "build" / "site").exists()


def test_untranslated_text_is_marked_as_german(project: Path, tmp_path: Path) -> None:
    """In the English build, a message without translation is German text: lang="de", class "untranslated"."""
    po = project / LOCALE / "impressum.po"
    catalog = load(po)
    heading = next(message for message in catalog if message.id and message.string and " " not in message.id)
    paragraph_id, _ = paragraph_message(project)
    catalog[heading.id].string = ""
    catalog[paragraph_id].string = ""
    with po.open("wb") as file:
        write_po(file, catalog, width=79)
    locale_dir = tmp_path / "mo"
    for source in (project / LOCALE).glob("*.po"):
        target = locale_dir / "en" / "LC_MESSAGES" / f"{source.stem}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["msgfmt", "--check", "-o", str(target), str(source)], check=True)
    out = tmp_path / "html"
    run = SphinxRun(
        "html", out, tmp_path / "doctrees", "en", locale_dir, strict=False, root=project,
        only=(project / "docs" / "impressum.md",),
    )  # fmt: skip
    build = subprocess.run(run.command(), capture_output=True, text=True)
    assert build.returncode == 0, build.stderr

    article = soup(out / "impressum.html").select_one("article")
    marked = article.select(".untranslated")
    texts = {" ".join(element.get_text(" ", strip=True).rstrip("¶").split()) for element in marked}
    assert texts == {heading.id, " ".join(paragraph_id.split())}
    assert all(element.get("lang") == "de" for element in marked)
    # everything else is still English and unmarked
    assert [element for element in article.select('[lang="de"]') if element.name != "a"] == marked
    assert article.select("h2") and all(heading.get("lang") is None for heading in article.select("h2"))


def test_pot_files_are_build_output() -> None:
    """Templates are made afresh by update-po in a temporary folder; committing them would churn."""
    tracked = subprocess.run(["git", "ls-files", "*.pot"], cwd=ROOT, capture_output=True, text=True)
    assert tracked.returncode == 0 and tracked.stdout == ""
    assert not list((ROOT / "locale").glob("**/*.pot"))


def test_update_po_names_a_broken_catalog(project: Path) -> None:
    po = project / LOCALE / "index.po"
    before = po.read_text(encoding="utf-8") + '\nmsgid "Kaputt"\nmsgstr "Broken\n'
    po.write_text(before, encoding="utf-8")
    run = run_module("catalogs", "update", cwd=project)
    assert run.returncode == 1
    assert re.search(r"locale/en/LC_MESSAGES/index\.po:\d+: end-of-line within string", run.stderr), run.stderr
    assert "make check-po FILE=locale/en/LC_MESSAGES/index.po" in run.stderr
    assert "Traceback" not in run.stderr
    assert po.read_text(encoding="utf-8") == before, "a broken catalog is left for the translator to fix"


def test_a_catalog_wrapped_differently_is_left_as_it_is(project: Path) -> None:
    """gettext 0.23 (Debian 13) and 0.21 (Debian 12) wrap long strings differently, and so do PO
    editors: update-po must not rewrite a catalog whose text did not change."""
    po = project / LOCALE / "datenschutz.po"
    subprocess.run(["msgcat", "--width=50", "-o", str(po), str(po)], check=True)
    rewrapped = po.read_bytes()
    assert unwrapped(rewrapped) != rewrapped, "msgcat wrapped the catalog anew"
    assert update(project) == ""
    assert po.read_bytes() == rewrapped


def test_unwrapping_joins_strings_and_previous_msgids_only() -> None:
    wrapped = b'#| msgid ""\n#| "old "\n#| "text"\nmsgid ""\n"new "\n"text"\nmsgstr "x"\n\nmsgid "y"\nmsgstr ""\n'
    assert unwrapped(wrapped) == b'#| msgid "old text"\nmsgid "new text"\nmsgstr "x"\n\nmsgid "y"\nmsgstr ""\n'
