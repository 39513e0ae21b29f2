"""The legal texts: required sections in both languages, one source for contact data, citations,
the binding-language notice and the legal footer."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import phonenumbers
import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from bs4 import Tag
from conftest import INTERNAL_PAGES, LANGUAGES, PAGES, ROOT, run_module, soup

from legalpages import facts
from legalpages.extensions import accessibility_statement
from legalpages.extensions.hyphenation import SOFT_HYPHEN  # the page text as a reader copies it
from legalpages.project import PROJECT

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
        "impressum-vertraulichkeit",  # § 6 Abs. 2 HFKVO
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
        "datenschutz-zwecke-besondere-kategorien",  # Art. 9, 10; safeguards of § 15 DSG NRW
        "datenschutz-zwecke-protokollierung",
        "datenschutz-zweckaenderung",  # Art. 13 Abs. 3, 14 Abs. 4; §§ 9, 11 DSG NRW
        "datenschutz-herkunft",  # Art. 14 Abs. 2 lit. f
        "datenschutz-fallpersonen",  # Art. 14: the persons whose case is heard
        "datenschutz-empfaenger",  # lit. e, Art. 28
        "datenschutz-drittland",  # lit. f
        "datenschutz-speicherdauer",  # Abs. 2 lit. a
        "datenschutz-cookies",  # § 25 Abs. 2 Nr. 2 TDDDG
        "datenschutz-sicherheit",  # Art. 32
        "datenschutz-hosting",  # who hosts the published legal pages
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


@pytest.mark.e2e
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
    # and in the source language the pages for its readers only (Leichte Sprache, tests/test_leichte_sprache.py)
    targets = LEGAL_PAGES + (PROJECT.source_only_pages if language == PROJECT.source_language else ())
    assert [(path.parent / link["href"]).resolve() for link in links] == [
        (site / language / f"{target}.html").resolve() for target in targets
    ]
    for link, target in zip(links, targets, strict=True):
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


# -- Legal review of issue 18 -------------------------------------------------------------------
# Each finding that has a testable form, by label or fact key; texts are compared with no-break
# spaces as plain spaces.

BABEL_LOCALES = {"de": "de_DE", "en": "en_GB"}
FACTS = facts.load(ROOT / "docs" / "facts.toml")


def source(page: str) -> str:
    return (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8").replace(NBSP, " ")


def plain(element: Tag) -> str:
    """The element's words as a reader copies them: no soft hyphens, plain spaces."""
    return " ".join(element.get_text(" ").replace(NBSP, " ").replace(SOFT_HYPHEN, "").split())


def section_text(site: Path, language: str, page: str, label: str) -> str:
    section = soup(site / language / f"{page}.html").select_one(f"section#{label}")
    assert section is not None, f"{language}/{page}.html has no section {label}"
    return plain(section)


def source_section(page: str, label: str) -> str:
    """The source of one labelled section, up to the next label."""
    text = source(page)
    start = text.index(f"({label})=\n")
    following = re.search(r"^\([\w-]+\)=$", text[start + 1 :], re.M)
    return text[start : start + 1 + following.start()] if following else text[start:]


@pytest.mark.parametrize("page", [*LEGAL_PAGES, *INTERNAL_PAGES])
def test_each_page_has_its_own_stand_date(page: str) -> None:
    """An edit to one page must not re-date another: one [stand] date per page, used only there."""
    assert isinstance(FACTS["stand"][page], dt.date)
    used = re.findall(r"\{fact\}`(stand(?:\.[\w-]+)?)`", source(page))
    assert used and set(used) == {f"stand.{page}"}, used


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_stand_line_shows_the_pages_own_date(site: Path, language: str, page: str) -> None:
    date = format_date(FACTS["stand"][page], format="long", locale=BABEL_LOCALES[language])
    label = {"de": "Stand:", "en": "Last updated:"}[language]
    paragraphs = [p.get_text(" ", strip=True) for p in soup(site / language / f"{page}.html").select("article p")]
    assert f"{label} {date}" in paragraphs


