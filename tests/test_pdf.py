"""The PDFs: one per legal page and language, tagged PDF/UA-1, reproducible, linked from each page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pikepdf
import pyphen
import pytest
from babel.dates import format_date
from conftest import LANGUAGES, PAGES, ROOT, Run, run_module, soup
from fontTools.ttLib import TTFont

from legalpages.pdf import renderer_digest
from legalpages.project import PROJECT

LEGAL_PAGES = tuple(page for page in PAGES if page != "index")
PDF_LANG = {"de": "de-DE", "en": "en-GB"}
BABEL_LOCALE = {"de": "de_DE", "en": "en_GB"}
DATE_LABEL = {"de": "Stand:", "en": "Last updated:"}
PAGE_LABEL = {"de": "Seite {page} von {pages}", "en": "Page {page} of {pages}"}
LINK_LABEL = {"de": "Als PDF herunterladen", "en": "Download as PDF"}
FONT_FAMILY = "Atkinson Hyperlegible"
A4 = (595.28, 841.89)  # points
CONTENT = "article > section"  # the page's own text, as in test_site.py
HEADINGS = "h1, h2, h3, h4, h5, h6"
# German function words: a run of words shared with the German PDF that has one is German text.
GERMAN_WORDS = frozenset(
    re.findall(r"\S+", "der die das den dem des ein eine einer eines und oder ist sind wird werden nicht für mit von")
    + re.findall(r"\S+", "zu zur zum im auf bei nach sie wir ihre ihr über durch")
)
WEB_LINK = re.compile(r"^(mailto|tel|https?):")


def pdf_path(site: Path, language: str, page: str) -> Path:
    return site / language / "pdf" / f"{page}.pdf"


def content(site: Path, language: str, page: str) -> list:
    sections = soup(site / language / f"{page}.html").select(CONTENT)
    assert sections, f"{language}/{page}.html has no {CONTENT}"
    for permalink in [link for section in sections for link in section.select("a.headerlink")]:
        permalink.decompose()
    # lxml nests the text after a <wbr> (extensions/hyphenation.py) inside it; get_text(" ") would split there
    for break_point in [wbr for section in sections for wbr in section.select("wbr")]:
        break_point.unwrap()
    for section in sections:
        section.smooth()  # one string again where a <wbr> was
    return sections


def select(sections: list, selector: str) -> list:
    return [element for section in sections for element in section.select(selector)]


def text_of(element) -> str:
    """The text as the PDF has it: without the web pages' soft hyphens (legalpages/extensions/hyphenation.py)."""
    return " ".join(element.get_text(" ").replace("\u00ad", "").split())


def struct_roles(pdf: pikepdf.Pdf) -> list[str]:
    """Every structure element's role, depth first, read from the PDF's structure tree."""
    roles = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            roles.append(str(node.S)[1:])
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return roles


