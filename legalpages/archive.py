"""Build the earlier versions of the legal pages and their change views into the staged site.

Each earlier version (legalpages/versions.py) is built from its commit: that commit's docs/ and
locale/ (with its facts and translations as they were), built with *today's* conf.py and code, so it
has today's templates, switcher, footer, CSP and PDF. One Sphinx run per commit and language, however
many pages that commit is a version of; the result (pages and PDFs) is cached in
``_build/archive/<key>/`` under a key of the commit, today's code and the versions' validity, so
an unchanged version is never built again. A version that does not build with today's code fails
make site with a message that names it.

Site layout (the same file names in every language, beside the current page; stable once published):

- ``<lang>/<page>-fassung-<date>.html`` and ``<lang>/pdf/<page>-fassung-<date>.pdf``: the version of <date>;
- ``<lang>/<page>-aenderungen-<date>.html``: what the version of <date> changed against the one before,
  word by word, in the shell of the newer page (today's look), see ``change_view``.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from legalpages.extensions.earlier_versions import changes_file, long_date_iso, page_file
from legalpages.project import PROJECT, ROOT
from legalpages.sphinx_run import SphinxRun, Started, wait
from legalpages.versions import Version, git

ARCHIVE_FOLDER = "archive"
CODE_INPUTS = ("conf.py", "requirements.txt", "legalpages")
SOFT_HYPHEN = "\u00ad"


class ArchiveError(Exception):
    """An earlier version could not be built; the message names it."""


def archived(versions: dict[str, list[Version]], release: bool) -> dict[str, list[Version]]:
    """{commit: [versions built from it]}: every earlier version, pages for the team left out of a release."""
    by_commit: dict[str, list[Version]] = {}
    for page, page_versions in sorted(versions.items()):
        if release and page in PROJECT.internal_pages:
            continue
        for version in page_versions:
            if not version.current:
                by_commit.setdefault(version.commit, []).append(version)
    return by_commit


def code_fingerprint(root: Path = ROOT) -> str:
    """Today's code and settings, which every archived page is built with."""
    digest = hashlib.sha256(f"{PROJECT.site_url}\0{','.join(PROJECT.codes)}".encode())
    paths = []
    for name in CODE_INPUTS:
        path = root / name
        if path.is_dir():
            paths += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.is_file():
            paths.append(path)
    for path in paths:
        digest.update(f"\0{path.relative_to(root)}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def describe(commit: str, versions: list[Version], commit_time: str) -> dict:
    return {
        "commit": commit,
        "commit_time": commit_time,
        "pages": {v.page: {"date": v.key, "until": v.until.isoformat() if v.until else ""} for v in versions},
    }


def cache_key(code: str, description: dict) -> str:
    return hashlib.sha256(f"{code}\0{json.dumps(description, sort_keys=True)}".encode()).hexdigest()[:24]


@contextmanager
def source_date(epoch: str) -> Iterator[None]:
    """SOURCE_DATE_EPOCH of the version's commit, so its PDF carries the same dates in every build."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def name_of(versions: list[Version]) -> str:
    return ", ".join(f"{v.page} of {v.key}" for v in versions)


def extract(root: Path, commit: str, work: Path) -> None:
    """The commit's docs/ and locale/ (its texts, facts and translations), today's conf.py and code."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", commit, "docs", "locale"], capture_output=True, check=False
    )
    if archive.returncode != 0:
        raise ArchiveError(f"git archive {commit[:12]} failed: {archive.stderr.decode(errors='replace').strip()}")
    # Only folders and plain files with relative paths inside work: an allowlist of our own, since
    # tarfile's filter="data" needs Python 3.11.4 and Debian 12 has 3.11.2.
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        for member in tar:
            target = work / member.name
            inside = not Path(member.name).is_absolute() and ".." not in Path(member.name).parts
            if not inside or not (member.isdir() or member.isfile()):
                raise ArchiveError(f"{commit[:12]}:{member.name}: only plain files and folders can be built")
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())
    shutil.copy2(root / "conf.py", work / "conf.py")
    (work / "legalpages").symlink_to(root / "legalpages", target_is_directory=True)


