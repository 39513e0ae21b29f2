"""Accessible, reproducible PDFs of the legal pages, rendered from the built HTML with WeasyPrint.

Every built page that links its PDF (templates/page.html, with an empty ``span.pdf-size``) gets
``<lang>/pdf/<page>.pdf``: the page's own text (``article > section``, no furo chrome) is wrapped in a
minimal print document with the language, the title and our print.css, and rendered as tagged
PDF/UA-1. Then the span gets the file size ("Als PDF herunterladen (23 KB)").

Reproducible: the dates are SOURCE_DATE_EPOCH's, the file identifier is a hash of the content, and
Fontconfig is given a configuration without any folder (fonts/fonts.conf), so the only fonts are
print.css's ``@font-face`` files from legalpages/fonts (never whatever a machine has installed). Any WeasyPrint
warning or error, and any character missing from our fonts, fails the step.

``python -m legalpages.pdf SITE`` renders the PDFs of a built site folder again, in place (``make site``
calls render_pdfs on the staged site before it publishes).
"""

from __future__ import annotations

import argparse
import ctypes.util
import html
import logging
import multiprocessing
import os
import posixpath
import re
import string
import sys
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pyphen
from lxml import html as lxml_html

from legalpages.project import PROJECT

ROOT = Path(__file__).resolve().parent.parent
PRINT_CSS = Path(__file__).parent / "print.css"
FONTCONFIG_FILE = Path(__file__).parent / "fonts" / "fonts.conf"  # no font folder at all
PDF_SIZE = re.compile(r'(<span class="pdf-size">)[^<]*(</span>)')
PDF_FOLDER = "pdf"
FONT_FAMILY = "Atkinson Hyperlegible"
OPTIONS = {
    "pdf_variant": "pdf/ua-1",
    "pdf_tags": True,  # the API (unlike the command line) does not turn tags on for pdf/ua-1
    "pdf_identifier": True,  # /ID from the content: the same input gives the same bytes
}
WEB_SCHEMES = ("http", "https", "mailto", "tel")


class PdfError(Exception):
    """A PDF could not be made as it must be; the message says which and why."""


@dataclass(frozen=True)
class PdfJob:
    page: Path  # the built HTML page, <site>/<lang>/<name>.html
    language: str

    @property
    def target(self) -> Path:
        return self.page.parent / PDF_FOLDER / f"{self.page.stem}.pdf"

    def __str__(self) -> str:
        """For messages: the staged site they point into is gone when the build has failed."""
        return f"the PDF of {self.language}/{self.page.name} (docs/{self.page.stem}.md)"


def find_jobs(site: Path) -> list[PdfJob]:
    jobs = []
    for page in sorted(site.glob("*/*.html")):
        if PDF_SIZE.search(page.read_text(encoding="utf-8")):
            jobs.append(PdfJob(page, page.parent.name))
    return jobs


