"""Earlier versions as pages and PDFs, their change views, and the section on every legal page
(legalpages/archive.py, legalpages/extensions/earlier_versions.py), built from a real repository with
a history of versions (tests/history_repo.py) by the real make site code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import fitz
import pytest
from conftest import LANGUAGES, soup
from history_repo import FIRST, IMPRESSUM, PRIVACY_SECOND, SECOND, THIRD, edit
from history_repo import git as repo_git

from legalpages import archive
from legalpages.extensions.earlier_versions import changes_file
from legalpages.linkcheck import check_site
from legalpages.pdf import PDF_CACHE
from legalpages.project import PROJECT
from legalpages.versions import history

NOTICE = {
    "de": "Diese Fassung galt vom 10. Januar 2026 bis 28. Februar 2026.",
    "en": "This version was valid from 10 January 2026 to 28 February 2026.",
}


# One build of the history repository and its site per test run (conftest.history_repo); it runs the whole
# make site command, so these tests are the e2e layer. The repository's earlier versions come from two
# commits: two archive builds. One xdist worker runs these and the browser tests of the same site
# (test_browser_versions.py), so no other worker waits for the build.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("history-site")]


@pytest.fixture(scope="module")
def repo(history_repo: Path) -> Path:
    return history_repo


@pytest.fixture(scope="module")
def site(history_repo: Path) -> Path:
    return history_repo / "_build" / "site"


def words(elements: list) -> list[str]:
    """The words an <ins> or <del> marks, without the visually hidden announcements."""
    found = []
    for element in elements:
        for hidden in element.select(".visually-hidden"):
            hidden.decompose()
        found.append(element.get_text(" ", strip=True))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_earlier_version_is_a_page_and_a_pdf(site: Path, language: str) -> None:
    expected = {"impressum": [FIRST, SECOND], "datenschutz": [FIRST]}
    for page, keys in expected.items():
        for key in keys:
            assert (site / language / f"{page}-fassung-{key}.html").is_file()
            with fitz.open(site / language / "pdf" / f"{page}-fassung-{key}.pdf") as pdf:
                text = "".join(p.get_text() for p in pdf).replace("\u00ad", "")
            assert ("galt vom" if language == "de" else "was valid from") in text, "the PDF carries the notice"
    assert not list((site / language).glob(f"impressum-fassung-{THIRD}*")), "the current version is the page"
    assert not list((site / language).glob("barrierefreiheit-fassung-*")), "one date: no earlier version"


def test_each_version_has_its_text_translation_and_facts_as_they_were(site: Path) -> None:
    first_de = soup(site / "de" / f"impressum-fassung-{FIRST}.html").get_text()
    assert "Anschrift wie oben." in first_de and "Anschrift steht" not in first_de
    first_en = soup(site / "en" / f"impressum-fassung-{FIRST}.html").get_text()
    assert "Same address as above." in first_en, "the later translation fix belongs to the version"
    assert "837-2200" in soup(site / "de" / f"datenschutz-fassung-{FIRST}.html").get_text()
    assert "837-2299" in soup(site / "de" / "datenschutz.html").get_text(), "the fact as it is now"
    assert "Die Anschrift steht weiter oben." in soup(site / "de" / "impressum.html").get_text().replace("\u00ad", "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_archived_page_says_it_is_no_longer_valid_and_leads_to_the_current_one(site: Path, language: str) -> None:
    other = next(code for code in LANGUAGES if code != language)
    page = soup(site / language / f"impressum-fassung-{FIRST}.html")
    notice = page.select_one("article .version-notice")
    assert notice is not None and NOTICE[language] in notice.get_text(" ", strip=True)
    assert notice.find_parent("section").find("h1") is not None, "at the top of the text, below its heading"
    assert notice.select_one("a")["href"] == "impressum.html"
    assert page.select_one("link[rel=canonical]")["href"] == "impressum.html"
    switcher = page.select_one(f"nav.language-switcher a[hreflang={other}]")
    assert switcher["href"] == f"../{other}/impressum-fassung-{FIRST}.html", "the same version in the other language"
    alternates = {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")}
    assert alternates[other] == f"../{other}/impressum-fassung-{FIRST}.html"
    assert page.select_one(".pdf-download a")["href"] == f"pdf/impressum-fassung-{FIRST}.pdf"
    assert page.select_one("meta[http-equiv=Content-Security-Policy]"), "today's look and policy"
    assert page.select_one("nav.legal-links a[aria-current]") is None, "the current page is another one"
    navigation = [a["href"] for a in page.select(".sidebar-tree a")]
    assert navigation == ["impressum.html", "barrierefreiheit.html", "datenschutz.html"], "today's navigation"
    if language != "de":
        provenance = page.select_one(".translation-provenance a")
        assert provenance["href"] == f"../de/impressum-fassung-{FIRST}.html", "the German text of its own version"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_legal_page_lists_its_earlier_versions(site: Path, language: str) -> None:
    section = soup(site / language / "impressum.html").select_one("section#earlier-versions")
    assert section is not None and section.find("h2").get_text(strip=True).startswith(
        "Frühere Fassungen" if language == "de" else "Earlier versions"
    )
    links = [a["href"] for a in section.select("a:not(.headerlink)")]
    assert links == [
        f"impressum-aenderungen-{THIRD}.html",
        f"impressum-fassung-{SECOND}.html",
        f"pdf/impressum-fassung-{SECOND}.pdf",
        f"impressum-aenderungen-{SECOND}.html",
        f"impressum-fassung-{FIRST}.html",
        f"pdf/impressum-fassung-{FIRST}.pdf",
    ]
    items = [li.get_text(" ", strip=True) for li in section.select("li")]
    assert ("1. März 2026" if language == "de" else "1 March 2026") in items[0]
    assert ("30. April 2026" if language == "de" else "30 April 2026") in items[0], "valid until the day before"
    none = soup(site / language / "barrierefreiheit.html").select_one("section#earlier-versions")
    assert none is not None and not none.select("li"), "a page with one date says it has no earlier version"


@pytest.mark.parametrize(
    ("language", "name", "deleted", "inserted"),
    [
        # each version's own Stand date changes too
        (
            "de",
            f"impressum-aenderungen-{SECOND}",
            ["837-2200", "wie", "10. Januar"],
            ["837-2299", "Die", "steht", "1. März"],
        ),
        ("de", f"impressum-aenderungen-{THIRD}", ["März"], ["weiter", "Mai"]),
        ("de", f"datenschutz-aenderungen-{PRIVACY_SECOND}", ["837-2200", "10. Januar"], ["837-2299", "1. April"]),
        (
            "en",
            f"impressum-aenderungen-{SECOND}",
            ["837-2200", "Same", "as", "10 January"],
            ["837-2299", "The", "is given", "1 March"],
        ),
        ("en", f"datenschutz-aenderungen-{PRIVACY_SECOND}", ["837-2200", "10 January"], ["837-2299", "1 April"]),
    ],
)
def test_change_views_mark_the_words_that_changed(
    site: Path, language: str, name: str, deleted: list[str], inserted: list[str]
) -> None:
    page = soup(site / language / f"{name}.html")
    changes = page.select_one(".changes")
    assert sorted(words(changes.select("del"))) == sorted(deleted)
    assert sorted(words(changes.select("ins"))) == sorted(inserted)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_change_view_announces_each_change_and_leads_from_one_to_the_next(site: Path, language: str) -> None:
    texts = PROJECT.languages[language].texts["versions"]
    page = soup(site / language / f"impressum-aenderungen-{SECOND}.html")
    for mark, kind in (("ins", "inserted"), ("del", "deleted")):
        for element in page.select(f".changes {mark}"):
            hidden = [span.get_text() for span in element.select(".visually-hidden")]
            assert len(hidden) == 2 and texts[f"{kind}_start"] in hidden[0] and texts[f"{kind}_end"] in hidden[1]
    changes = page.select(".changes .change[id]")
    assert [change["id"] for change in changes] == [f"change-{n}" for n in range(1, len(changes) + 1)]
    jumps = [a["href"] for a in page.select("a.next-change")]
    assert jumps == [f"#change-{n}" for n in range(2, len(changes) + 1)], "each change links the next"
    assert page.select_one("article a[href='#change-1']"), "the first change is one link away"
    other = next(code for code in LANGUAGES if code != language)
    switcher = page.select_one(f"nav.language-switcher a[hreflang={other}]")
    assert switcher["href"] == f"../{other}/impressum-aenderungen-{SECOND}.html"
    assert page.select_one("link[rel=canonical]")["href"] == "impressum.html"
    assert len(page.select("h1")) == 1 and page.find("html")["lang"] == language


def test_all_links_of_the_site_resolve(site: Path) -> None:
    assert check_site(site, site_url="") == []


def test_an_earlier_version_rebuilds_byte_for_byte_from_a_fresh_clone(repo: Path, site: Path, tmp_path: Path) -> None:
    """The first build and a fresh clone's build of one earlier version (its commit's pages and PDFs), and
    the change views written again: the same bytes. (One commit, not the whole site: the whole site's
    reproducibility is test_reproducible's, and this keeps the test run short.)"""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", repo.as_uri(), str(clone)], check=True)
    # the clone's own code, in a process of its own: WeasyPrint's libraries loaded into the test process
    # break the Chromium that the browser tests later start in it
    script = (
        "import sys; from pathlib import Path\n"
        "from legalpages import archive; from legalpages.versions import history\n"
        "versions = history(Path.cwd())\n"
        "second = {'impressum': versions['impressum'][1:]}  # the version of SECOND (its commit has no other)\n"
        "print(archive.build_versions(Path(sys.argv[1]), second, release=False, root=Path.cwd())[0])\n"
    )
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1", PDF_CACHE: str(tmp_path / "pdf-cache")}  # renders again
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path / "build")], cwd=clone, env=env,
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    built = Path(run.stdout.strip().splitlines()[-1])
    names = sorted(path.relative_to(built) for path in built.rglob("*") if path.is_file())
    assert [str(name) for name in names] == sorted(
        f"{language}/{folder}impressum-fassung-{SECOND}.{ext}"
        for language in LANGUAGES
        for folder, ext in (("", "html"), ("pdf/", "pdf"))
    )
    first_build = repo / "_build" / archive.ARCHIVE_FOLDER / built.name
    for name in names:
        assert (built / name).read_bytes() == (first_build / name).read_bytes(), name

    # the step that puts the versions into the site (today's navigation, change views), again
    again = tmp_path / "again"
    shutil.copytree(site, again)
    written = sorted(path.relative_to(site) for path in site.rglob("*-aenderungen-*.html"))
    written += sorted(path.relative_to(site) for path in site.rglob("*-fassung-*.html"))
    for name in written:
        (again / name).unlink()
    folders = archive.build_versions(repo / "_build", history(repo), release=False, root=repo)  # cached
    archive.add_to_site(again, history(repo), folders, release=False)
    for name in written:
        assert (again / name).read_bytes() == (site / name).read_bytes(), name


