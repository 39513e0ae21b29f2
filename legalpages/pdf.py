"""Accessible, reproducible PDFs of the legal pages, rendered from the built HTML with WeasyPrint.

Every built page that links its PDF (templates/page.html, with an empty ``span.pdf-size``) gets
``<lang>/pdf/<page>.pdf``: the page's own text (``article > section``, no furo chrome) is wrapped in a
minimal print document with the language, the title and our print.css, and rendered as tagged
PDF/UA-1. Then the span gets the file size ("Als PDF herunterladen (23 KB)").

Reproducible: the dates are SOURCE_DATE_EPOCH's, the file identifier is a hash of the content, and
Fontconfig is given a configuration without any folder (fonts/fonts.conf), so the only fonts are
print.css's ``@font-face`` files from legalpages/fonts (never whatever a machine has installed). Any WeasyPrint
warning or error (an image without ``alt``, a page without ``lang``), and any character missing from our fonts,
fails the step with the page named.

WeasyPrint's PDF/UA tagging has known gaps (running headers tagged as content, list items without LBody,
link annotations without the Print flag or outside a Link element, empty Spans): ``fix_tagging`` repairs
them with pikepdf after WeasyPrint has written the file, each repair naming its upstream issue. Two
independent validators check the result (legalpages/pdf_validation.py).

``python -m legalpages.pdf SITE`` renders the PDFs of a built site folder again, in place (``make site``
calls render_pdfs on the staged site before it publishes).
"""

from __future__ import annotations

import argparse
import ctypes.util
import functools
import hashlib
import html
import logging
import multiprocessing
import os
import posixpath
import re
import shutil
import string
import sys
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pikepdf
from lxml import html as lxml_html

from legalpages import hyphenation_patterns
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
SOFT_HYPHEN = "\u00ad"
IMAGE_FILE = re.compile(r'src="(file://[^"]+)"')  # print_document's images


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
        move_empty_anchors(section)
        for break_point in section.xpath(".//wbr"):  # the web pages' break points in addresses
            break_point.drop_tag()
        for image in section.xpath(".//img[@src]"):
            # No base URL (see render_jobs): an image is loaded from its file; only its pixels enter the PDF.
            if not urlsplit(image.get("src")).scheme:
                image.set("src", (job.page.parent / image.get("src")).resolve().as_uri())
        body.append(lxml_html.tostring(section, encoding="unicode"))
    heading = deepcopy(headings[0])
    for permalink in heading.xpath(".//a"):
        permalink.drop_tree()
    title = f"{heading.text_content().strip()} – {settings['project']}"
    page_number = page_number_content(settings["pdf_page"])
    dates = "".join(f'<meta name="dcterms.{name}" content="{date}">\n' for name in ("created", "modified") if date)
    # The web pages' soft hyphens (legalpages/extensions/hyphenation.py) go: WeasyPrint hyphenates with pyphen itself.
    title, body = title.replace(SOFT_HYPHEN, ""), [part.replace(SOFT_HYPHEN, "") for part in body]
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


def move_empty_anchors(section) -> None:
    """MyST writes a label as an empty ``<span id>`` before its heading; WeasyPrint tags each as an empty
    Span in an anonymous block (outloud TAG-020; "useless Span tags", Kozea/WeasyPrint#2482). The id
    moves to the element that follows, so that links to it still land there."""
    for anchor in section.xpath(".//span[@id][not(node())]"):
        following = anchor.getnext()
        if following is not None and following.get("id") is None and not (anchor.tail or "").strip():
            following.set("id", anchor.get("id"))
            anchor.drop_tree()


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
    """Load WeasyPrint and the languages' hyphenation patterns (legalpages.hyphenation_patterns) in the
    process that later forks the PDF workers, so that no worker pays for them again.

    make site runs this in a thread while the HTML builds run in their own processes.
    """
    load_weasyprint()
    settings = {code: language.texts for code, language in PROJECT.languages.items()}
    for language in languages:
        hyphenation_patterns.dictionary(settings[language]["locale"])  # pyphen keeps them per process


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


