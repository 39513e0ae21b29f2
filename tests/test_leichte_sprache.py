"""The legal pages in Leichte Sprache (docs/leichte-sprache.md): German only, linked from every German
page, labelled, with its own PDF, short sentences, and no word broken at a line end but at a written
hyphen (BITV 2.0 Anlage 2 Teil 2), in the HTML and in the PDF. Site tests on the shared build; axe, the
label and the line breaks as Chromium lays them out are checked with every other page in tests/test_browser.py.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pymupdf
import pytest
from conftest import ROOT, soup

from legalpages import catalogs, placeholders
from legalpages.extensions.hyphenation import SOFT_HYPHEN
from legalpages.project import PROJECT

PAGE = "leichte-sprache"
SOURCE = PROJECT.source_language
MAX_WORDS = 15  # a sentence of more words is a long one in Leichte Sprache
MAX_LONG_SHARE = 0.05  # at most this share of the page's sentences may be long


def sentences(path: Path) -> list[str]:
    """The sentences of a built page's article: headings, paragraphs, list items and address lines,
    without the team's placeholders. A colon does not end a sentence ("Das Amt heißt: …")."""
    article = soup(path).select_one("article")
    for element in article.select(".placeholder, .headerlink"):
        element.decompose()
    blocks = [" ".join(block.get_text(" ").replace(SOFT_HYPHEN, "").split()) for block in article.select(
        "h1, h2, h3, p, div.line")]  # fmt: skip
    return [part for block in blocks for part in re.split(r"(?<=[.!?])\s+", block) if re.search(r"\w", part)]


def words(sentence: str) -> list[str]:
    return re.findall(r"[\w@.-]*\w", sentence)


def long_share(path: Path) -> float:
    found = sentences(path)
    return sum(len(words(sentence)) > MAX_WORDS for sentence in found) / len(found)


def test_the_sentences_are_short(site: Path) -> None:
    found = sentences(site / SOURCE / f"{PAGE}.html")
    long_ones = [sentence for sentence in found if len(words(sentence)) > MAX_WORDS]
    assert len(found) > 50
    assert len(long_ones) / len(found) <= MAX_LONG_SHARE, long_ones


def test_the_measure_tells_standard_language_from_leichte_sprache(site: Path) -> None:
    """The bound would catch a page written like the others: the privacy policy is far above it."""
    assert long_share(site / SOURCE / "datenschutz.html") > 3 * MAX_LONG_SHARE


def test_it_says_which_text_is_binding_and_links_every_legal_page(site: Path) -> None:
    article = soup(site / SOURCE / f"{PAGE}.html").select_one("article")
    text = " ".join(article.get_text(" ").split())
    assert "Rechtlich gelten nur die Texte in Standard-Sprache." in text
    links = {link["href"] for link in article.select("a.reference.internal[href]")}
    assert {"impressum.html", "datenschutz.html", "barrierefreiheit.html"} <= links


def test_it_has_no_section_of_earlier_versions_but_the_binding_pages_do(site: Path) -> None:
    """That section is in standard language, and the history that counts is the binding pages'."""
    assert soup(site / SOURCE / f"{PAGE}.html").select("section#earlier-versions") == []
    assert soup(site / SOURCE / "datenschutz.html").select("section#earlier-versions") != []


def test_it_takes_its_facts_from_the_facts_file() -> None:
    source = (ROOT / "docs" / f"{PAGE}.md").read_text(encoding="utf-8")
    assert not re.search(r"@|\+49|\d{5} ", source.replace("E-Mail", "")), "addresses and numbers are facts"
    for key in ("ministry.name", "hfk_office.email", "ldi.name", "ombudsstelle.name", f"stand.{PAGE}"):
        assert f"{{fact}}`{key}`" in source


def test_the_dgs_video_is_a_placeholder_with_its_technical_requirements() -> None:
    source = (ROOT / "docs" / f"{PAGE}.md").read_text(encoding="utf-8")
    [slot] = [text for text in re.findall(r"\{placeholder\}`([^`]+)`", source) if "Gebärdensprache" in text]
    for requirement in ("320 × 240 Pixel", "25 Bilder pro Sekunde", "DGS-Logo", "Dateigröße", "Spieldauer"):
        assert requirement in slot


def test_its_wording_waits_for_the_ministrys_review() -> None:
    """An open placeholder until the ministry has checked the text: make placeholders lists it, a release
    refuses it. Delete it with the review."""
    listed = [item for item in placeholders.find() if item.path.stem == PAGE]
    assert any("Freigabe" in item.text and "Ministerium" in item.text for item in listed), listed