def test_accessibility_statement_has_a_review_date_of_its_own() -> None:
    """EU model statement: 'zuletzt überprüft am' is its own date, never the page's Stand date."""
    text = source_section("barrierefreiheit", "barrierefreiheit-erstellung")
    assert "```{accessibility-statement} preparation" in text, "the section comes from the statement's data"
    statement = accessibility_statement.load(ROOT / "docs" / accessibility_statement.STATEMENT_FILE, FACTS)
    reviewed = statement["preparation.reviewed"]  # its own field: a date or a placeholder, never stand.*
    assert isinstance(reviewed, (dt.date, accessibility_statement.Placeholder)), reviewed
    assert "{fact}`stand" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_accessibility_review_date_is_shown_in_both_languages(site: Path, language: str) -> None:
    text = section_text(site, language, "barrierefreiheit", "barrierefreiheit-erstellung")
    phrase = {"de": "Zuletzt überprüft wurde sie am", "en": "It was last reviewed on"}[language]
    assert phrase in text
    after = text.split(phrase, 1)[1]
    stand = format_date(FACTS["stand"]["barrierefreiheit"], format="long", locale=BABEL_LOCALES[language])
    assert not after.startswith(f" {stand}"), "the review date is not the Stand date"


def test_no_art9_basis_cites_section_16_dsg_nrw() -> None:
    """§ 16 Abs. 1 DSG NRW covers none of the purposes of a Härtefall procedure (review: blocker)."""
    for page in LEGAL_PAGES:
        assert not re.search(r"§ 16 (Abs\. \d+ )?DSG NRW", source(page)), page
    for po in (ROOT / "locale" / "en" / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            assert "16 DSG NRW" not in message.string.replace(NBSP, " "), po.name
    special = source_section("datenschutz", "datenschutz-zwecke-besondere-kategorien")
    basis = next(paragraph for paragraph in special.split("\n\n") if "Art. 9 Abs. 2" in paragraph)
    assert "{placeholder}`" in basis and "AufenthG" in basis, "residence-law basis, for the DPO to confirm"
    assert "§ 15 DSG NRW" in special, "the safeguards of § 15 DSG NRW are named"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_competent_auslaenderbehoerde_is_a_recipient(site: Path, language: str) -> None:
    section = soup(site / language / "datenschutz.html").select_one("section#datenschutz-empfaenger")
    recipients = [plain(item) for item in section.select("li")]
    name, wrong = {"de": ("Ausländerbehörde", "oberste Landesbehörde"), "en": ("foreigners authority", "supreme")}[
        language
    ]
    assert any(name in recipient for recipient in recipients), recipients
    assert not any(wrong in recipient for recipient in recipients), "§ 7 HFKVO: the Ausländerbehörde decides"
    statement, request = {"de": ("§ 3 Abs. 2 HFKVO", "§ 7 HFKVO"), "en": ("Section 3(2) HFKVO", "Section 7 HFKVO")}[
        language
    ]
    authority = next(recipient for recipient in recipients if name in recipient)
    assert statement in authority and request in authority, "both roles: statement and request"


# (page, label, {language: (must contain, must not contain)}), one row per finding of the review
CLAIMS = [
    ("datenschutz", "datenschutz-zwecke", {
        "de": (["im öffentlichen Interesse oder in Ausübung öffentlicher Gewalt"], ["und Ausübung öffentlicher"]),
        "en": (["in the public interest or in the exercise of official authority"], ["interest and exercise"]),
    }),
    ("datenschutz", "datenschutz-automatisiert", {
        "de": (["Ob die Härtefallkommission ein Härtefallersuchen stellt", "§ 6 Abs. 3 HFKVO", "Ausländerbehörde"],
               ["Über jeden Fall"]),
        "en": (["Whether the Hardship Commission makes a hardship request", "Section 6(3) HFKVO",
                "foreigners authority"], ["Every case is decided"]),
    }),
    ("datenschutz", "datenschutz-fallpersonen", {
        "de": (["Art. 14 DSGVO", "#datenschutz-rechte", "#datenschutz-widerspruch"], []),
        "en": (["Art. 14 GDPR", "#datenschutz-rechte", "#datenschutz-widerspruch"], []),
    }),
    ("datenschutz", "datenschutz-widerspruch", {
        "de": (["Jede betroffene Person", "deren Fall in der Härtefallkommission beraten wird"], []),
        "en": (["Every data subject", "whose case is considered"], []),
    }),
    ("datenschutz", "datenschutz-hosting", {
        "de": (["Hosting", "IP-Adresse", "Platzhalter"], []),
        "en": (["hosted", "IP address", "Placeholder"], []),
    }),
    ("datenschutz", "datenschutz-drittland", {
        "de": (["#datenschutz-hosting"], []),
        "en": (["#datenschutz-hosting"], []),
    }),
    ("datenschutz", "datenschutz-cookies", {
        "de": (["Sitzung abläuft", "#datenschutz-zwecke", "§ 25 Abs. 2 Nr. 2"], []),
        "en": (["session expires", "#datenschutz-zwecke", "Section 25(2) no. 2"], []),
    }),
    ("datenschutz", "datenschutz-bereitstellungspflicht", {
        "de": (["weder gesetzlich noch vertraglich", "Benutzerkonto"], ["diese Daten"]),
        "en": (["no statutory or contractual obligation", "user account"], ["these data"]),
    }),
    ("datenschutz", "datenschutz-zwecke-keine-einwilligung", {
        "de": ([], ["Art. 13 Abs. 3"]),
        "en": ([], ["Art. 13(3)"]),
    }),
    ("datenschutz", "datenschutz-zweckaenderung", {
        "de": (["§ 9 DSG NRW", "§ 11 DSG NRW", "Art. 13 Abs. 3"], []),
        "en": (["Section 9 DSG NRW", "Section 11 DSG NRW", "Art. 13(3)"], []),
    }),
    ("datenschutz", "datenschutz-zwecke-protokollierung", {
        "de": (["nicht, um das Verhalten oder die Leistung", "§ 18 DSG NRW"], []),
        "en": (["not use the logs to monitor the conduct or performance", "Section 18 DSG NRW"], []),
    }),
    ("impressum", "impressum-haftung", {
        "de": (["Haftung", "Amtshaftung"], ["Haftungsausschluss", "zur allgemeinen Information", "Veröffentlichung"]),
        "en": (["Liability"], ["Disclaimer", "general information", "Publication may"]),
    }),
    ("impressum", "impressum-zweck", {
        "de": ([], ["jederzeitige Verfügbarkeit"]),
        "en": ([], ["available at all times"]),
    }),
    ("impressum", "impressum-urheberrecht", {
        "de": (["oder von Teilen davon"], []),
        "en": (["or of parts of it"], []),
    }),
    ("impressum", "impressum-vertraulichkeit", {
        "de": (["vertraulich", "§ 6 Abs. 2 HFKVO"], []),
        "en": (["confidential", "Section 6(2) HFKVO"], []),
    }),
    ("barrierefreiheit", "barrierefreiheit-vereinbarkeit", {
        "de": (["wird vermutet", "WCAG) 2.1", "AA"], ["gelten als erfüllt"]),
        "en": (["presumed", "WCAG) 2.1", "level AA"], ["deemed"]),
    }),
    ("barrierefreiheit", "barrierefreiheit-feedback", {
        "de": (["§ 5 Abs. 2 BITVNRW", "sechs Wochen"], []),
        "en": (["Section 5(2) BITVNRW", "six weeks"], []),
    }),
    ("barrierefreiheit", "barrierefreiheit-ombudsverfahren", {
        "de": (["Postanschrift:"], []),
        "en": (["Enforcement procedure (ombuds procedure)", "Postal address:"], []),
    }),
]  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("page", "label", "claims"), CLAIMS, ids=[label for _, label, _ in CLAIMS])
def test_findings_of_the_legal_review_are_fixed(
    site: Path, language: str, page: str, label: str, claims: dict[str, tuple[list[str], list[str]]]
) -> None:
    section = soup(site / language / f"{page}.html").select_one(f"section#{label}")
    text = plain(section)
    text += " " + " ".join(link["href"] for link in section.select("a[href]"))
    present, absent = claims[language]
    assert [claim for claim in present if claim not in text] == [], text
    assert [claim for claim in absent if claim in text] == [], text