def pdftotext(path: Path, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (make test does it when run as root)")
    command = ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_pages_text(path: Path) -> list[str]:
    """The text of each page, in reading order (pdftotext joins words hyphenated at line ends)."""
    return pdftotext(path).split("\f")[:-1]


def flat(text: str) -> str:
    return " ".join(text.split())


def loose(text: str) -> str:
    """Without hyphens: pdftotext drops the one of a line end, also in "Nordrhein-|Westfalen"."""
    return flat(text.replace("-", ""))


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_pdf_per_page_that_has_one(site: Path, language: str) -> None:
    pdf_pages = PROJECT.pdf_pages  # the legal pages and kitchen-sink
    assert set(LEGAL_PAGES) <= set(pdf_pages) and "index" not in pdf_pages
    if language != PROJECT.source_language:  # a page for source-language readers only has no translation
        pdf_pages = tuple(page for page in pdf_pages if page not in PROJECT.source_only_pages)
    assert sorted((site / language / "pdf").iterdir()) == sorted(pdf_path(site, language, page) for page in pdf_pages)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_pdf_is_tagged_with_the_structure_of_the_page(site: Path, language: str, page: str) -> None:
    sections = content(site, language, page)
    with pikepdf.open(pdf_path(site, language, page)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        roles = struct_roles(pdf)
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
    for level in range(1, 7):
        assert roles.count(f"H{level}") == len(select(sections, f"h{level}")), f"H{level}"
    assert roles.count("H1") == 1
    # WeasyPrint tags per page: a paragraph, list or link split by a page break is two elements.
    assert roles.count("P") >= len(select(sections, "p")) > 0
    assert roles.count("L") >= len(select(sections, "ul, ol, dl"))
    assert roles.count("LI") >= len(select(sections, "li, dt, dd"))
    assert roles.count("Link") >= len(select(sections, "a[href]")) > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_some_pdf_has_tagged_lists(site: Path, language: str) -> None:
    """The list check above only counts; make sure it has lists to count."""
    with pikepdf.open(pdf_path(site, language, "datenschutz")) as pdf:
        roles = struct_roles(pdf)
    assert roles.count("L") > 0 and roles.count("LI") > 0 and roles.count("Lbl") > 0


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_language_title_and_window_title(site: Path, language: str, page: str) -> None:
    heading = text_of(select(content(site, language, page), "h1")[0])
    with pikepdf.open(pdf_path(site, language, page)) as pdf:
        assert str(pdf.Root.Lang) == PDF_LANG[language]
        title = str(pdf.docinfo.Title)
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == title
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert title.startswith(f"{heading} – ") and len(title) > len(heading) + 5


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_bookmarks_are_the_headings(site: Path, language: str, page: str) -> None:
    expected = [(int(h.name[1]) - 1, text_of(h)) for h in select(content(site, language, page), HEADINGS)]
    bookmarks = []

    def walk(items, depth: int) -> None:
        for item in items:
            bookmarks.append((depth, " ".join(item.title.split())))
            walk(item.children, depth + 1)

    with pikepdf.open(pdf_path(site, language, page)) as pdf, pdf.open_outline() as outline:
        walk(outline.root, 0)
    assert bookmarks == expected


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_links_are_clickable_and_lead_somewhere(site: Path, language: str, page: str) -> None:
    path = pdf_path(site, language, page)
    web_links = {a["href"] for a in select(content(site, language, page), "a[href]") if WEB_LINK.match(a["href"])}
    uris = set()
    with pikepdf.open(path) as pdf:
        destinations = set()
        if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
            destinations = {str(name) for name in pdf.Root.Names.Dests.Names[::2]}
        for pdf_page in pdf.pages:
            for annotation in pdf_page.get("/Annots", []):
                assert annotation.Subtype == "/Link"
                assert str(annotation.Contents), "PDF/UA: every link has a description"
                assert "/StructParent" in annotation, "every link is in the structure tree"
                if "/Dest" in annotation:
                    assert str(annotation.Dest) in destinations
                else:
                    uris.add(str(annotation.A.URI))
    assert web_links and {uri for uri in uris if WEB_LINK.match(uri)} == web_links
    for uri in uris - web_links:  # relative: another PDF or a web page of the site
        target = (path.parent / uri.partition("#")[0]).resolve()
        assert target.is_file() and site.resolve() in target.parents, uri


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_every_font_is_embedded_and_ours(site: Path, language: str, page: str) -> None:
    families = set()
    with pikepdf.open(pdf_path(site, language, page)) as pdf:
        for pdf_page in pdf.pages:
            for font in pdf_page.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                files = [key for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor]
                assert files, f"{font.BaseFont} is not embedded"
                assert files == ["/FontFile2"], f"{font.BaseFont}: {files}"
                embedded = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
                families.add(embedded["name"].getDebugName(1))
    assert families == {FONT_FAMILY}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_pdf_is_well_formed_and_names_no_machine_path(site: Path, language: str, page: str, tmp_path: Path) -> None:
    if shutil.which("qpdf") is None:
        pytest.fail("qpdf is missing: apt-get install qpdf (make test does it when run as root)")
    path = pdf_path(site, language, page)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    plain = tmp_path / "plain.pdf"  # every stream uncompressed, so a path would show
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(path), str(plain)], check=True)
    content = plain.read_bytes()
    for machine_path in (str(ROOT), str(site), "file:", "/tmp/"):
        assert machine_path.encode() not in content


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_pages_are_a4(site: Path, language: str, page: str) -> None:
    with pikepdf.open(pdf_path(site, language, page)) as pdf:
        for pdf_page in pdf.pages:
            box = [float(value) for value in pdf_page.MediaBox]
            assert box[:2] == [0, 0] and box[2:] == pytest.approx(A4, abs=0.1)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_text_has_headings_facts_date_header_and_page_numbers(site: Path, language: str, page: str) -> None:
    sections = content(site, language, page)
    pages = pdf_pages_text(pdf_path(site, language, page))
    heading = text_of(select(sections, "h1")[0])
    for number, text in enumerate(pages, start=1):
        assert text.strip().splitlines()[0] == heading, f"running header on page {number}"
        assert PAGE_LABEL[language].format(page=number, pages=len(pages)) in text
    text = loose("\n".join(pages))
    for element in select(sections, f"{HEADINGS}, .fact"):
        assert loose(text_of(element)) in text
    stand = tomllib.loads(PROJECT.facts_file.read_text(encoding="utf-8"))["stand"][page]  # each page's own
    date = format_date(stand, format="long", locale=BABEL_LOCALE[language])
    assert loose(f"{DATE_LABEL[language]} {date}") in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_words_are_hyphenated_by_the_rules_of_their_language(site: Path, language: str) -> None:
    dictionary = pyphen.Pyphen(lang=BABEL_LOCALE[language])
    breaks = []
    for page in LEGAL_PAGES:
        layout = pdftotext(pdf_path(site, language, page), "-layout")  # keeps the line-end hyphens
        breaks += re.findall(r"(\w+)-\n\s*([a-zäöüß]\w*)", layout)
    # "Gesetz- und Verordnungsblatt": a hyphen of the text, not of the line break
    breaks = [(start, end) for start, end in breaks if end not in {"und", "oder", "bis", "and", "or", "to"}]
    wrong = [f"{start}-{end}" for start, end in breaks if len(start) not in dictionary.positions(start + end)]
    assert len(breaks) >= 3 and wrong == []