def test_a_kept_change_view_is_used_only_while_its_pages_are_unchanged(repo: Path, site: Path, tmp_path: Path) -> None:
    """make site keeps the change views (add_to_site's views folder): a kept view is used as long as both
    its pages are the same, and compared again as soon as one of them changed."""
    versions = history(repo)
    folders = archive.build_versions(repo / "_build", versions, release=False, root=repo)  # cached
    views = tmp_path / "views"

    def add_versions(folder: str, edit_current: bool = False) -> Path:
        staged = Path(shutil.copytree(site, tmp_path / folder))
        if edit_current:
            edit(staged, Path("de/impressum.html"), "vertreten durch das</p>", "ebenfalls vertreten durch das</p>")
        archive.add_to_site(staged, versions, folders, release=False, views=views)
        return staged / "de" / f"{changes_file('impressum', versions['impressum'][-1].key)}.html"

    view = add_versions("first")
    assert view.read_bytes() == (site / view.relative_to(tmp_path / "first")).read_bytes()
    kept = list(views.iterdir())
    assert len(kept) == len(list(site.rglob("*-aenderungen-*.html")))
    for path in kept:  # a kept view stands in for the comparison: mark each to see which one is used
        path.write_text(path.read_text(encoding="utf-8").replace("</body>", "<!-- kept --></body>"), encoding="utf-8")
    assert "<!-- kept -->" in add_versions("second").read_text(encoding="utf-8")
    changed = add_versions("third", edit_current=True).read_text(encoding="utf-8")
    assert "<!-- kept -->" not in changed, "the current page changed: compared again"
    assert "ebenfalls" in changed