def raise_on_messages(where: str, messages: WeasyPrintMessages, site: Path | None = None) -> None:
    if messages.messages:
        text = "; ".join(messages.messages)
        if site is not None:  # "file:///tmp/…/site/de/_images/x.png" -> "de/_images/x.png"
            text = text.replace(site.as_uri() + "/", "")
        raise PdfError(f"{where}: WeasyPrint: {text}; fix the cause, never ignore it")


def render_pdfs(site: Path, cache: Path | None = None) -> list[Path]:
    """Render every page's PDF and write its size into the page's link; returns the PDFs.

    One process per language, as many at once as there are cores: WeasyPrint's layout is pure
    Python, and each language loads its own hyphenation patterns. With a cache folder, a PDF whose
    inputs were all rendered before is copied from there instead (PdfCache).
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
    pdf_cache = PdfCache(cache, site) if cache else None
    by_language: dict[str, list[tuple[PdfJob, str, Path | None]]] = {}
    for job in jobs:
        source = print_document(job, settings[job.language], has_pdf, date)
        kept = pdf_cache.path(source) if pdf_cache else None
        if not (kept and PdfCache.copy(kept, job.target)):
            by_language.setdefault(job.language, []).append((job, source, kept))
    if by_language:
        warm_up(tuple(by_language))  # nearly free when make site has done it during the HTML build
        workers = min(len(by_language), os.cpu_count() or 1)
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(render_jobs, language_jobs) for language_jobs in by_language.values()]
            for future in futures:
                future.result()  # re-raises a worker's PdfError here
        if pdf_cache:
            pdf_cache.prune()
    for job in jobs:
        size = f" ({size_text(job.target.stat().st_size)})"
        page_text = job.page.read_text(encoding="utf-8")
        job.page.write_text(PDF_SIZE.sub(rf"\g<1>{size}\g<2>", page_text), encoding="utf-8")
    return [job.target for job in jobs]


def render_jobs(jobs: list[tuple[PdfJob, str, Path | None]]) -> None:
    """Render the PDFs of one language from their print documents, in a worker process of its own, and
    keep each in the PDF cache at the path given with it (PdfCache.path)."""
    weasyprint = load_weasyprint()
    messages = WeasyPrintMessages()
    logging.getLogger("weasyprint").addHandler(messages)
    font_config = weasyprint.text.fonts.FontConfiguration()  # one for all PDFs: the fonts load once
    stylesheet = weasyprint.CSS(filename=str(PRINT_CSS), font_config=font_config)
    raise_on_messages(str(PRINT_CSS.relative_to(ROOT)), messages)
    for job, source, kept in jobs:
        # No base URL: links stay relative, so no machine path ends up in the PDF.
        page = weasyprint.HTML(string=source)
        document = page.render(font_config=font_config, stylesheets=[stylesheet], **OPTIONS)
        job.target.parent.mkdir(exist_ok=True)
        document.write_pdf(job.target, **OPTIONS)
        check_fonts(job, document)  # first: its message names the source line
        raise_on_messages(str(job), messages, job.page.parent.parent)
        fix_tagging(job.target)
        if kept:
            PdfCache.keep(job.target, kept)  # only a PDF that passed every check


class PdfCache:
    """PDFs by a digest of everything that makes their bytes, so that a page whose print document is
    unchanged is not rendered again: in a writer's next make site, in each earlier version, and in the
    tests' many builds of copies (LEGALPAGES_PDF_CACHE). Only PDFs that passed every check are kept,
    so a failing page fails in every build. The digest covers the print document, with each image's
    bytes in place of its file path, and the renderer (renderer_digest)."""

    KEEP = 200  # the most recently used; a page has one PDF per language and version

    def __init__(self, folder: Path, site: Path) -> None:
        self.folder = folder
        self.site = site.resolve()  # the site whose pages' print documents are looked up
        self.renderer = renderer_digest()

    def path(self, source: str) -> Path:
        """Where the PDF of this print document is kept."""
        digest = hashlib.sha256(self.renderer.encode())
        for part in IMAGE_FILE.split(source):  # every second part is an image's file URI (print_document)
            image = Path(url2pathname(urlsplit(part).path)) if part.startswith("file://") else None
            # an image by its bytes: its path holds the staging folder, new in each build
            if image and image.is_relative_to(self.site) and image.is_file():
                part = hashlib.sha256(image.read_bytes()).hexdigest()
            digest.update(part.encode())
        return self.folder / f"{digest.hexdigest()}.pdf"

    @staticmethod
    def copy(kept: Path, target: Path) -> bool:
        """Copy a kept PDF to target; False if there is none."""
        target.parent.mkdir(exist_ok=True)
        try:
            shutil.copyfile(kept, target)
            os.utime(kept)  # recently used
        except FileNotFoundError:  # never kept, or just pruned by another build
            return False
        return True

    @staticmethod
    def keep(pdf: Path, kept: Path) -> None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        staged = kept.parent / f".{os.getpid()}.tmp"
        shutil.copyfile(pdf, staged)
        os.replace(staged, kept)  # whole or not at all, also with other builds at work

    def prune(self) -> None:
        """Keep the KEEP most recently used PDFs, once the build's workers have kept theirs."""
        used = {}
        for entry in self.folder.glob("*.pdf"):
            with suppress(FileNotFoundError):  # another build pruned it meanwhile
                used[entry] = entry.stat().st_mtime
        for old in sorted(used, key=used.__getitem__, reverse=True)[self.KEEP :]:
            old.unlink(missing_ok=True)