def test_the_legal_basis_is_spelt_out_once_and_referred_back_to() -> None:
    text = source("datenschutz")
    assert text.count("Art. 6 Abs. 1 lit. e, Abs. 3 DSGVO") == 1
    assert text.count("](#datenschutz-zwecke)") >= 4


def test_art_32_is_never_a_legal_basis_on_its_own() -> None:
    """Art. 32 DSGVO is a duty: a sentence that names it as a basis goes through Art. 6 Abs. 1 lit. c."""
    text = (ROOT / "docs" / "datenschutz.md").read_text(encoding="utf-8")
    # "Art.\u00a032" never ends a sentence: split where a full stop is followed by a plain space
    for sentence in (part.replace(NBSP, " ") for part in re.split(r"(?<=[.:])[ \n]", text)):
        if "Rechtsgrundlage" in sentence and "Art. 32" in sentence:
            assert "Art. 6 Abs. 1 lit. c" in sentence, sentence


def test_the_person_whose_case_is_heard_is_not_called_betroffene_person() -> None:
    """'betroffene Person' is the GDPR's word for every data subject, never the applicant in a case."""
    groups = [line for line in source_section("datenschutz", "datenschutz-daten").splitlines() if line.startswith("- ")]
    assert len(groups) == 3 and not [group for group in groups if "betroffene Person" in group]
    assert "Person, deren Fall beraten wird" in groups[2], "the representatives act for the person whose case it is"


