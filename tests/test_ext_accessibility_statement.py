"""legalpages.extensions.accessibility_statement: data file -> page in both languages, and its JSON.

In process on tests/roots/test-statement (a filled-in statement with one non-accessible item), the
data checks as unit tests, and the JSON of the real site against the schema in the repository.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from legalpages import facts as facts_module
from legalpages.extensions import accessibility_statement as statement_module

ROOT = Path(__file__).resolve().parent.parent
TEST_ROOT = ROOT / "tests" / "roots" / "test-statement"
SCHEMA = json.loads(statement_module.SCHEMA.read_text(encoding="utf-8"))


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)


def built(app: SphinxTestApp) -> tuple[BeautifulSoup, dict]:
    app.build(force_all=True)
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "lxml")
    return page, json.loads((app.outdir / "index.json").read_text(encoding="utf-8"))


def text(page: BeautifulSoup) -> str:
    """The page's words, one space between blocks and inline elements, none before punctuation."""
    return re.sub(r" ([.,:;)])", r"\1", " ".join(page.select_one("body").get_text(" ").split()))


@pytest.mark.sphinx("html", testroot="statement")
def test_the_german_page_and_json_come_from_the_data(app: SphinxTestApp) -> None:
    page, data = built(app)
    shown = text(page)
    assert "ist mit diesen Anforderungen teilweise vereinbar." in shown
    assert "Die eingescannten Altakten Grund: unverhältnismäßige Belastung Sie liegen nur als Bilder vor." in shown
    assert "Zuletzt überprüft wurde sie am 1. Oktober 2026." in shown
    assert "Selbstbewertung vom 30. September 2026" in shown
    report = page.select_one("a.statement-report")
    assert report["href"] == "../accessibility-report/index.html" and report.text == "Prüfbericht"
    machine_readable = page.select_one("a.statement-json")
    assert machine_readable["href"] == "index.json"
    validate(data)
    assert data["compliance_status"] == "partially-compliant"
    assert data["preparation"]["last_reviewed"] == "2026-10-01"
    assert data["non_accessible_content"] == [
        {
            "content": "Die eingescannten Altakten",
            "reason": "disproportionate-burden",
            "explanation": "Sie liegen nur als Bilder vor.",
            "alternative": "Wir senden Ihnen den Text auf Anfrage.",
        }
    ]
    assert data["feedback"] == {
        "contact": "Teststelle",
        "email": "post@example.org",
        "form": "https://www.example.org/form",
    }
    assert data["open_placeholders"] == []


@pytest.mark.sphinx("html", testroot="statement", confoverrides={"language": "en"}, srcdir="statement-en")
def test_the_english_page_and_json_take_the_words_from_the_catalog_and_the_data_as_is(app: SphinxTestApp) -> None:
    page, data = built(app)
    shown = text(page)
    assert "The application is partially compliant with these requirements." in shown
    assert "It was last reviewed on 1 October 2026." in shown, "the date from the data, in the English format"
    assert page.select_one("a.statement-report").text == "test report"
    validate(data)
    assert data["language"] == "en"
    assert data["preparation"]["last_reviewed"] == "2026-10-01", "data is never translated"
    assert data["non_accessible_content"][0]["content"] == "The scanned old files", "free texts as the page shows them"
    assert data["non_accessible_content"][0]["alternative"] == "We send you the text on request."


@pytest.mark.sphinx("html", testroot="statement", srcdir="statement-placeholders")
def test_open_fields_are_placeholders_on_the_page_and_null_in_the_json(app: SphinxTestApp) -> None:
    data_file = Path(app.srcdir) / statement_module.STATEMENT_FILE
    source = data_file.read_text(encoding="utf-8")
    data_file.write_text(source.replace("reviewed = 2026-10-01", 'reviewed = "{placeholder}`Datum`"'), encoding="utf-8")
    page, data = built(app)
    assert page.select_one("span.placeholder").get_text() == "Platzhalter: Datum"
    validate(data)
    assert data["preparation"]["last_reviewed"] is None and data["open_placeholders"] == ["preparation.reviewed"]