@functools.cache  # once per process: make site and each earlier version ask for it
def renderer_digest() -> str:
    """What makes a PDF's bytes besides its print document: print.css, its fonts, this module's code
    (the tagging repairs) and every installed distribution's version."""
    renderer = hashlib.sha256()
    for path in [PRINT_CSS, FONTCONFIG_FILE, Path(__file__), *sorted(PRINT_CSS.parent.glob("fonts/*"))]:
        renderer.update(f"\0{path.name}\0".encode() + path.read_bytes())
    # each distribution by its metadata folder's name, name-version.dist-info: reading every METADATA
    # file instead took 0.05 s of CPU in each build
    versions = sorted(
        entry.name
        for folder in sys.path
        if os.path.isdir(folder)
        for entry in os.scandir(folder)
        if entry.name.endswith((".dist-info", ".egg-info"))
    )
    renderer.update(f"{sys.version}\0{OPTIONS}\0{versions}".encode())
    return renderer.hexdigest()


PDF_CACHE = "LEGALPAGES_PDF_CACHE"  # environment: a cache folder shared by many build folders


def pdf_cache_folder(build_dir: Path) -> Path:
    """The build's own cache, or one shared by many build folders (the tests' copies, a CI cache)."""
    shared = os.environ.get(PDF_CACHE)
    return Path(shared) if shared else build_dir / "pdf-cache"


# -- Repairs of WeasyPrint's tagging -----------------------------------------------------------------
# WeasyPrint writes the structure tree as PDF/UA-1 needs it, with the gaps below. Each repair names its
# upstream issue; drop it when a WeasyPrint release with the fix is pinned and both validators still
# pass (tests/test_pdf_validation.py).

ANNOTATION_PRINT = 4  # /F bit 3: print the annotation as it is shown (PDF 1.7, 12.5.3)
ANNOTATION_HIDDEN = 1 | 2 | 32  # Invisible, Hidden, NoView


def fix_tagging(path: Path) -> None:
    """Repair the structure tree and annotations of a PDF WeasyPrint has written, in place.

    Deterministic: the same input gives the same bytes (the /ID is a hash of the content).
    """
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        tree = StructureTree(pdf)
        tree.mark_running_headers_as_artifacts()
        tree.fix_link_annotations()
        tree.fix_list_items()
        tree.remove_empty_elements()
        pdf.save(path, deterministic_id=True)


