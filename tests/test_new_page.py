"""make new-page: a page that builds in both languages and appears in the navigation."""

from __future__ import annotations

from pathlib import Path

from conftest import LANGUAGES, run_module, soup


def test_new_page_builds_in_both_languages_and_is_in_the_navigation(project: Path) -> None:
    catalogs = {path: path.read_bytes() for path in (project / "locale").rglob("*.po")}
    run = run_module("new_page", "weitere-hinweise", "Weitere Hinweise", cwd=project)
    assert run.returncode == 0, run.output
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
        navigation = soup(project / "_build/site" / language / "index.html").select(".sidebar-tree a")
        assert "weitere-hinweise.html" in {link["href"] for link in navigation}


def test_new_page_refuses_a_bad_name_and_an_existing_page(project: Path) -> None:
    bad = run_module("new_page", "Weitere Hinweise", "Titel", cwd=project)
    assert bad.returncode == 1 and "NAME=" in bad.stderr and "Traceback" not in bad.output
    existing = run_module("new_page", "impressum", "Impressum", cwd=project)
    assert existing.returncode == 1 and "exists already" in existing.stderr