def word_runs(text: str, facts: list[str], length: int = 5) -> set[tuple[str, ...]]:
    """Every run of `length` words that is not made of facts (names, addresses: the same in both)."""
    for fact in sorted(facts, key=len, reverse=True):
        text = text.replace(fact, " | ")
    runs = set()
    for part in text.split("|"):
        words = part.split()
        runs |= {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}
    return runs


@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_english_pdfs_contain_no_german_sentences(site: Path, page: str) -> None:
    facts = [text_of(fact) for code in LANGUAGES for fact in select(content(site, code, page), ".fact")]
    german = word_runs(flat("\n".join(pdf_pages_text(pdf_path(site, "de", page)))), facts)
    english = word_runs(flat("\n".join(pdf_pages_text(pdf_path(site, "en", page)))), facts)
    # Shared runs with a German function word are German sentences; English names may be shared.
    shared = [run for run in english & german if GERMAN_WORDS & {word.lower().strip(".,;:()„“") for word in run}]
    assert english and sorted(" ".join(run) for run in shared) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_each_legal_page_links_its_pdf_with_the_size(site: Path, language: str, page: str) -> None:
    html_page = site / language / f"{page}.html"
    links = soup(html_page).select("p.pdf-download a")
    if page == "index":
        assert links == []
        return
    assert len(links) == 1
    link = links[0]
    target = (html_page.parent / link["href"]).resolve()
    assert target == pdf_path(site, language, page).resolve() and target.is_file()
    assert link["type"] == "application/pdf"
    kilobytes = -(-target.stat().st_size // 1024)
    assert link.get_text() == f"{LINK_LABEL[language]} ({kilobytes} KB)"


def built_pdfs(site: Path) -> dict[Path, bytes]:
    return {path.relative_to(site): path.read_bytes() for path in sorted(site.glob("*/pdf/*.pdf"))}


@pytest.mark.e2e
def test_two_builds_give_byte_identical_pdfs(site: Path, site_built_again: Path) -> None:
    first, second = built_pdfs(site), built_pdfs(site_built_again)
    assert len(first) >= len(LANGUAGES) * len(LEGAL_PAGES)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.e2e
def test_character_missing_from_the_font_fails_the_build_with_its_line(project: Path) -> None:
    catalog = project / "locale" / "en" / "LC_MESSAGES" / "impressum.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    number = lines.index('msgstr "Purpose of the application"') + 1
    lines[number - 1] = 'msgstr "Purpose → of the application"'
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_dir = project / "_build"
    run = run_module("site", "--build-dir", str(build_dir), cwd=project)
    assert run.returncode != 0
    assert f"locale/en/LC_MESSAGES/impressum.po:{number}: U+2192" in run.output, run.output
    assert "Traceback" not in run.output
    assert not (build_dir / "site").exists(), "a failed PDF step must not publish the site"


@pytest.mark.e2e
def test_the_pdf_cache_renders_what_changed_gives_the_same_bytes_and_keeps_no_failure(
    project: Path, tmp_path: Path
) -> None:
    """make site copies a PDF whose print document, stylesheet, fonts and code it rendered before
    (legalpages.pdf.PdfCache), and renders the rest: exactly the PDFs that changed, byte for byte what
    a build without the cache renders. A PDF that failed is never kept, so the next build fails again."""
    cache, build_dir = tmp_path / "pdf-cache", project / "_build"

    def build(folder: Path, pdf_cache: Path = cache) -> Run:
        return run_module("site", "--build-dir", str(folder), cwd=project, pdf_cache=pdf_cache)

    assert build(build_dir).returncode == 0
    before, kept = built_pdfs(build_dir / "site"), set(cache.glob("*.pdf"))
    assert len(kept) == len(before) >= len(LANGUAGES) * len(LEGAL_PAGES)
    page = project / "docs" / "impressum.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nDieser Satz ist neu.\n", encoding="utf-8")
    run = build(build_dir)
    assert run.returncode == 0, run.output
    after = built_pdfs(build_dir / "site")
    changed = {name for name in after if after[name] != before[name]}
    assert Path("de/pdf/impressum.pdf") in changed and Path("de/pdf/datenschutz.pdf") not in changed
    assert len(set(cache.glob("*.pdf")) - kept) == len(changed), "only the changed PDFs were rendered"
    # the same site's PDFs rendered anew, without a cache (python -m legalpages.pdf never uses one)
    without_cache = shutil.copytree(build_dir / "site", tmp_path / "without-cache")
    for pdf in without_cache.glob("*/pdf/*.pdf"):
        pdf.unlink()
    assert run_module("pdf", str(without_cache), cwd=project).returncode == 0
    assert built_pdfs(without_cache) == after

    catalog = project / "locale" / "en" / "LC_MESSAGES" / "impressum.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Publisher", "Publisher →", 1), encoding="utf-8")
    for _ in range(2):
        run = build(build_dir)
        assert run.returncode != 0 and "U+2192" in run.output, run.output