def kids_of(element: pikepdf.Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def is_element(kid) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and "/S" in kid


def refers_to(kid, annotation: pikepdf.Dictionary) -> bool:
    """Whether a kid is the object reference (/OBJR) to an annotation."""
    return isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid and kid.Obj.objgen == annotation.objgen


def role(kid) -> str | None:
    """ "/LI" for a structure element, None for anything else (a marked-content id, an annotation)."""
    return str(kid.S) if is_element(kid) else None


class StructureTree:
    """The structure tree of one PDF, with WeasyPrint's flat parent tree (/Nums, no /Kids) as a dict."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        parent_tree = self.root.ParentTree
        if "/Kids" in parent_tree:
            raise PdfError("the structure parent tree has /Kids; WeasyPrint changed, update fix_tagging")
        nums = parent_tree.Nums
        self.parents = {int(nums[index]): nums[index + 1] for index in range(0, len(nums), 2)}

    def save_parents(self) -> None:
        nums = pikepdf.Array()
        for key in sorted(self.parents):
            nums.append(key)
            nums.append(self.parents[key])
        self.root.ParentTree.Nums = nums

    def elements(self) -> list[pikepdf.Dictionary]:
        """Every structure element reachable from the root, parents before their children."""
        found, seen = [], set()
        stack = list(reversed(kids_of(self.root)))
        while stack:
            element = stack.pop()
            if not is_element(element) or element.objgen in seen:
                continue
            seen.add(element.objgen)
            found.append(element)
            stack.extend(reversed(kids_of(element)))
        return found

    def mark_running_headers_as_artifacts(self) -> None:
        """The page margins (title at the top, "Seite 1 von 3" at the bottom) become pagination artifacts.

        WeasyPrint marks their text as content and leaves it out of the tree (Kozea/WeasyPrint#1836, open):
        outloud PAG-001, Matterhorn 18-001. Their marked content becomes /Artifact, and their elements go.
        """
        reachable = {element.objgen for element in self.elements()}
        for page in self.pdf.pages:
            if "/StructParents" not in page:
                continue
            key = int(page.StructParents)
            owners = self.parents.get(key)
            if not isinstance(owners, pikepdf.Array):
                continue
            outside = {mcid for mcid, owner in enumerate(owners) if is_element(owner) and owner.objgen not in reachable}
            if not outside:
                continue
            instructions = pikepdf.parse_content_stream(page)
            for number, (operands, operator) in enumerate(instructions):
                if str(operator) != "BDC" or not isinstance(operands[1], pikepdf.Dictionary):
                    continue
                if int(operands[1].get("/MCID", -1)) in outside:
                    artifact = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
                    instructions[number] = pikepdf.ContentStreamInstruction(
                        [pikepdf.Name.Artifact, artifact], pikepdf.Operator("BDC")
                    )
            page.Contents = self.pdf.make_stream(pikepdf.unparse_content_stream(instructions))
            for mcid in outside:
                owners[mcid] = None
            self.parents[key] = owners
        self.save_parents()

    def fix_link_annotations(self) -> None:
        """Every link annotation printable and inside a /Link element.

        WeasyPrint gives an inline element inside a link (Sphinx's ``<a><span>…</span></a>``) an
        annotation of its own, tagged as that Span ("Support nested tags in anchors", Kozea/WeasyPrint#185,
        listed in #2482): page-validation PDFUA1-LINK-LINK-TAG-001, outloud LNK-001. The Link element's
        own annotation already covers the same area, so the inner one goes. WeasyPrint writes no /F
        (Matterhorn 28-xxx, outloud LNK-004; no upstream issue found): every annotation gets the Print flag.
        """
        for page in self.pdf.pages:
            if "/Annots" not in page:
                continue
            kept = pikepdf.Array()
            for annotation in page.Annots:
                key = int(annotation.get("/StructParent", -1))
                owner = self.parents.get(key)
                if role(owner) not in (None, "/Link") and self.inside_link(owner):
                    owner.K = pikepdf.Array([kid for kid in kids_of(owner) if not refers_to(kid, annotation)])
                    del self.parents[key]
                    continue
                annotation.F = (int(annotation.get("/F", 0)) | ANNOTATION_PRINT) & ~ANNOTATION_HIDDEN
                kept.append(annotation)
            page.Annots = kept
        self.save_parents()

    @staticmethod
    def inside_link(element: pikepdf.Dictionary) -> bool:
        parent = element.get("/P")
        while is_element(parent):
            if role(parent) == "/Link":
                return True
            parent = parent.get("/P")
        return False

    def fix_list_items(self) -> None:
        """Each /LI holds only /Lbl and /LBody, and a nested list sits in its item's /LBody.

        WeasyPrint puts a ``<li>``'s paragraphs straight into the LI (Kozea/WeasyPrint#1837, #2497):
        page-validation PDFUA1-LI-KIDS-001, outloud LST-002. It hoists a nested list out of its item
        into the parent list (Kozea/WeasyPrint#2874), where it reads as a separate list.
        """
        for element in self.elements():
            kids = kids_of(element)
            loose = [kid for kid in kids if role(kid) not in ("/Lbl", "/LBody")]
            if role(element) != "/LI" or not loose:
                continue
            labels = [kid for kid in kids if role(kid) == "/Lbl"]
            bodies = [kid for kid in kids if role(kid) == "/LBody"] or [self.new_element("/LBody", element)]
            for kid in loose:
                self.move(kid, bodies[-1])
            element.K = pikepdf.Array([*labels, *bodies])
        for element in self.elements():
            if role(element) != "/L":
                continue
            kids, previous_item = [], None
            for kid in kids_of(element):
                if role(kid) == "/L" and previous_item is not None:
                    self.move(kid, next(item for item in kids_of(previous_item) if role(item) == "/LBody"))
                    continue
                if role(kid) == "/LI":
                    previous_item = kid
                kids.append(kid)
            element.K = pikepdf.Array(kids)
        self.save_parents()

    def new_element(self, structure_type: str, parent: pikepdf.Dictionary) -> pikepdf.Dictionary:
        element = pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name(structure_type), P=parent, K=pikepdf.Array()
        )
        if "/Pg" in parent:
            element.Pg = parent.Pg
        return self.pdf.make_indirect(element)

    def move(self, kid, parent: pikepdf.Dictionary) -> None:
        """Append a kid (element, marked-content id or annotation reference) to another element."""
        parent.K = pikepdf.Array([*kids_of(parent), kid])
        if is_element(kid):
            kid.P = parent
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR:
            self.parents[int(kid.Obj.StructParent)] = parent
        else:  # a marked-content id on the page of the element it came from
            mcid = int(kid.MCID) if isinstance(kid, pikepdf.Dictionary) else int(kid)
            page = kid.Pg if isinstance(kid, pikepdf.Dictionary) and "/Pg" in kid else parent.Pg
            self.parents[int(page.StructParents)][mcid] = parent

    def remove_empty_elements(self) -> None:
        """Elements with no content, no kids and no /Alt or /ActualText (outloud TAG-020).

        WeasyPrint tags empty inline elements and the anonymous blocks around them (the "useless Span
        tags" of Kozea/WeasyPrint#2482); move_empty_anchors avoids most of them in the first place.
        """
        for element in reversed(self.elements()):  # children first: a parent may become empty
            kids = [kid for kid in kids_of(element) if not (is_element(kid) and self.is_empty(kid))]
            if len(kids) != len(kids_of(element)):
                element.K = pikepdf.Array(kids)
        self.root.K = pikepdf.Array([kid for kid in kids_of(self.root) if not (is_element(kid) and self.is_empty(kid))])

    @staticmethod
    def is_empty(element: pikepdf.Dictionary) -> bool:
        return not kids_of(element) and "/Alt" not in element and "/ActualText" not in element


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