def source_date() -> str | None:
    """W3C date of SOURCE_DATE_EPOCH (the last commit); without it the PDF carries no date at all."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def print_link(href: str, job: PdfJob, has_pdf: set[str]) -> str:
    """A link of the web page as it must read in the PDF, which lives in <lang>/pdf/.

    A page that has a PDF is linked as that PDF, anything else as the file beside the web page.
    ``has_pdf`` holds site paths without suffix, e.g. "de/datenschutz".
    """
    parts = urlsplit(href)
    if href.startswith("#") or parts.scheme in WEB_SCHEMES:
        return href
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    target = posixpath.normpath(posixpath.join(job.language, parts.path))
    stem, suffix = posixpath.splitext(target)
    if suffix == ".html" and stem in has_pdf:
        folder, name = posixpath.split(stem)
        target = posixpath.join(folder, PDF_FOLDER, f"{name}.pdf")
    return posixpath.relpath(target, posixpath.join(job.language, PDF_FOLDER)) + fragment


def page_number_content(template: str) -> str:
    """ "Seite {page} von {pages}" -> the CSS content value "Seite " counter(page) " von " counter(pages)."""
    parts = []
    for text, field, _, _ in string.Formatter().parse(template):
        if text:
            parts.append('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
        if field is not None:
            if field not in ("page", "pages"):
                raise PdfError(f"conf.py: pdf_page {template!r}: only {{page}} and {{pages}} can be filled in")
            parts.append(f"counter({field})")
    return " ".join(parts)


def print_document(job: PdfJob, settings: dict[str, str], has_pdf: set[str], date: str | None) -> str:
    """The page's own text in a minimal print document: language, title, dates, page number text."""
    document = lxml_html.parse(str(job.page)).getroot()
    # the sections, and the footnotes MyST puts after the last section
    sections = document.xpath(
        "//article//section[not(ancestor::section)]"
        " | //article//aside[contains(@class, 'footnote')][not(ancestor::section)][not(ancestor::aside)]"
    )
    headings = document.xpath("//article//h1")
    if not sections or len(headings) != 1:
        raise PdfError(f"{job}: expected one article with one h1 in the built page; is page.html ours?")
    body = []
    for section in sections:
        section = deepcopy(section)
        for permalink in section.xpath(".//a[contains(concat(' ', @class, ' '), ' headerlink ')]"):
            permalink.drop_tree()
        for link in section.xpath(".//a[@href]"):
            link.set("href", print_link(link.get("href"), job, has_pdf))
        body.append(lxml_html.tostring(section, encoding="unicode"))
    heading = deepcopy(headings[0])
    for permalink in heading.xpath(".//a"):
        permalink.drop_tree()
    title = f"{heading.text_content().strip()} – {settings['project']}"
    page_number = page_number_content(settings["pdf_page"])
    dates = "".join(f'<meta name="dcterms.{name}" content="{date}">\n' for name in ("created", "modified") if date)
    return f"""<!doctype html>
<html lang="{settings["locale"].replace("_", "-")}">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
{dates}<style>@page {{ @bottom-right {{ content: {page_number}; }} }}</style>
</head>
<body>
<main>
{"".join(body)}
</main>
</body>
</html>
"""


