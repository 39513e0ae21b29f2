"""The published site: both languages, language links, redirects, and English that is English."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import email_validator
import phonenumbers
import pytest
from conftest import LANGUAGES, PAGES, run_module, soup

from legalpages.linkcheck import check_site

TEXT_BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, div.line, th, td"
CONTENT = "article > section"  # the page's own text, without the language switcher


def other(language: str) -> str:
    return next(code for code in LANGUAGES if code != language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_exists_with_its_language(site: Path, language: str, page: str) -> None:
    document = soup(site / language / f"{page}.html")
    assert document.html["lang"] == language
    assert document.select_one("article h1"), "every page has exactly one top-level heading"
    assert len(document.select("article h1")) == 1


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_switcher_links_to_the_same_page_in_the_other_language(site: Path, language: str, page: str) -> None:
    page_path = site / language / f"{page}.html"
    links = soup(page_path).select("nav.language-switcher a")
    assert len(links) == 1
    link = links[0]
    target_language = other(language)
    assert link["hreflang"] == target_language
    assert link["lang"] == target_language
    assert link.get_text(strip=True) == {"de": "Deutsch", "en": "English"}[target_language]
    target = (page_path.parent / link["href"]).resolve()
    assert target == (site / target_language / f"{page}.html").resolve()
    assert target.is_file()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_hreflang_alternates_are_complete(site: Path, language: str, page: str) -> None:
    page_path = site / language / f"{page}.html"
    alternates = {link["hreflang"]: link["href"] for link in soup(page_path).select('head link[rel="alternate"]')}
    assert set(alternates) == {*LANGUAGES, "x-default"}
    expected = {code: site / code / f"{page}.html" for code in LANGUAGES} | {"x-default": site / "de" / f"{page}.html"}
    for code, href in alternates.items():
        assert (page_path.parent / href).resolve() == expected[code].resolve(), code


def fact_only(element) -> bool:
    """A block whose words are all facts (names, addresses) is the same in every language."""
    text = element.get_text()
    for span in element.select(".fact"):
        text = text.replace(span.get_text(), "")
    return not any(character.isalpha() for character in text)


@pytest.mark.parametrize("page", PAGES)
def test_english_pages_contain_no_german_text(site: Path, page: str) -> None:
    german = {
        block.get_text(" ", strip=True)
        for block in soup(site / "de" / f"{page}.html").select(f"{CONTENT} :is({TEXT_BLOCKS})")
    }
    english = soup(site / "en" / f"{page}.html").select(f"{CONTENT} :is({TEXT_BLOCKS})")
    untranslated = [
        block.get_text(" ", strip=True)
        for block in english
        if block.get_text(" ", strip=True) in german and not fact_only(block)
    ]
    assert english and untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_mailto_and_tel_links_are_well_formed(site: Path, language: str) -> None:
    seen = 0
    for page in PAGES:
        for link in soup(site / language / f"{page}.html").select('a[href^="mailto:"], a[href^="tel:"]'):
            scheme, _, value = link["href"].partition(":")
            if scheme == "mailto":
                email_validator.validate_email(value, check_deliverability=False)
                assert link.get_text(strip=True) == value
            else:
                assert value.startswith("+") and value[1:].isdigit(), value
                assert phonenumbers.is_valid_number(phonenumbers.parse(value))
            seen += 1
    assert seen >= 8


def test_every_internal_link_and_fragment_resolves(site: Path) -> None:
    assert check_site(site) == []


def test_links_are_relative_so_the_site_works_from_any_path(site: Path) -> None:
    for page in site.glob("**/*.html"):
        # the 404 page's <base> is absolute on purpose (tests/test_publishing.py)
        for element in soup(page).select("[href]:not(base), [src]"):
            url = element.get("href") or element.get("src")
            parts = urlsplit(url)
            assert not url.startswith("/"), f"{page}: {url}"
            assert parts.scheme in {"", "http", "https", "mailto", "tel"}, f"{page}: {url}"


def test_root_page_sends_visitors_to_german_without_javascript(site: Path) -> None:
    document = soup(site / "index.html")
    refresh = document.select_one('meta[http-equiv="refresh"]')
    assert refresh["content"].endswith("url=de/index.html")
    assert document.select_one('a[href="de/index.html"]')
    assert not document.select("script")


def test_broken_link_in_built_site_is_found(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "en" / "impressum.html"
    page.write_text(page.read_text().replace('href="#', 'href="#missing-', 1))
    broken = check_site(copy)
    assert len(broken) == 1 and "en/impressum.html" in str(broken[0]) and "missing-" in str(broken[0])


@pytest.mark.e2e
def test_broken_myst_fails_with_file_and_line_and_keeps_the_published_site(project: Path) -> None:
    build_dir = project / "_build"
    assert run_module("site", "--build-dir", str(build_dir), cwd=project).returncode == 0
    published = {path: path.read_bytes() for path in (build_dir / "site").glob("**/*") if path.is_file()}
    page = project / "docs" / "impressum.md"
    lines = page.read_text().splitlines()
    lines.insert(5, "\n```{nosuchdirective}\ntext\n```\n")
    page.write_text("\n".join(lines))
    run = run_module("site", "--build-dir", str(build_dir), cwd=project)
    assert run.returncode != 0
    assert "docs/impressum.md:7" in run.output, run.output
    assert "nosuchdirective" in run.output
    assert {path: path.read_bytes() for path in (build_dir / "site").glob("**/*") if path.is_file()} == published


@pytest.mark.e2e
def test_a_second_build_shows_an_edited_translation(project: Path) -> None:
    """Incremental builds reuse doctrees; an edited msgstr must still reach its page."""
    build_dir = project / "_build"
    assert run_module("site", "--build-dir", str(build_dir), cwd=project).returncode == 0
    catalog = project / "locale/en/LC_MESSAGES/impressum.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgstr "Publisher"', 'msgstr "Publishers"'))
    run = run_module("site", "--build-dir", str(build_dir), cwd=project)
    assert run.returncode == 0, run.output
    headings = [h.get_text(strip=True).rstrip("¶") for h in soup(build_dir / "site/en/impressum.html").select("h2")]
    assert "Publishers" in headings