def test_the_real_sites_json_matches_the_schema_in_both_languages(site: Path) -> None:
    for language in ("de", "en"):
        data = json.loads((site / language / "barrierefreiheit.json").read_text(encoding="utf-8"))
        validate(data)
        assert data["language"] == language
        page = BeautifulSoup((site / language / "barrierefreiheit.html").read_text(encoding="utf-8"), "lxml")
        assert page.select_one("a.statement-json")["href"] == "barrierefreiheit.json"


def test_the_schema_refuses_what_the_model_statement_does_not_allow() -> None:
    good = {
        "language": "de",
        "statement": "barrierefreiheit.html",
        "public_sector_body": "Testministerium",
        "scope": {"name": "Test", "url": None},
        "standards": ["WCAG 2.1 AA"],
        "compliance_status": "fully-compliant",
        "non_accessible_content": [],
        "preparation": {
            "prepared": "2026-01-15",
            "last_reviewed": "2026-10-01",
            "method": "self-assessment",
            "assessed": "2026-09-30",
            "assessor": None,
            "tools": ["axe-core"],
            "test_report": "../accessibility-report/index.html",
        },
        "feedback": {"contact": "Stelle", "email": "a@example.org", "form": None},
        "enforcement": {"body": "Ombud", "web": None},
        "open_placeholders": [],
    }
    validate(good)
    for broken in ({"compliance_status": "compliant"}, {"preparation": {**good["preparation"], "method": "guess"}}):
        with pytest.raises(jsonschema.ValidationError):
            validate({**good, **broken})


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    target = tmp_path / statement_module.STATEMENT_FILE
    shutil.copy(TEST_ROOT / statement_module.STATEMENT_FILE, target)
    return target


FACTS = facts_module.load(TEST_ROOT / "facts.toml")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('status = "partially-compliant"', 'status = "compliant"', ":6: compliance.status: 'compliant' is not allowed"),
        ("reviewed = 2026-10-01", 'reviewed = "1.10.2026"', ":16: preparation.reviewed: must be a date"),
        ('contact = "office"', 'contact = "nobody"', ":21: feedback.contact: 'nobody' is not a group"),
        ('form = "https://www.example.org/form"', 'form = "javascript:x"', ":22: feedback.form: 'javascript:x'"),
        ('reason = "disproportionate-burden"', 'reason = "lazy"', "compliance.non_accessible: item 1: reason 'lazy'"),
        ("[enforcement]", "[enforcement]\nextra = 1", "enforcement.extra: unknown field"),
        ('explanation = "Sie liegen', 'explanation = "<b>Sie liegen', "item 1: explanation must be plain text"),
        ('method = "self-assessment"', 'method = "third-party"', "third-party needs assessor"),
    ],
)
def test_bad_data_is_one_message_with_file_and_line(data_file: Path, old: str, new: str, message: str) -> None:
    source = data_file.read_text(encoding="utf-8")
    assert old in source
    data_file.write_text(source.replace(old, new), encoding="utf-8")
    with pytest.raises(statement_module.StatementError) as error:
        statement_module.load(data_file, FACTS)
    assert str(error.value).startswith("docs/accessibility-statement.toml:"), error.value
    assert message in str(error.value), error.value


def test_the_real_data_file_loads_and_its_open_fields_are_placeholders() -> None:
    facts = facts_module.load(ROOT / "docs" / "facts.toml")
    statement = statement_module.load(ROOT / "docs" / statement_module.STATEMENT_FILE, facts)
    for key in statement.placeholders:
        assert isinstance(statement[key], statement_module.Placeholder)
    assert statement["feedback.contact"] == "hfk_office" and statement["enforcement.body"] == "ombudsstelle"
