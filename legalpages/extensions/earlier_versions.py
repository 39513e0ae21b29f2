"""Earlier versions of the legal pages ("Frühere Fassungen"), read from the git history.

- Every page with a Stand date (docs/facts.toml, ``[stand]``) ends with a section listing its earlier
  versions: date and validity, the version as a page and as a PDF, the changes against the version
  before it, and the writer's note from docs/versions.toml. The section is added to the resolved
  doctree, so the history is read afresh each build and never cached in Sphinx's environment.
- The notes are written once, in German, in docs/versions.toml. The gettext builder extracts each
  note into the catalog of its page (it sees the resolved doctree), and a translated page shows the
  note's translation from that catalog; an untranslated note stays German, marked as such.
- In an archive build (legalpages/archive.py sets ``legalpages_archive``), the built page is an earlier
  version: it gets the notice "Diese Fassung galt vom … bis …" with a link to the current page, a
  canonical link to the current page, a switcher to the same version in the other language, its own
  PDF link, and the provenance of its own commit.

File names (stable once published, the same in every language, next to the current page):
``<lang>/<page>-fassung-<date>.html``, its PDF ``<lang>/pdf/<page>-fassung-<date>.pdf``, and the
changes a version brought ``<lang>/<page>-aenderungen-<date>.html``, all with the ISO date of the version.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from os import path
from pathlib import Path
from typing import Any

from babel.dates import format_date
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import init as init_locale
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

from legalpages.extensions.settings import language_settings, split_notice
from legalpages.versions import NOTES

logger = logging.getLogger(__name__)

NOTES_FILE = NOTES  # docs/versions.toml
SECTION_ID = "earlier-versions"
# What each language entry of legalpages_languages (conf.py) says under "versions".
TEXTS = (
    "title",  # the section's heading
    "none",  # no earlier version yet
    "since",  # {date}: since when the current version is valid
    "line",  # {date}, {valid_from}, {valid_until}: one earlier version
    "page",  # link text: the version as a page
    "pdf",  # link text: its PDF
    "changes",  # {date}: link text to the changes against the version of {date}
    "first",  # the oldest version has nothing to compare with
    "notice_title",  # the archived page's notice
    "notice",  # {valid_from}, {valid_until}; [text] links to the current page
    "window_title",  # {title}, {date}: the archived page's window title
    "changes_title",  # {title}, {date}, {previous}: the change view's heading
    "changes_intro",  # {count}: how the change view marks changes
    "changes_none",  # nothing in the text changed (e.g. only a fact's format)
    "inserted_start",
    "inserted_end",
    "deleted_start",
    "deleted_end",
    "next_change",  # {number}: the link from one change to the next
    "first_change",  # link to the first change
    "back_to_page",  # link from the change view to the version it shows
)


def page_file(page: str, key: str) -> str:
    return f"{page}-fassung-{key}"


def changes_file(page: str, key: str) -> str:
    return f"{page}-aenderungen-{key}"


def texts(config: Any) -> dict[str, str]:
    return language_settings(config)["versions"]


def long_date(day: dt.date | str, config: Any) -> str:
    return long_date_iso(day, language_settings(config)["locale"])


def long_date_iso(day: dt.date | str, locale: str) -> str:
    """ "2026-11-26" -> "26. November 2026" (de_DE), "26 November 2026" (en_GB)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return format_date(day, format="long", locale=locale)