def test_the_unconfirmed_switchboard_number_is_flagged_wherever_it_appears() -> None:
    for page in (ROOT / "docs").glob("*.md"):
        if page.stem in INTERNAL_PAGES:
            continue
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if "{fact}`ministry.phone`" in line:
                assert "{placeholder}`Nummer der Telefonzentrale" in line, f"{page.name}:{number}"


@pytest.mark.parametrize("page", LEGAL_PAGES)
def test_english_glosses_the_ministrys_german_name_at_its_first_mention(site: Path, page: str) -> None:
    article = soup(site / "en" / f"{page}.html").select_one("article")
    article.select_one(".binding-language").decompose()
    text = plain(article)
    first = text.index("Ministry")
    assert text.startswith("Ministry for Children, Youth, Family, Equality, Refugees and Integration", first), text[
        first - 80 : first + 80
    ]
    german = facts.lookup(FACTS, "ministry.name")
    assert abs(text.find(german) - first) < 200, "the German name is right next to the gloss"


def test_english_uses_british_single_quotes() -> None:
    for po in (ROOT / "locale" / "en" / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            assert not re.search(r"[“”„\"]", message.string), f"{po.name}: {message.string[:60]}"


def test_english_accessibility_statement_uses_the_eu_model_wording(site: Path) -> None:
    text = " ".join(soup(site / "en" / "barrierefreiheit.html").select_one("article").get_text(" ").split())
    assert re.search(r"is committed to making .{0,80} accessible in accordance with", text)


def test_privacy_policy_names_every_browser_storage_the_published_pages_use(site: Path) -> None:
    """datenschutz-hosting says: no cookies, local storage only for the colour scheme and the search
    terms to highlight. A theme or Sphinx upgrade that stores more must change that text first."""
    scripts = [path for path in site.glob("*/_static/**/*.js")]
    assert scripts
    keys = set()
    for path in scripts:
        code = path.read_text(encoding="utf-8")
        assert not re.search(r"document\.cookie|sessionStorage|indexedDB", code), path
        keys |= set(re.findall(r"localStorage\.setItem\(\s*[\"']([^\"']+)", code))
    assert keys <= {"theme", "sphinx_highlight_terms"}, keys


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


@pytest.mark.e2e
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
