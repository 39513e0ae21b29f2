"""The published tree under a SITE_URL: absolute canonical/hreflang URLs, sitemaps, robots.txt,
404 pages, server header samples, and the commit every page was built from."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import INTERNAL_PAGES, LANGUAGES, PAGES, ROOT, shared_site, soup
from lxml import etree

from legalpages.linkcheck import check_site
from legalpages.security import CONTENT_SECURITY_POLICY, SERVER_SAMPLES

SITE_URL = "https://legal.example.org/hfk/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as the publishing jobs build it, with SITE_URL: once per test run."""
    return shared_site(tmp_path_factory, "published", site_url=SITE_URL)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_canonical_and_alternates_are_absolute(published: Path, language: str, page: str) -> None:
    head = soup(published / language / f"{page}.html").head
    assert head.select_one('link[rel="canonical"]')["href"] == f"{SITE_URL}{language}/{page}.html"
    alternates = {link["hreflang"]: link["href"] for link in head.select('link[rel="alternate"]')}
    assert alternates == {
        "de": f"{SITE_URL}de/{page}.html",
        "en": f"{SITE_URL}en/{page}.html",
        "x-default": f"{SITE_URL}de/{page}.html",
    }


def test_absolute_links_under_the_site_url_resolve(published: Path) -> None:
    assert check_site(published, SITE_URL) == []


def test_sitemaps_list_every_page_with_both_alternates(published: Path) -> None:
    index = etree.parse(str(published / "sitemap.xml")).getroot()
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [f"{SITE_URL}{code}/sitemap.xml" for code in LANGUAGES]
    for language in LANGUAGES:
        urlset = etree.parse(str(published / language / "sitemap.xml")).getroot()
        entries = {
            url.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
            for url in urlset.iter(f"{SITEMAP}url")
        }
        readers_pages = set(PAGES) - set(INTERNAL_PAGES)
        assert set(entries) == {f"{SITE_URL}{language}/{page}.html" for page in readers_pages}
        for loc, alternates in entries.items():
            page = loc.rsplit("/", 1)[1]
            assert alternates == {code: f"{SITE_URL}{code}/{page}" for code in LANGUAGES}
            assert (published / language / page).is_file()


def test_robots_txt_names_the_sitemap(published: Path) -> None:
    lines = (published / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in lines and f"Sitemap: {SITE_URL}sitemap.xml" in lines


@pytest.mark.parametrize("path", ["404.html", "de/404.html", "en/404.html"])
def test_not_found_pages_work_at_any_depth(published: Path, path: str) -> None:
    document = soup(published / path)
    language = "en" if path.startswith("en") else "de"
    assert document.html["lang"] == language
    assert document.select_one("base")["href"] == f"/hfk/{language}/"
    hrefs = {link["href"] for link in document.select("article a[href]")}
    assert {"impressum.html", "datenschutz.html", "barrierefreiheit.html"} <= hrefs


def test_server_samples_carry_the_pages_policy(published: Path) -> None:
    for sample in SERVER_SAMPLES.iterdir():
        assert f"{CONTENT_SECURITY_POLICY}; frame-ancestors 'none'" in sample.read_text(), sample
    assert (published / ".htaccess").read_bytes() == (SERVER_SAMPLES / "htaccess").read_bytes()
    assert (published / "nginx-security-headers.conf").is_file()
    meta = soup(published / "de" / "impressum.html").select_one('meta[http-equiv="Content-Security-Policy"]')
    assert meta["content"] == CONTENT_SECURITY_POLICY


def test_every_page_names_the_commit_it_was_built_from(published: Path) -> None:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h"], capture_output=True, text=True, check=True
    ).stdout.strip()
    for language, words in {"de": "Erstellt aus Version", "en": "Built from version"}.items():
        for page in PAGES:
            text = soup(published / language / f"{page}.html").select_one(".build-provenance").get_text()
            assert text.startswith(f"{words} {commit} "), text


def test_without_site_url_nothing_is_absolute(site: Path) -> None:
    assert not (site / "sitemap.xml").exists()
    head = soup(site / "en" / "impressum.html").head
    assert head.select_one('link[rel="canonical"]') is None
    assert {link["href"] for link in head.select('link[rel="alternate"]')} == {
        "../de/impressum.html",
        "../en/impressum.html",
    }