def compile_old_catalogs(work: Path) -> Path:
    """The version's catalogs as its build uses them (fuzzy left out, as in catalogs.compile_catalogs)."""
    target = work / "_mo"
    runs = []
    for language in PROJECT.translated:
        for po in sorted((work / "locale" / language / "LC_MESSAGES").glob("*.po")):
            out = target / language / "LC_MESSAGES"
            out.mkdir(parents=True, exist_ok=True)
            command = ["msgfmt", "--check", "-o", str(out / f"{po.stem}.mo"), str(po)]
            runs.append((po, subprocess.Popen(command, stderr=subprocess.PIPE, text=True)))
    errors = [f"{po.relative_to(work)}: {run.communicate()[1].strip()}" for po, run in runs if run.wait() != 0]
    if errors:
        raise ArchiveError("its catalogs do not compile:\n" + "\n".join(errors))
    return target


@dataclass
class Build:
    commit: str
    versions: list[Version]
    description: dict
    target: Path  # the cache folder: <lang>/<page>-fassung-<date>.html and <lang>/pdf/…
    work: Path


def start(build: Build, root: Path) -> list[tuple[str, Started]]:
    extract(root, build.commit, build.work)
    locale_dir = compile_old_catalogs(build.work)
    description_file = build.work / "_archive.json"
    description_file.write_text(json.dumps(build.description, sort_keys=True), encoding="utf-8")
    env = os.environ | {"SOURCE_DATE_EPOCH": build.description["commit_time"]}
    processes = []
    for language in PROJECT.codes:
        run = SphinxRun(
            "html",
            build.work / "_html" / language,
            build.work / "_doctrees" / language,
            language,
            locale_dir,
            release=False,  # published as it was then; today's release rules check today's text
            overrides={"legalpages_archive": str(description_file)},
            root=build.work,  # every page: building only some warns that the search index is incomplete
        )
        processes.append((language, run.start(env)))
    return processes


def languages_of(page: str) -> tuple[str, ...]:
    """The languages a page is built in: a source-only page (Leichte Sprache) has no translation."""
    return (PROJECT.source_language,) if page in PROJECT.source_only_pages else PROJECT.codes


def finish(build: Build, pdf_cache: Path) -> None:
    from legalpages.pdf import PdfError, render_pdfs

    staged = build.target.with_name(build.target.name + ".new")
    if staged.exists():
        shutil.rmtree(staged)
    for version in build.versions:
        for language in languages_of(version.page):
            built = build.work / "_html" / language / f"{version.page}.html"
            (staged / language).mkdir(parents=True, exist_ok=True)
            shutil.copy2(built, staged / language / f"{page_file(version.page, version.key)}.html")
    with source_date(build.description["commit_time"]):
        try:
            render_pdfs(staged, pdf_cache)
        except PdfError as error:
            raise ArchiveError(f"the earlier version ({name_of(build.versions)}): its PDF failed:\n{error}") from None
    staged.rename(build.target)
    shutil.rmtree(build.work)


def build_versions(build_dir: Path, versions: dict[str, list[Version]], release: bool, root: Path = ROOT) -> list[Path]:
    """Build (or reuse) every earlier version; returns the cache folders, one per commit."""
    by_commit = archived(versions, release)
    if not by_commit:
        return []
    cache = build_dir / ARCHIVE_FOLDER
    code = code_fingerprint(root)
    builds = []
    for commit, commit_versions in by_commit.items():
        commit_time = git(root, "show", "-s", "--format=%ct", commit).strip()
        description = describe(commit, commit_versions, commit_time)
        key = cache_key(code, description)
        builds.append(Build(commit, commit_versions, description, cache / key, cache / "work" / commit[:12]))
    wanted = {build.target.name for build in builds}
    if cache.is_dir():  # versions that no longer exist or were built with other code
        for old in cache.iterdir():
            if old.name not in wanted and old.name != "work":
                shutil.rmtree(old)
    pending = [build for build in builds if not build.target.is_dir()]
    from legalpages.pdf import pdf_cache_folder  # WeasyPrint's modules only when a version is built

    pdf_cache = pdf_cache_folder(build_dir)
    parallel = max(1, (os.cpu_count() or 1) // len(PROJECT.codes))
    for batch_start in range(0, len(pending), parallel):
        batch = pending[batch_start : batch_start + parallel]
        running = [(build, start(build, root)) for build in batch]
        failed = [build for build, processes in running if any(wait(process) != 0 for _, process in processes)]
        if failed:
            names = "; ".join(f"{name_of(b.versions)} (commit {b.commit[:12]})" for b in failed)
            raise ArchiveError(
                f"the earlier version {names} does not build with today's code (Sphinx's messages above); "
                "fix today's code or extensions so that they accept it, since a published version cannot change"
            )
        for build in batch:
            finish(build, pdf_cache)
    return [build.target for build in builds]


# -- change views ------------------------------------------------------------------------------------

BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "th", "td", "div"}
LEAF_DIV = "line"  # the lines of an {address} block
LEAVE_OUT = ("version-notice", "earlier-versions", "binding-language", "translation-provenance")  # not the text