def test_an_unchanged_version_is_reused(repo: Path, site: Path) -> None:
    cache = repo / "_build" / archive.ARCHIVE_FOLDER
    before = {folder.name: folder.stat().st_mtime_ns for folder in cache.iterdir() if folder.name != "work"}
    assert len(before) == 2, "one cache folder per commit that earlier versions come from"
    folders = archive.build_versions(repo / "_build", history(repo), release=False, root=repo)
    assert {folder.name for folder in folders} == set(before)
    after = {folder.name: folder.stat().st_mtime_ns for folder in cache.iterdir() if folder.name != "work"}
    assert after == before, "nothing was built again"


def test_a_version_that_does_not_build_with_todays_code_is_named(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", repo.as_uri(), str(clone)], check=True)
    versions = history(clone)
    # an earlier version whose page uses a fact its facts file lacks: it cannot build
    version = versions["impressum"][0]
    repo_git(clone, "checkout", "-q", version.commit)
    edit(clone, IMPRESSUM, "Anschrift wie oben.", "Anschrift: {fact}`ministry.nowhere`.")
    repo_git(clone, "commit", "-qam", "broken")
    commit = repo_git(clone, "rev-parse", "HEAD").strip()
    broken = {"impressum": [replace(version, commit=commit), versions["impressum"][-1]]}
    with pytest.raises(archive.ArchiveError, match=rf"impressum of {FIRST} \(commit {commit[:12]}\)"):
        archive.build_versions(tmp_path / "build", broken, release=False, root=clone)
