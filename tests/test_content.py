"""The legal texts: required sections in both languages, one source for contact data, citations,
the binding-language notice and the legal footer."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import phonenumbers
import pytest
from babel.messages.pofile import read_po
from conftest import LANGUAGES, PAGES, ROOT, run_module, soup

from legalpages import facts

# What the law and the content brief require, by label (section id), so a reworded heading still passes.
REQUIRED_SECTIONS = {
    "impressum": [
        "impressum-herausgeber",  # § 5 Abs. 1 Nr. 1, 2 DDG: name, address, fast contact
        "impressum-vertretung",
        "impressum-rechtsform",
        "impressum-ansprechstelle",
        "impressum-technik",
        "impressum-zweck",
        "impressum-haftung",
        "impressum-urheberrecht",
        "impressum-datenschutz",
        "impressum-barrierefreiheit",
    ],
    "datenschutz": [
        "datenschutz-geltungsbereich",
        "datenschutz-verantwortlicher",  # Art. 13 Abs. 1 lit. a DSGVO
        "datenschutz-datenschutzbeauftragte",  # lit. b
        "datenschutz-daten",  # Art. 14 Abs. 1 lit. d
        "datenschutz-zwecke",  # lit. c
        "datenschutz-zwecke-bereitstellung",  # server log files
        "datenschutz-zwecke-benutzer",
        "datenschutz-zwecke-verfahren",
        "datenschutz-zwecke-protokollierung",
        "datenschutz-herkunft",  # Art. 14 Abs. 2 lit. f
        "datenschutz-empfaenger",  # lit. e, Art. 28
        "datenschutz-drittland",  # lit. f
        "datenschutz-speicherdauer",  # Abs. 2 lit. a
        "datenschutz-cookies",  # § 25 Abs. 2 Nr. 2 TDDDG
        "datenschutz-sicherheit",  # Art. 32
        "datenschutz-automatisiert",  # Abs. 2 lit. f, Art. 22
        "datenschutz-bereitstellungspflicht",  # Abs. 2 lit. e
        "datenschutz-rechte",  # Abs. 2 lit. b, Art. 15-21
        "datenschutz-widerspruch",  # Art. 21 Abs. 4: clearly and separately
        "datenschutz-beschwerde",  # Art. 77
        "datenschutz-aenderungen",
    ],
    "barrierefreiheit": [  # § 10b BGG NRW
        "barrierefreiheit-geltungsbereich",
        "barrierefreiheit-vereinbarkeit",
        "barrierefreiheit-nicht-barrierefrei",
        "barrierefreiheit-erstellung",
        "barrierefreiheit-feedback",
        "barrierefreiheit-ombudsverfahren",
    ],
}
LEGAL_PAGES = tuple(REQUIRED_SECTIONS)
STAND = {
    "de": re.compile(r"^Stand: \d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}$"),
    "en": re.compile(r"^Last updated: \d{1,2} [A-Z][a-z]+ \d{4}$"),
}
NBSP = "\u00a0"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
POSTCODE = re.compile(r"(?<![\w-])\d{5}(?![\w-])")  # not inside a number, word or commit id


def labels_in_source(page: str) -> list[str]:
    return re.findall(r"^\(([\w-]+)\)=$", (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_required_sections_exist_by_label(site: Path, language: str, page: str) -> None:
    document = soup(site / language / f"{page}.html")
    sections = {section["id"] for section in document.select("article section[id]")}
    assert not set(REQUIRED_SECTIONS[page]) - sections
    assert set(labels_in_source(page)) <= sections, "every label of the source is a section in both languages"
    for section_id in REQUIRED_SECTIONS[page]:
        section = document.select_one(f"section#{section_id}")
        heading = section.find(re.compile(r"^h[2-4]$"))
        assert heading and heading.get_text(strip=True).rstrip("¶"), section_id
        assert section.get_text(strip=True) != heading.get_text(strip=True), f"{section_id} has no text"


@pytest.mark.parametrize("language", LANGUAGES)
def test_right_to_object_is_set_apart(site: Path, language: str) -> None:
    section = soup(site / language / "datenschutz.html").select_one("section#datenschutz-widerspruch")
    box = section.select_one("div.admonition")
    assert box and "21" in box.get_text() and "6" in box.get_text()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_last_updated_date_in_the_languages_format(site: Path, language: str, page: str) -> None:
    paragraphs = [p.get_text(" ", strip=True) for p in soup(site / language / f"{page}.html").select("article p")]
    dates = [text for text in paragraphs if STAND[language].match(text)]
    assert len(dates) == 1, paragraphs[-3:]


def test_german_sources_cite_with_no_break_spaces() -> None:
    """§ 5 DDG, Art. 6 Abs. 1 lit. e DSGVO: the number never wraps away from its sign (content brief §5)."""
    loose = re.compile(r"(?:§§?|Art\.|Abs\.|Nr\.|lit\.) (?=\d|[a-z]\b)")
    for page in (ROOT / "docs").glob("*.md"):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            assert not loose.search(line), f"{page.name}:{number}: use U+00A0 after §, Art., Abs., Nr., lit."


def test_english_citations_use_gdpr_style_and_no_break_spaces() -> None:
    for po in (ROOT / "locale" / "en" / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            assert "DSGVO" not in message.string and "Abs." not in message.string, message.string
            assert not re.search(r"(?:Art\.|Section) \d", message.string), f"{po.name}: {message.string[:60]}"
            if re.search(r"Art\.\xa0\d", message.id):
                assert "GDPR" in message.string or "Basic Law" in message.string, message.string


@pytest.mark.parametrize("page", PAGES)
def test_english_pages_start_with_the_binding_language_notice(site: Path, page: str) -> None:
    document = soup(site / "en" / f"{page}.html")
    heading = document.select_one("article h1")
    notice = heading.find_next(lambda tag: tag.name in {"div", "p"} and "headerlink" not in tag.get("class", []))
    assert "binding-language" in notice["class"], "the notice comes right after the page title"
    assert notice.get_text(" ", strip=True) == (
        "This English translation is provided for information purposes only. Only the German version is "
        "legally binding. In the event of any discrepancy, the German version shall prevail."
    )
    link = notice.select_one("a")
    assert link.get_text() == "German version"
    assert ((site / "en" / link["href"]).resolve()) == (site / "de" / f"{page}.html").resolve()
    assert not soup(site / "de" / f"{page}.html").select(".binding-language")


def test_a_translation_without_a_linked_binding_notice_is_refused(project: Path) -> None:
    conf = project / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace("Only the [German version] is", "Only the German version is")
    )
    run = run_module("site", "--build-dir", str(project / "_build"), cwd=project)
    assert run.returncode != 0
    assert "conf.py: legalpages_languages['en']: binding_notice needs the link text in [brackets]" in run.output
    assert "Traceback" not in run.output


def test_binding_notice_is_not_a_message_to_translate() -> None:
    for po in (ROOT / "locale" / "en" / "LC_MESSAGES").glob("*.po"):
        text = po.read_text(encoding="utf-8")
        assert "legally binding" not in text and "rechtsverbindlich ist allein" not in text.lower(), po.name


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_footer_links_the_legal_pages_in_the_same_language(site: Path, language: str, page: str) -> None:
    path = site / language / f"{page}.html"
    links = soup(path).select("footer nav.legal-links a")
    assert [(path.parent / link["href"]).resolve() for link in links] == [
        (site / language / f"{target}.html").resolve() for target in LEGAL_PAGES
    ]
    for link, target in zip(links, LEGAL_PAGES, strict=True):
        title = soup(site / language / f"{target}.html").select_one("article h1").get_text(strip=True).rstrip("¶")
        assert link.get_text(strip=True) == title
        assert (link.get("aria-current") == "page") == (target == page)
    assert soup(path).select_one("footer nav.legal-links")["aria-label"]


def test_english_catalogs_are_complete() -> None:
    for po in sorted((ROOT / "locale" / "en" / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        open_messages = [message.id for message in catalog if message.id and (not message.string or message.fuzzy)]
        assert open_messages == [], po.name


# -- One source for contact data ------------------------------------------------------------------


def contact_facts(facts_file: Path) -> tuple[set[str], set[str], set[str]]:
    """Phone numbers (E.164), e-mail addresses and postcodes that the facts file gives."""
    data = facts.load(facts_file)
    values = {key: facts.lookup(data, key) for key in facts.flat_keys(data)}
    texts = [value for value in values.values() if isinstance(value, str)]
    phones = {facts.e164(value) for key, value in values.items() if key.rsplit(".", 1)[-1] in facts.PHONE_KEYS}
    emails = {value for key, value in values.items() if key.endswith("email")}
    postcodes = {code for text in texts for code in POSTCODE.findall(text)}
    return phones, emails, postcodes


def contact_data_on_page(path: Path) -> tuple[set[str], set[str], set[str], str]:
    """Phone numbers, e-mail addresses and postcodes anywhere on a page (text and links), plus the
    page text outside the spans that the {fact} role wrote."""
    document = soup(path)
    for tag in document(["script", "style"]):
        tag.decompose()
    text = document.body.get_text(" ")
    hrefs = [link["href"] for link in document.select("a[href]")]
    phones = {
        phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        for match in phonenumbers.PhoneNumberMatcher(text, "DE")
    } | {href.removeprefix("tel:") for href in hrefs if href.startswith("tel:")}
    emails = set(EMAIL.findall(text)) | {href.removeprefix("mailto:") for href in hrefs if href.startswith("mailto:")}
    without_phones = text
    for match in phonenumbers.PhoneNumberMatcher(text, "DE"):
        without_phones = without_phones.replace(match.raw_string, " ")
    postcodes = set(POSTCODE.findall(without_phones))
    for fact in document.select(".fact"):
        fact.replace_with(" ")
    return phones, emails, postcodes, document.body.get_text(" ")


def stray_contact_data(site: Path, facts_file: Path) -> list[str]:
    known_phones, known_emails, known_postcodes = contact_facts(facts_file)
    problems = []
    for path in sorted(site.glob("*/*.html")):
        phones, emails, postcodes, outside_facts = contact_data_on_page(path)
        name = path.relative_to(site).as_posix()
        problems += [f"{name}: phone {phone} is not in facts.toml" for phone in sorted(phones - known_phones)]
        problems += [f"{name}: e-mail {email} is not in facts.toml" for email in sorted(emails - known_emails)]
        problems += [f"{name}: postcode {code} is not in facts.toml" for code in sorted(postcodes - known_postcodes)]
        typed = [*phonenumbers.PhoneNumberMatcher(outside_facts, "DE")]
        problems += [f"{name}: {match.raw_string} typed by hand; use {{fact}}" for match in typed]
        problems += [f"{name}: {email} typed by hand; use {{fact}}" for email in EMAIL.findall(outside_facts)]
    return problems


def test_no_page_has_contact_data_that_is_not_in_the_facts_file(site: Path) -> None:
    assert len(list(site.glob("*/*.html"))) >= 2 * len(PAGES)
    assert stray_contact_data(site, ROOT / "docs" / "facts.toml") == []


def test_a_stale_number_typed_by_hand_is_caught(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site" / "de"
    copy.mkdir(parents=True)
    page = (site / "de" / "impressum.html").read_text(encoding="utf-8")
    stale = page.replace("</article>", "<p>Telefon: 0211 837-02, poststelle@example.org, 40190 Neuss</p></article>")
    (copy / "impressum.html").write_text(stale, encoding="utf-8")
    problems = stray_contact_data(tmp_path / "site", ROOT / "docs" / "facts.toml")
    assert any("phone +49211837" in problem for problem in problems), problems
    assert any("poststelle@example.org" in problem for problem in problems), problems
    assert any("typed by hand" in problem for problem in problems), problems


def pages_with(site: Path, text: str) -> set[str]:
    return {
        path.relative_to(site).as_posix() for path in site.glob("*/*.html") if text in path.read_text(encoding="utf-8")
    }


def messages(po: Path) -> list[tuple[str, str, bool]]:
    with po.open("rb") as handle:
        return [(message.id, message.string, message.fuzzy) for message in read_po(handle) if message.id]


def pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(result.stdout.split())


def test_a_phone_number_changed_in_facts_only_changes_every_page_in_both_languages(project: Path) -> None:
    build_dir = project / "_build"
    site = build_dir / "site"
    assert run_module("site", "--build-dir", str(build_dir), cwd=project).returncode == 0
    old, new = "+49 211 837-2000", "+49 211 837-4711"
    before = pages_with(site, old)
    assert {f"{language}/{page}.html" for language in LANGUAGES for page in ("impressum", "datenschutz")} <= before

    facts_file = project / "docs" / "facts.toml"
    facts_file.write_text(facts_file.read_text(encoding="utf-8").replace(f'"{old}"', f'"{new}"', 1))
    catalogs = {path: messages(path) for path in (project / "locale").glob("**/*.po")}
    update = run_module("catalogs", "update", cwd=project)
    assert update.returncode == 0, update.output
    assert {path: messages(path) for path in catalogs} == catalogs, "a fact change needs no .po edit"
    assert all(string and not fuzzy for catalog in catalogs.values() for _, string, fuzzy in catalog)

    # The same build folder: a changed facts file must rebuild pages whose source did not change.
    run = run_module("site", "--build-dir", str(build_dir), cwd=project)
    assert run.returncode == 0, run.output
    assert pages_with(site, new) == before
    assert pages_with(site, old) == set()
    assert pages_with(site, 'href="tel:+492118374711"') == before
    for pdf in sorted(site.glob("*/pdf/*.pdf")):  # every PDF the site publishes
        text = pdf_text(pdf)
        assert "837-2000" not in text, pdf
        shows_number = f"{pdf.parent.parent.name}/{pdf.stem}.html" in before  # as its HTML page does
        assert ("837-4711" in text) == shows_number, pdf
    assert stray_contact_data(site, facts_file) == []