def has_class(element: etree._Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def blocks_of(page: Path) -> list[tuple[str, str]]:
    """The page's text as (tag, words) blocks in reading order: what a reader compares."""
    document = lxml_html.parse(str(page)).getroot()
    top = document.xpath("//article//section[not(ancestor::section)]")
    if not top:
        raise ArchiveError(f"{page.name}: no article section to compare")
    section = deepcopy(top[0])
    for element in section.xpath(".//a[contains(concat(' ', @class, ' '), ' headerlink ')]"):
        element.drop_tree()
    for name in LEAVE_OUT:
        for element in section.xpath(f".//*[contains(concat(' ', @class, ' '), ' {name} ')]"):
            element.drop_tree()
    result = []
    for element in section.iter():
        if not isinstance(element.tag, str) or element.tag not in BLOCKS:
            continue
        if element.tag == "div" and not has_class(element, LEAF_DIV):
            continue
        if any(isinstance(child.tag, str) and child.tag in BLOCKS for child in element.iterdescendants()):
            continue  # a list item with paragraphs: its paragraphs are the blocks
        text = " ".join(element.text_content().replace(SOFT_HYPHEN, "").split())
        if text:
            result.append((element.tag, text))
    return result


@dataclass
class Changes:
    words: dict[str, str]
    count: int = 0

    def mark(self, kind: str, text: str) -> str:
        """<ins> or <del> with its start and end announced: both are silent in most screen readers."""
        start, end = self.words[f"{kind}_start"], self.words[f"{kind}_end"]
        tag = "ins" if kind == "inserted" else "del"
        return (
            f'<{tag}><span class="visually-hidden">{html.escape(start)}: </span>{html.escape(text)}'
            f'<span class="visually-hidden"> ({html.escape(end)})</span></{tag}>'
        )

    def group(self, *marked: str) -> str:
        """One change (a deletion, an insertion or both): an anchor, and a link on to the next change."""
        self.count += 1
        number = self.count
        return f'<span class="change" id="change-{number}">{" ".join(marked)}</span>{{next:{number}}}'


def word_diff(old: str, new: str, changes: Changes) -> str:
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(html.escape(" ".join(new_words[b1:b2])))
            continue
        marked = []
        if a2 > a1:
            marked.append(changes.mark("deleted", " ".join(old_words[a1:a2])))
        if b2 > b1:
            marked.append(changes.mark("inserted", " ".join(new_words[b1:b2])))
        parts.append(changes.group(*marked))
    return " ".join(parts)


def block_html(tag: str, content: str) -> str:
    if tag.startswith("h"):
        level = min(6, int(tag[1]) + 1)  # the view's own h1 is its title
        return f"<h{level}>{content}</h{level}>"
    return f"<p>{content}</p>"


def diff_blocks(old: list[tuple[str, str]], new: list[tuple[str, str]], changes: Changes) -> list[str]:
    out = []
    matcher = difflib.SequenceMatcher(None, [t for _, t in old], [t for _, t in new], autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            out += [block_html(tag, html.escape(text)) for tag, text in new[b1:b2]]
            continue
        pairs = min(a2 - a1, b2 - b1)
        for index in range(pairs):
            out.append(block_html(new[b1 + index][0], word_diff(old[a1 + index][1], new[b1 + index][1], changes)))
        for tag, text in old[a1 + pairs : a2]:
            out.append(block_html(tag, changes.group(changes.mark("deleted", text))))
        for tag, text in new[b1 + pairs : b2]:
            out.append(block_html(tag, changes.group(changes.mark("inserted", text))))
    return out


def change_view(
    language: str, page: str, older: Version, newer: Version, old_page: Path, new_page: Path, site_url: str
) -> str:
    """The changes of `newer` against `older` in the shell of the newer page: today's look and links."""
    texts = PROJECT.languages[language].texts
    words = texts["versions"]
    locale = texts["locale"]
    changes = Changes(words)
    body = diff_blocks(blocks_of(old_page), blocks_of(new_page), changes)
    content = "\n".join(body)
    for number in range(1, changes.count + 1):
        following = (
            f' <a class="next-change" href="#change-{number + 1}">'
            f"{html.escape(words['next_change'].format(number=number + 1))}</a>"
            if number < changes.count
            else ""
        )
        content = content.replace(f"{{next:{number}}}", following, 1)
    document = lxml_html.parse(str(new_page)).getroot()
    heading = document.xpath("//article//h1")[0]
    for permalink in heading.xpath(".//a"):
        permalink.drop_tree()
    title = " ".join(heading.text_content().replace(SOFT_HYPHEN, "").split())
    new_date, old_date = long_date_iso(newer.key, locale), long_date_iso(older.key, locale)
    view_title = words["changes_title"].format(title=title, date=new_date, previous=old_date)
    newer_href = f"{page}.html" if newer.current else f"{page_file(page, newer.key)}.html"
    intro = words["changes_intro"].format(count=changes.count) if changes.count else words["changes_none"]
    first = f'<p><a href="#change-1">{html.escape(words["first_change"])}</a></p>' if changes.count else ""
    older_href = f"{page_file(page, older.key)}.html"
    back = (
        f'<p><a href="{newer_href}">{html.escape(words["back_to_page"].format(date=new_date))}</a> · '
        f'<a href="{older_href}">{html.escape(words["back_to_page"].format(date=old_date))}</a></p>'
    )
    section_html = (
        f'<section id="changes"><h1>{html.escape(view_title)}</h1>\n<p>{html.escape(intro)}</p>\n{first}{back}\n'
        f'<div class="changes">\n{content}\n</div>\n</section>'
    )
    article = document.xpath("//article")[0]
    binding = [deepcopy(e) for e in article.xpath(".//*[contains(concat(' ', @class, ' '), ' binding-language ')]")]
    switcher = [deepcopy(e) for e in article.xpath("./nav[contains(@class, 'language-switcher')]")]
    for child in list(article):
        article.remove(child)
    article.text = "\n"
    for element in switcher:
        article.append(element)
    section = lxml_html.fragment_fromstring(section_html)
    for element in binding:
        section.insert(1, element)
    article.append(section)
    name = changes_file(page, newer.key)
    relink(document, name, page, language, site_url, view_title)
    return "<!DOCTYPE html>\n" + lxml_html.tostring(document, encoding="unicode")


def relink(document: etree._Element, name: str, page: str, language: str, site_url: str, title: str) -> None:
    """Switcher, alternates and canonical of a change view; its table of contents is its own."""
    site_url = site_url.rstrip("/")
    for link in document.xpath("//nav[contains(@class, 'language-switcher')]//a[@hreflang]"):
        code = next(c for c, lang in PROJECT.languages.items() if lang.texts["hreflang"] == link.get("hreflang"))
        link.set("href", f"../{code}/{name}.html")
    for link in document.xpath("//link[@rel='alternate'][@hreflang]"):
        hreflang = link.get("hreflang")
        code = (
            PROJECT.source_language
            if hreflang == "x-default"
            else next(c for c, lang in PROJECT.languages.items() if lang.texts["hreflang"] == hreflang)
        )
        link.set("href", f"{site_url}/{code}/{name}.html" if site_url else f"../{code}/{name}.html")
    for link in document.xpath("//link[@rel='canonical']"):
        link.getparent().remove(link)
    head = document.xpath("//head")[0]
    canonical = etree.SubElement(head, "link", rel="canonical")
    canonical.set("href", f"{site_url}/{language}/{page}.html" if site_url else f"{page}.html")
    for element in document.xpath("//title"):
        project = PROJECT.languages[language].texts["project"]
        element.text = f"{title} - {project}"
    for toc in document.xpath("//*[contains(concat(' ', @class, ' '), ' toc-tree ')]"):
        toc.getparent().remove(toc)
    for link in document.xpath("//*[@aria-current='page']"):
        del link.attrib["aria-current"]


SIDEBAR_START = '<div class="sidebar-tree">'


def sidebar_span(text: str) -> tuple[int, int] | None:
    """Where the sidebar's navigation tree (furo's div.sidebar-tree) starts and ends in a page."""
    start = text.find(SIDEBAR_START)
    if start < 0:
        return None
    depth, position = 0, start
    for match in re.finditer(r"<div\b|</div>", text[start:]):
        depth += 1 if match.group() == "<div" else -1
        if depth == 0:
            position = start + match.end()
            return start, position
    return None


def todays_navigation(archived_page: Path, current_page: Path, page: str) -> None:
    """An archived page is built from its commit's docs/, so its sidebar lists the pages of then: give it
    the current page's sidebar (today's pages), whose entry for the page leads to the current version."""
    old, new = archived_page.read_text(encoding="utf-8"), current_page.read_text(encoding="utf-8")
    old_span, new_span = sidebar_span(old), sidebar_span(new)
    if old_span is None or new_span is None:
        return
    tree = new[new_span[0] : new_span[1]].replace('href="#"', f'href="{page}.html"')
    archived_page.write_text(old[: old_span[0]] + tree + old[old_span[1] :], encoding="utf-8")


def add_to_site(
    staging: Path, versions: dict[str, list[Version]], folders: list[Path], release: bool, views: Path | None = None
) -> None:
    """Copy the built versions into the staged site, give them today's navigation, and write every change
    view (both languages). views: a folder that keeps the change views, each under a digest of its two
    pages (with today's navigation), its versions, today's code and the site URL, so that an unchanged
    view is not compared again in the next build; it then holds only this build's views."""
    for folder in folders:
        shutil.copytree(folder, staging, dirs_exist_ok=True)
    for commit_versions in archived(versions, release).values():
        for version in commit_versions:
            for language in languages_of(version.page):
                archived_page = staging / language / f"{page_file(version.page, version.key)}.html"
                todays_navigation(archived_page, staging / language / f"{version.page}.html", version.page)
    code = code_fingerprint()
    kept = set()
    for page, page_versions in sorted(versions.items()):
        if (release and page in PROJECT.internal_pages) or len(page_versions) < 2:
            continue
        for older, newer in itertools.pairwise(page_versions):
            for language in languages_of(page):
                old_page = staging / language / f"{page_file(page, older.key)}.html"
                new_name = page if newer.current else page_file(page, newer.key)
                new_page = staging / language / f"{new_name}.html"
                digest = hashlib.sha256(f"{code}\0{language}\0{page}\0{older!r}\0{newer!r}\0".encode())
                digest.update(old_page.read_bytes() + b"\0" + new_page.read_bytes())
                kept_view = views / f"{digest.hexdigest()}.html" if views else None
                if kept_view and kept_view.is_file():
                    view = kept_view.read_text(encoding="utf-8")
                else:
                    view = change_view(language, page, older, newer, old_page, new_page, PROJECT.site_url)
                    if kept_view:
                        views.mkdir(parents=True, exist_ok=True)
                        kept_view.write_text(view, encoding="utf-8")
                if kept_view:
                    kept.add(kept_view)
                (staging / language / f"{changes_file(page, newer.key)}.html").write_text(view, encoding="utf-8")
    if views and views.is_dir():
        for old_view in set(views.iterdir()) - kept:
            old_view.unlink()