def read_notes(root: Path) -> tuple[dict[str, dict[str, tuple[str, int]]], list[str]]:
    """{page: {date: (note, line)}} from docs/versions.toml, and its problems as `file:LINE: …` lines."""
    notes_path = root / NOTES_FILE
    if not notes_path.is_file():
        return {}, []
    text = notes_path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return {}, [f'{NOTES_FILE}:1: not valid TOML: {error}; write [page] and then "YYYY-MM-DD" = "note"']
    notes: dict[str, dict[str, tuple[str, int]]] = {}
    problems = []
    lines = text.splitlines()
    for page, entries in data.items():
        if not isinstance(entries, dict):
            problems.append(f"{NOTES_FILE}:1: {page!r} must be a table [{page}] of dated notes")
            continue
        for key, note in entries.items():
            line = next((n for n, content in enumerate(lines, 1) if content.lstrip().startswith(f'"{key}"')), 1)
            if isinstance(key, str) and isinstance(note, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", key):
                notes.setdefault(page, {})[key] = (note.strip(), line)
            else:
                problems.append(f'{NOTES_FILE}:{line}: write each note as "YYYY-MM-DD" = "what changed and why"')
    return notes, problems


def check_texts(app: Sphinx, config: Any) -> None:
    missing = [name for name in TEXTS if not isinstance(language_settings(config).get("versions", {}).get(name), str)]
    if missing:
        logger.error(
            "%s: legalpages_languages[%r]['versions'] needs the texts %s",
            Path(app.confdir) / "conf.py",
            config.language,
            ", ".join(missing),
        )


def load_versions(app: Sphinx) -> None:
    """The versions of every page (from git), or this archive build's description."""
    app.legalpages_archive = None
    app.legalpages_versions = {}
    app.legalpages_notes = {}
    if app.config.legalpages_archive:
        app.legalpages_archive = json.loads(Path(app.config.legalpages_archive).read_text(encoding="utf-8"))
        return
    from legalpages.versions import VersionError, history

    root = Path(app.confdir)
    try:
        app.legalpages_versions = history(root)
    except VersionError as error:
        logger.error("earlier versions: %s", error)
    notes, problems = read_notes(root)
    for problem in problems:
        logger.error(problem)
    app.legalpages_notes = notes


def translated_note(app: Sphinx, docname: str, note: str) -> tuple[str, bool]:
    """The note in the page's language from the page's catalog: (text, translated?)."""
    config = app.config
    if config.language == config.legalpages_source_language:
        return note, True
    dirs = [path.join(app.env.srcdir, directory) for directory in config.locale_dirs]
    catalog, has_catalog = init_locale(dirs, config.language, docname_to_domain(docname, config.gettext_compact))
    if not has_catalog:
        return note, False
    text = catalog.gettext(note)
    return text, text != note


def note_paragraph(app: Sphinx, docname: str, note: str, line: int) -> nodes.paragraph:
    """A paragraph the gettext builder extracts (it has a source) and the HTML shows translated."""
    text, translated = translated_note(app, docname, note)
    paragraph = nodes.paragraph(note, text, classes=["version-note"])
    paragraph.source, paragraph.line = str(Path(app.confdir) / NOTES_FILE), line
    paragraph.uid = ""  # the gettext builder skips nodes without one (sphinx/builders/gettext.py, Catalog.add)
    if not translated:
        source = app.config.legalpages_source_language
        paragraph["classes"] += ["untranslated", f"language-{source}"]
    return paragraph


def paragraph_with_link(before: str, link_text: str, href: str, after: str = "") -> nodes.paragraph:
    paragraph = nodes.paragraph("", before)
    paragraph += nodes.reference("", link_text, refuri=href)
    if after:
        paragraph += nodes.Text(after)
    return paragraph


def earlier_versions_section(app: Sphinx, docname: str) -> nodes.section | None:
    config = app.config
    words = texts(config)
    page_versions = app.legalpages_versions.get(docname)
    notes = app.legalpages_notes.get(docname, {})
    if docname in config.legalpages_easy_language_pages:
        return None  # its words would not be Leichte Sprache, and only the standard-language pages bind
    if app.builder.name == "gettext":  # every note of the page becomes a message of its catalog
        section = nodes.section("", ids=[SECTION_ID])
        for note, line in notes.values():
            section += note_paragraph(app, docname, note, line)
        return section if notes else None
    if not page_versions:
        return None  # no history (not a repository of its own): nothing is known about versions
    section = nodes.section("", nodes.title("", words["title"]), ids=[SECTION_ID], classes=[SECTION_ID])
    current, earlier = page_versions[-1], page_versions[:-1]
    section += nodes.paragraph("", words["since"].format(date=long_date(current.date, config)))
    if earlier:
        section += paragraph_with_link(
            "",
            words["changes"].format(date=long_date(earlier[-1].date, config)),
            f"{changes_file(docname, current.key)}.html",
        )
    if current.key in notes:
        section += note_paragraph(app, docname, *notes[current.key])
    if not earlier:
        section += nodes.paragraph("", words["none"])
        return section
    items = nodes.bullet_list(classes=["version-list"])
    for index, version in reversed(list(enumerate(earlier))):
        item = nodes.list_item()
        line = words["line"].format(
            date=long_date(version.date, config),
            valid_from=long_date(version.date, config),
            valid_until=long_date(version.until, config),
        )
        heading = nodes.paragraph("", "")
        heading += nodes.strong("", line)
        item += heading
        links = nodes.paragraph("", "")
        links += nodes.reference("", words["page"], refuri=f"{page_file(docname, version.key)}.html")
        links += nodes.Text(" · ")
        links += nodes.reference("", words["pdf"], refuri=f"pdf/{page_file(docname, version.key)}.pdf")
        links += nodes.Text(" · ")
        if index:
            previous = long_date(earlier[index - 1].date, config)
            links += nodes.reference(
                "", words["changes"].format(date=previous), refuri=f"{changes_file(docname, version.key)}.html"
            )
        else:
            links += nodes.Text(words["first"])
        item += links
        if version.key in notes:
            item += note_paragraph(app, docname, *notes[version.key])
        items += item
    section += items
    return section


def archive_notice(app: Sphinx, docname: str, version: dict[str, str]) -> nodes.Element:
    words = texts(app.config)
    before, link_text, after = split_notice(
        words["notice"].format(
            valid_from=long_date(version["date"], app.config), valid_until=long_date(version["until"], app.config)
        )
    )
    notice = nodes.admonition("", classes=["version-notice"])
    notice += nodes.title("", words["notice_title"])
    notice += paragraph_with_link(before, link_text, f"{docname}.html", after)
    return notice


def add_sections(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    top = doctree.next_node(nodes.section)
    if top is None:
        return
    archive = app.legalpages_archive
    if archive is not None:
        version = archive["pages"].get(docname)
        if version:
            position = top.first_child_not_matching_class(nodes.title) or len(top)
            top.insert(position, archive_notice(app, docname, version))
        return
    section = earlier_versions_section(app, docname)
    if section is not None:
        top += section


def archive_provenance(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A translated archived page follows the German text of its own version, not today's: its provenance
    line (legalpages/extensions/provenance.py, which runs before) links that version's German page."""
    archive = app.legalpages_archive
    if archive is None or docname not in archive["pages"]:
        return
    name = page_file(docname, archive["pages"][docname]["date"])
    for box in doctree.findall(nodes.container):
        if "translation-provenance" in box["classes"]:
            for reference in box.findall(nodes.reference):
                reference["refuri"] = re.sub(rf"{re.escape(docname)}\.html$", f"{name}.html", reference["refuri"])


def archive_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node | None
) -> None:
    """An archived page's switcher, alternates, canonical link, PDF and provenance: its own version's.

    Runs after page_links and publishing (priority 600) have filled in the current page's."""
    archive = app.legalpages_archive
    if archive is None or pagename not in archive["pages"]:
        return
    config = app.config
    version = archive["pages"][pagename]
    name = page_file(pagename, version["date"])
    site_url = config.legalpages_site_url.rstrip("/")
    for alternate in context.get("legalpages_languages", []):
        alternate["href"] = f"../{alternate['code']}/{name}.html"
        alternate["alternate"] = f"{site_url}/{alternate['code']}/{name}.html" if site_url else alternate["href"]
    source = config.legalpages_source_language
    context["legalpages_x_default"] = f"{site_url}/{source}/{name}.html" if site_url else f"../{source}/{name}.html"
    if not site_url:  # with SITE_URL, Sphinx already writes html_baseurl + the current page's name
        context["pageurl"] = f"{pagename}.html"
    if context.get("legalpages_pdf"):
        context["legalpages_pdf"] = f"pdf/{name}.pdf"
    for link in context.get("legalpages_footer_links", []):
        link["current"] = False  # the current page is another one
    context["title"] = texts(config)["window_title"].format(
        title=context.get("title", ""), date=long_date(version["date"], config)
    )
    commit_day = dt.datetime.fromtimestamp(int(archive["commit_time"]), dt.UTC).date()
    context["legalpages_build"] = {"commit": archive["commit"][:7], "date": long_date(commit_day, config)}


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("legalpages.extensions.settings")
    app.setup_extension("legalpages.extensions.page_links")
    app.setup_extension("legalpages.publishing")
    # an archive build's description (legalpages/archive.py); "" for the current pages
    app.add_config_value("legalpages_archive", "", "env", types=[str])
    app.connect("config-inited", check_texts)
    app.connect("builder-inited", load_versions)
    app.connect("doctree-resolved", add_sections)
    app.connect("doctree-resolved", archive_provenance, priority=650)  # after provenance (600)
    app.connect("html-page-context", archive_links, priority=700)
    app.add_css_file("earlier-versions.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