class WeasyPrintMessages(logging.Handler):
    """Collects WeasyPrint's warnings and errors: it logs them and carries on, we must not."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def load_weasyprint() -> ModuleType:
    """WeasyPrint, imported with a Fontconfig configuration without fonts (set for this process).

    Fontconfig reads its configuration once, when WeasyPrint loads it: from then on the only fonts
    are print.css's @font-face files, never whatever a machine has installed.
    """
    os.environ["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
    with warnings.catch_warnings():
        # WeasyPrint checks Fontconfig on import; having no system fonts is what we want.
        warnings.filterwarnings("ignore", message="No fonts configured in FontConfig")
        try:
            with sonames_only():
                import weasyprint.text.fonts
        except OSError:  # a system whose libraries only the search finds: import as upstream does
            import weasyprint.text.fonts
    return weasyprint


@contextmanager
def sonames_only() -> Iterator[None]:
    """Workaround: importing WeasyPrint would start about 40 processes (half a second of CPU).

    WeasyPrint tries several names per library; cffi hands each name its dlopen cannot load to
    ctypes.util.find_library, which on Linux runs ldconfig and gcc (Kozea/WeasyPrint#1125, #2073).
    Each list also holds the soname (libpango-1.0.so.0), which dlopen loads without that search.
    """
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


def warm_up(languages: tuple[str, ...]) -> None:
    """Load WeasyPrint and the languages' hyphenation patterns (about a second for German) in the
    process that later forks the PDF workers, so that no worker pays for them again.

    make site runs this in a thread while the HTML builds run in their own processes.
    """
    load_weasyprint()
    settings = {code: language.texts for code, language in PROJECT.languages.items()}
    for language in languages:
        pyphen.Pyphen(lang=settings[language]["locale"])  # pyphen keeps the patterns per process


def source_line(character: str, job: PdfJob) -> str:
    """Where a writer or translator typed a character: the page, its catalog, or the facts."""
    candidates = [ROOT / "docs" / f"{job.page.stem}.md", PROJECT.facts_file]
    if job.language != PROJECT.source_language:
        candidates.insert(0, ROOT / "locale" / job.language / "LC_MESSAGES" / f"{job.page.stem}.po")
    for path in candidates:
        if path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if character in line:
                    return f"{path.relative_to(ROOT)}:{number}"
    return str(job)


def check_fonts(job: PdfJob, document) -> None:
    """Only our font, and every character in it (no system font can stand in: there is none)."""
    for font in document.fonts.values():
        if font.family != FONT_FAMILY:
            raise PdfError(f"{job}: font {font.family!r}; legalpages/print.css must use only {FONT_FAMILY!r}")
        for codepoint in sorted(font.missing):
            character = chr(codepoint)
            raise PdfError(
                f"{source_line(character, job)}: U+{codepoint:04X} {character!r} is not in the PDF font "
                f"{FONT_FAMILY}; use another character, or add a font that has it to legalpages/fonts and print.css"
            )


def raise_on_messages(where: str, messages: WeasyPrintMessages) -> None:
    if messages.messages:
        raise PdfError(f"{where}: WeasyPrint: " + "; ".join(messages.messages) + "; fix the cause, never ignore it")


def render_pdfs(site: Path) -> list[Path]:
    """Render every page's PDF and write its size into the page's link; returns the PDFs.

    One process per language, as many at once as there are cores: WeasyPrint's layout is pure
    Python, and each language loads its own hyphenation patterns.
    """
    jobs = find_jobs(site)
    if not jobs:
        raise PdfError(f"{site}: no page links a PDF; is legalpages/templates/page.html in use?")
    settings = {code: language.texts for code, language in PROJECT.languages.items()}
    for job in jobs:
        if job.language not in settings:
            raise PdfError(f"{job}: language {job.language!r} has no entry in legalpages_languages (conf.py)")
    has_pdf = {f"{job.language}/{job.page.stem}" for job in jobs}
    date = source_date()
    by_language: dict[str, list[PdfJob]] = {}
    for job in jobs:
        by_language.setdefault(job.language, []).append(job)
    warm_up(tuple(by_language))  # nearly free when make site has done it during the HTML build
    workers = min(len(by_language), os.cpu_count() or 1)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [
            pool.submit(render_jobs, language_jobs, settings[language], has_pdf, date)
            for language, language_jobs in by_language.items()
        ]
        for future in futures:
            future.result()  # re-raises a worker's PdfError here
    for job in jobs:
        size = f" ({size_text(job.target.stat().st_size)})"
        page_text = job.page.read_text(encoding="utf-8")
        job.page.write_text(PDF_SIZE.sub(rf"\g<1>{size}\g<2>", page_text), encoding="utf-8")
    return [job.target for job in jobs]


def render_jobs(jobs: list[PdfJob], settings: dict[str, str], has_pdf: set[str], date: str | None) -> None:
    """Render the PDFs of one language, in a worker process of its own."""
    weasyprint = load_weasyprint()
    messages = WeasyPrintMessages()
    logging.getLogger("weasyprint").addHandler(messages)
    font_config = weasyprint.text.fonts.FontConfiguration()  # one for all PDFs: the fonts load once
    stylesheet = weasyprint.CSS(filename=str(PRINT_CSS), font_config=font_config)
    raise_on_messages(str(PRINT_CSS.relative_to(ROOT)), messages)
    for job in jobs:
        source = print_document(job, settings, has_pdf, date)
        # No base URL: links stay relative, so no machine path ends up in the PDF.
        page = weasyprint.HTML(string=source)
        document = page.render(font_config=font_config, stylesheets=[stylesheet], **OPTIONS)
        job.target.parent.mkdir(exist_ok=True)
        document.write_pdf(job.target, **OPTIONS)
        check_fonts(job, document)  # first: its message names the source line
        raise_on_messages(str(job), messages)


def size_text(size: int) -> str:
    """File size as readers know it from downloads: "23 KB", rounded up so it is never 0."""
    return f"{-(-size // 1024)} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the PDFs of a built site folder.")
    parser.add_argument("site", type=Path)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        pdfs = render_pdfs(args.site.resolve())
    except PdfError as error:
        print(f"pdf: {error}", file=sys.stderr)
        return 1
    print(f"{len(pdfs)} PDFs in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