def test_it_is_german_labelled_and_has_its_pdf(site: Path) -> None:
    page = soup(site / SOURCE / f"{PAGE}.html")
    assert page.html["lang"] == "de"
    label = page.select_one("article .easy-language-label, .easy-language-label")
    assert label.get_text(strip=True) == "Leichte Sprache" and label["lang"] == "de"
    assert page.select_one("p.pdf-download a")["href"] == f"pdf/{PAGE}.pdf"
    assert (site / SOURCE / "pdf" / f"{PAGE}.pdf").is_file()


def test_every_german_page_links_it_in_the_footer(site: Path) -> None:
    pages = sorted((site / SOURCE).glob("*.html"))
    assert len(pages) > 5
    for path in pages:
        links = soup(path).select(f'nav.legal-links a[href$="{PAGE}.html"]')
        assert len(links) == 1 and links[0]["lang"] == "de", path.name


@pytest.mark.parametrize("language", PROJECT.translated)
def test_no_other_language_has_it_or_links_it(site: Path, language: str) -> None:
    assert not (site / language / f"{PAGE}.html").exists()
    assert not (site / language / "pdf" / f"{PAGE}.pdf").exists()
    assert not (ROOT / "locale" / language / "LC_MESSAGES" / f"{PAGE}.po").exists()
    for path in (site / language).glob("*.html"):
        assert PAGE not in path.read_text(encoding="utf-8"), path.name
    german = soup(site / SOURCE / f"{PAGE}.html")
    assert german.select_one("nav.language-switcher") is None, "no other language to switch to"
    assert [link["hreflang"] for link in german.select('link[rel="alternate"][hreflang]')] == ["de", "x-default"]


def test_make_update_po_gives_it_no_catalog(tmp_path: Path) -> None:
    domains = {path.stem for path in catalogs.extract(tmp_path / "pot")}
    assert "impressum" in domains and PAGE not in domains


def test_the_html_has_no_soft_hyphens_or_css_hyphenation(site: Path) -> None:
    html = (site / SOURCE / f"{PAGE}.html").read_text(encoding="utf-8")
    assert SOFT_HYPHEN not in html and "&shy;" not in html
    assert soup(site / SOURCE / "impressum.html").get_text().count(SOFT_HYPHEN) > 0, "the other pages do have them"
    sections = soup(site / SOURCE / f"{PAGE}.html").select("article > section")
    assert sections and all("easy-language" in section["class"] for section in sections)
    for css in ("legalpages/static/legalpages.css", "legalpages/print.css"):
        rules = (ROOT / css).read_text(encoding="utf-8")
        assert re.search(r"\.easy-language[^{]*\{[^}]*hyphens: manual", rules), css


def pdf_line_breaks(path: Path) -> list[tuple[str, str]]:
    """(end of a line, start of the next) for every two lines of one text block of the PDF, as pymupdf reads them."""
    pairs = []
    with pymupdf.open(path) as document:
        for page in document:
            for block in page.get_text("dict")["blocks"]:
                lines = ["".join(span["text"] for span in line["spans"]) for line in block.get("lines", [])]
                pairs += [(first.rstrip(), second.lstrip()) for first, second in itertools.pairwise(lines)]
    return pairs


LIST_MARKERS = {"•", "–"}  # legalpages/print.css draws them in the item's first line


def broken_words(pdf: Path, page: Path) -> list[str]:
    """Words a line end splits other than at a hyphen the page's text has there."""
    text = soup(page).select_one("article").get_text(" ").replace(SOFT_HYPHEN, "")
    known = {token.strip(".,:;?!()„“") for token in text.split()}
    problems = []
    for first, second in pdf_line_breaks(pdf):
        if not first or not second or second.split()[0] in LIST_MARKERS:  # a new list item: no word goes on
            continue
        end, start = first.split()[-1].strip(".,:;?!()„“"), second.split()[0].strip(".,:;?!()„“")
        # "Bundes-|Land" is "Bundes-Land" in the text; a word without a hyphen must end where the line does
        whole = f"{end}{start}" in known or end in known if end.endswith("-") else end in known and start in known
        if not whole:
            problems.append(f"{end}|{start}")
    return problems


def test_no_word_in_the_pdf_breaks_but_at_a_written_hyphen(site: Path) -> None:
    pdf, page = site / SOURCE / "pdf" / f"{PAGE}.pdf", site / SOURCE / f"{PAGE}.html"
    assert len(pdf_line_breaks(pdf)) > 10
    assert broken_words(pdf, page) == []


def test_the_pdf_check_finds_hyphenated_words_in_a_standard_page(site: Path) -> None:
    """The same check on the Impressum, which WeasyPrint hyphenates: it must find breaks there."""
    assert broken_words(site / SOURCE / "pdf" / "impressum.pdf", site / SOURCE / "impressum.html")