def test_another_version_of_any_installed_distribution_renders_every_pdf_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache's key names each distribution by its metadata folder, name-version.dist-info."""
    before = renderer_digest.__wrapped__()
    (tmp_path / "pydyf-99.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    assert renderer_digest.__wrapped__() != before


def system_fonts() -> str:
    """CSS font-family naming the machine's default sans-serif font (as Fontconfig tells) and others."""
    families = ['"DejaVu Sans"', '"Liberation Sans"', "sans-serif"]
    if shutil.which("fc-match"):
        default = subprocess.run(["fc-match", "-f", "%{family[0]}", "sans-serif"], capture_output=True, text=True)
        families.insert(0, f'"{default.stdout.strip()}"')
    return ", ".join(families)


@pytest.mark.e2e
def test_weasyprint_warnings_fail_and_system_fonts_are_never_used(site: Path, project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    stylesheet = project / "legalpages" / "print.css"
    original = stylesheet.read_text(encoding="utf-8")
    stylesheet.write_text(original + "\nh2 { colour: red; }\n", encoding="utf-8")
    run = run_module("pdf", str(copy), cwd=project)
    assert run.returncode == 1
    assert "legalpages/print.css" in run.output and "colour" in run.output, run.output
    assert "Traceback" not in run.output
    # Ask for this machine's own fonts: the PDFs must still embed only ours.
    stylesheet.write_text(original + f"\nh1, h2, p {{ font-family: {system_fonts()}; }}\n", encoding="utf-8")
    run = run_module("pdf", str(copy), cwd=project)
    assert run.returncode == 0, run.output
    for path in copy.glob("*/pdf/*.pdf"):
        with pikepdf.open(path) as pdf:
            for font in pdf.pages[0].Resources.Font.values():
                embedded = TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
                assert embedded["name"].getDebugName(1) == FONT_FAMILY, path
