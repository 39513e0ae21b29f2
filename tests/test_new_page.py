"""make new-page: a page that builds in both languages and appears in the navigation."""

from __future__ import annotations

import datetime as dt
import runpy
from pathlib import Path

import pytest
from babel.dates import format_date
from conftest import LANGUAGES, ROOT, run_module, soup

from legalpages import facts, new_page

LOCALES = {
    code: settings["locale"] for code, settings in runpy.run_path(str(ROOT / "conf.py"))["legalpages_languages"].items()
}


@pytest.mark.e2e
def test_new_page_builds_in_both_languages_and_is_in_the_navigation(project: Path) -> None:
    catalogs = {path: path.read_bytes() for path in (project / "locale").rglob("*.po")}
    dates_before = facts.load(project / "docs/facts.toml")["stand"]
    run = run_module("new_page", "weitere-hinweise", "Weitere Hinweise", cwd=project)
    assert run.returncode == 0, run.output
    # the page has its own Stand date, and no other page's date changed
    dates = facts.load(project / "docs/facts.toml")["stand"]
    assert isinstance(dates["weitere-hinweise"], dt.date)
    assert {key: value for key, value in dates.items() if key != "weitere-hinweise"} == dates_before
    source = (project / "docs/weitere-hinweise.md").read_text(encoding="utf-8")
    assert "Stand: {fact}`stand.weitere-hinweise`" in source
    # nothing lost: every existing catalog (msgstr, comments, flags) is left exactly as it was
    assert {path: path.read_bytes() for path in catalogs} == catalogs
    assert (project / "docs/weitere-hinweise.md").is_file()
    catalog = (project / "locale/en/LC_MESSAGES/weitere-hinweise.po").read_text(encoding="utf-8")
    assert 'msgid "Weitere Hinweise"' in catalog
    build = run_module("site", "--build-dir", str(project / "_build"), cwd=project)
    assert build.returncode == 0, build.output
    for language in LANGUAGES:
        page = soup(project / "_build/site" / language / "weitere-hinweise.html")
        assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == "Weitere Hinweise"
        shown = {fact.get_text() for fact in page.select("article .fact")}
        assert format_date(dates["weitere-hinweise"], format="long", locale=LOCALES[language]) in shown
        navigation = soup(project / "_build/site" / language / "index.html").select(".sidebar-tree a")
        assert "weitere-hinweise.html" in {link["href"] for link in navigation}


def test_new_page_refuses_a_bad_name_and_an_existing_page(project: Path) -> None:
    bad = run_module("new_page", "Weitere Hinweise", "Titel", cwd=project)
    assert bad.returncode == 1 and "NAME=" in bad.stderr and "Traceback" not in bad.output
    existing = run_module("new_page", "impressum", "Impressum", cwd=project)
    assert existing.returncode == 1 and "exists already" in existing.stderr


def test_new_page_date_goes_into_the_stand_table_and_nothing_else_changes(tmp_path: Path) -> None:
    facts_file = tmp_path / "facts.toml"
    facts_file.write_text(
        '# dates\n[stand]\nimpressum = 2026-11-26\n\n# next\n[ministry]\nshort = "MKJFGFI"\n', encoding="utf-8"
    )
    text = new_page.add_stand_date(facts_file, "hinweise", dt.date(2026, 12, 1))
    assert text == (
        '# dates\n[stand]\nimpressum = 2026-11-26\nhinweise = 2026-12-01\n\n# next\n[ministry]\nshort = "MKJFGFI"\n'
    )
    with pytest.raises(new_page.PageError, match="already"):
        new_page.add_stand_date(facts_file, "impressum", dt.date(2026, 12, 1))
    facts_file.write_text("stand = 2026-11-26\n", encoding="utf-8")  # the old single date for every page
    with pytest.raises(new_page.PageError, match=r"no \[stand\] table"):
        new_page.add_stand_date(facts_file, "hinweise", dt.date(2026, 12, 1))
