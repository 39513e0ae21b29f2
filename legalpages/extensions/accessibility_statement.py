"""The accessibility statement from its data file: page text through the catalogs, and a JSON per language.

docs/accessibility-statement.toml holds the statement's facts in the fields of the EU model statement
(Implementing Decision (EU) 2018/1523, Annex). The page writes ```{accessibility-statement} <section>```
where a section belongs; the sentences come from here, in German, with the data's dates as
``{statement}`preparation.reviewed``` roles. Sphinx extracts those sentences into the page's catalog like
any other paragraph, so translators translate words, never a date or a status. Each HTML build writes
``<page>.json`` beside the page: the model statement's fields, the free texts (non-accessible content)
as the page shows them in that language. legalpages/schemas/accessibility-statement.schema.json is its
schema (tests/test_ext_accessibility_statement.py validates it).

Untrusted input: every key and value is checked against an allowlist; a problem is one
``docs/accessibility-statement.toml:LINE: problem; fix`` error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.dates import format_date
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from legalpages import facts as facts_module
from legalpages.extensions.settings import language_settings
from legalpages.extensions.writer_markup import PlaceholderRole

logger = logging.getLogger(__name__)

STATEMENT_FILE = "accessibility-statement.toml"  # in the source folder (docs/), beside facts.toml
SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "accessibility-statement.schema.json"
# Where the published accessibility test report lies, from the site's root (legalpages/accessibility_report.py).
REPORT_PATH = "accessibility-report/index.html"
PLACEHOLDER = re.compile(r"\{placeholder\}`([^`]+)`")

STATUSES = ("fully-compliant", "partially-compliant", "not-compliant")
REASONS = ("non-compliance", "disproportionate-burden", "out-of-scope")
METHODS = ("self-assessment", "third-party")
# The automatic checks of every version (make accessibility-report); their versions are in the report.
TOOLS = ("axe-core", "page-validation", "outloud")

# key -> what its value may be: "date", "placeholder", "https", "text", "fact-group", or a tuple of words
FIELDS: dict[str, dict[str, Any]] = {
    "scope": {"body": "fact-group", "url": "https"},
    "compliance": {"status": STATUSES, "non_accessible": "items"},
    "preparation": {"prepared": "date", "reviewed": "date", "method": METHODS, "assessed": "date", "assessor": "text"},
    "feedback": {"contact": "fact-group", "form": "https"},
    "enforcement": {"body": "fact-group"},
}
REQUIRED = {
    "scope": ("body", "url"),
    "compliance": ("status", "non_accessible"),
    "preparation": ("prepared", "reviewed", "method", "assessed"),
    "feedback": ("contact", "form"),
    "enforcement": ("body",),
}
ITEM_FIELDS = ("content", "reason", "explanation", "alternative")


class StatementError(ValueError):
    """The data file is wrong: str() is `docs/accessibility-statement.toml:LINE: problem; fix`."""


@dataclass(frozen=True)
class Placeholder:
    text: str  # what is missing

    @property
    def markup(self) -> str:
        return f"{{placeholder}}`{self.text}`"


@dataclass(frozen=True)
class Item:
    content: str
    reason: str
    explanation: str
    alternative: str


@dataclass(frozen=True)
class Statement:
    values: dict[str, Any]  # "preparation.reviewed" -> date | Placeholder | str | tuple[Item, ...]
    facts: dict = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def placeholders(self) -> list[str]:
        """The keys still open, in file order: what `make placeholders` and a release complain about."""
        return [key for key, value in self.values.items() if isinstance(value, Placeholder)]


def load(path: Path, facts: dict, shown: str = f"docs/{STATEMENT_FILE}") -> Statement:
    """The statement, checked against the allowlist FIELDS; StatementError names the first problem."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = facts_module.TOML_POSITION.search(str(error))
        line = int(position["line"]) if position and position["line"] else 1
        message = facts_module.TOML_POSITION.sub("", str(error)).strip()
        raise StatementError(f'{shown}:{line}: not valid TOML: {message}; write key = "value"') from None

    def fail(key: str, problem: str) -> StatementError:
        line = facts_module.key_line(text, key) if "." in key else table_line(text, key)
        return StatementError(f"{shown}:{line}: {key}: {problem}")

    values: dict[str, Any] = {}
    for table, entries in data.items():
        if table not in FIELDS:
            raise fail(table, f"unknown section; use one of {', '.join(FIELDS)}")
        if not isinstance(entries, dict):
            raise fail(table, "must be a section: [" + table + "]")
        for name in REQUIRED[table]:
            if name not in entries:
                raise fail(table, f"{name} is missing; write it, or a {{placeholder}}`what is missing`")
        for name, value in entries.items():
            key = f"{table}.{name}"
            kind = FIELDS[table].get(name)
            if kind is None:
                raise fail(key, f"unknown field; use one of {', '.join(FIELDS[table])}")
            values[key] = check_value(key, kind, value, facts, fail)
    for table in FIELDS:
        if table not in data:
            raise StatementError(f"{shown}:1: [{table}] is missing; every field of the EU model statement is needed")
    if values["preparation.method"] == "third-party" and "preparation.assessor" not in values:
        raise fail("preparation.method", 'third-party needs assessor = "name of the assessing body"')
    return Statement(values, facts)


def table_line(text: str, table: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() == f"[{table}]":
            return number
    return 1


def check_value(key: str, kind: Any, value: Any, facts: dict, fail: Any) -> Any:
    if isinstance(value, str) and (placeholder := PLACEHOLDER.fullmatch(value.strip())):
        return Placeholder(" ".join(placeholder.group(1).split()))
    if kind == "items":
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise fail(key, "write one [[compliance.non_accessible]] table per item, or a placeholder")
        return tuple(check_item(key, index, item, fail) for index, item in enumerate(value))
    if kind == "date":
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise fail(key, "must be a date without quotes, e.g. 2026-11-26, or a placeholder")
        return value
    if not isinstance(value, str) or not value.strip():
        raise fail(key, "must be text in quotes, or a placeholder")
    if "`" in value or "<" in value:
        raise fail(key, "markup is not allowed here; write plain text or a placeholder")
    if isinstance(kind, tuple) and value not in kind:
        raise fail(key, f"{value!r} is not allowed; use one of {', '.join(kind)}")
    if kind == "https" and not re.fullmatch(r"https://[^\s\"'<>]+", value):
        raise fail(key, f"{value!r} is not an https:// address")
    if kind == "fact-group":
        group = facts.get(value)
        if not isinstance(group, dict) or not {"name"} <= group.keys():
            raise fail(key, f"{value!r} is not a group with a name in docs/facts.toml")
    return value


def check_item(key: str, index: int, item: dict, fail: Any) -> Item:
    unknown = set(item) - set(ITEM_FIELDS)
    missing = [name for name in ITEM_FIELDS if name not in item]
    if unknown or missing:
        raise fail(key, f"item {index + 1} needs exactly {', '.join(ITEM_FIELDS)}")
    for name in ITEM_FIELDS:
        value = item[name]
        if not isinstance(value, str) or not value.strip() or "`" in value or "<" in value:
            raise fail(key, f"item {index + 1}: {name} must be plain text in quotes")
    if item["reason"] not in REASONS:
        raise fail(key, f"item {index + 1}: reason {item['reason']!r} is not allowed; use one of {', '.join(REASONS)}")
    return Item(**{name: " ".join(item[name].split()) for name in ITEM_FIELDS})


# -- the German sentences; their English is in the page's catalog -------------------------------------

STATUS_TEXT = {
    "fully-compliant": "Das Fachverfahren ist mit diesen Anforderungen vollständig vereinbar.",
    "partially-compliant": "Das Fachverfahren ist mit diesen Anforderungen teilweise vereinbar.",
    "not-compliant": "Das Fachverfahren ist mit diesen Anforderungen nicht vereinbar.",
}
REASON_TEXT = {
    "non-compliance": "Grund: Unvereinbarkeit mit den Anforderungen",
    "disproportionate-burden": "Grund: unverhältnismäßige Belastung",
    "out-of-scope": "Grund: außerhalb des Geltungsbereichs der BITVNRW",
}
METHOD_TEXT = {
    "self-assessment": "einer Selbstbewertung",
    "third-party": "einer Prüfung durch Dritte",
}


def shown(statement: Statement, key: str) -> str:
    """A value as MyST: a placeholder stays one, a date becomes a {statement} role, text stays text."""
    value = statement[key]
    if isinstance(value, Placeholder):
        return value.markup
    if isinstance(value, dt.date) or (isinstance(value, str) and value.startswith("https://")):
        return f"{{statement}}`{key}`"  # data: a role the translator copies, not words
    return str(value)


def tool(name: str) -> str:
    """A tool's name as a role: a name, not a word to translate or spell-check."""
    return f"{{statement}}`tools.{name}`"


def section_markdown(statement: Statement, section: str) -> tuple[list[str], list[tuple[str, int]]]:
    """The section's MyST lines, and which paragraph (by number) is which free-text field."""
    fields: list[tuple[str, int]] = []  # (field key, index of the paragraph among the section's paragraphs)
    if section == "scope":
        return [
            "Diese Erklärung zur Barrierefreiheit nach §\u00a010b BGG NRW gilt für das Fachverfahren für die "
            f"Härtefallkommission des Landes Nordrhein-Westfalen unter {shown(statement, 'scope.url')}."
        ], fields
    if section == "status":
        status = statement["compliance.status"]
        if isinstance(status, Placeholder):
            return [f"Das Fachverfahren ist mit diesen Anforderungen {status.markup} vereinbar."], fields
        return [STATUS_TEXT[status]], fields
    if section == "non-accessible":
        items = statement["compliance.non_accessible"]
        if isinstance(items, Placeholder):
            return [f"Diese Inhalte sind nicht oder nicht vollständig barrierefrei: {items.markup}"], fields
        if not items:
            return ["Alle Inhalte sind barrierefrei."], fields
        lines, paragraph = ["Diese Inhalte sind nicht oder nicht vollständig barrierefrei:", ""], 1
        for index, item in enumerate(items):
            lines += [
                f"- {item.content}",
                "",
                f"  {REASON_TEXT[item.reason]}",
                "",
                f"  {item.explanation}",
                "",
                "  Barrierefreie Alternative:",
                "",
                f"  {item.alternative}",
                "",
            ]
            base = f"compliance.non_accessible.{index}"
            fields += [(f"{base}.content", paragraph), (f"{base}.explanation", paragraph + 2)]
            fields.append((f"{base}.alternative", paragraph + 4))
            paragraph += 5
        return lines, fields
    if section == "preparation":
        method = statement["preparation.method"]
        method_text = method.markup if isinstance(method, Placeholder) else METHOD_TEXT[method]
        assessor = f" ({statement['preparation.assessor']})" if method == "third-party" else ""
        lines = [
            f"Diese Erklärung wurde am {shown(statement, 'preparation.prepared')} erstellt. "
            f"Zuletzt überprüft wurde sie am {shown(statement, 'preparation.reviewed')}.",
            "",
            f"Die Bewertung beruht auf {method_text}{assessor} vom {shown(statement, 'preparation.assessed')}.",
            "",
            "Zusätzlich wird jede Version der Seiten automatisch geprüft: die HTML-Seiten mit "
            f"{tool('axe-core')}, die PDF-Dateien mit den Prüfprogrammen {tool('page-validation')} und "
            f"{tool('outloud')}. Die Ergebnisse mit den Versionen der Prüfprogramme stehen im "
            "{statement-report}`Prüfbericht`.",
            "",
            "Die Angaben dieser Erklärung gibt es auch maschinenlesbar als {statement-json}`JSON-Datei`.",
        ]
        if "preparation.assessor" in statement.values:
            fields.append(("preparation.assessor", -1))  # data, not a paragraph: see json_fields
        return lines, [field for field in fields if field[1] >= 0]
    if section == "feedback":  # the contact block that follows is the page's, with its facts
        return [
            "Sind Ihnen Mängel bei der Barrierefreiheit aufgefallen? Oder brauchen Sie Informationen aus dem "
            "Fachverfahren in einer barrierefreien Form? Dann melden Sie sich bitte über das barrierefreie "
            f"Kontaktformular ({shown(statement, 'feedback.form')}) oder direkt bei der"
        ], fields
    raise ValueError(section)


SECTIONS = ("scope", "status", "non-accessible", "preparation", "feedback")


def statement_of(env: BuildEnvironment) -> Statement:
    """The checked data (a changed file rebuilds the pages that show it: note_dependency)."""
    return load_cached(Path(env.srcdir) / STATEMENT_FILE, Path(env.config.legalpages_facts_file))


_CACHE: dict[tuple[str, str], Statement] = {}


def load_cached(path: Path, facts_file: Path) -> Statement:
    """Read once per content: every role and directive of a build asks, and the files are small."""
    key = (path.read_text(encoding="utf-8"), facts_file.read_text(encoding="utf-8"))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load(path, facts_module.load(facts_file))
    return _CACHE[key]


class StatementDirective(SphinxDirective):
    """```{accessibility-statement} status```: one section of the statement, from the data file."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        section = self.arguments[0]
        if section not in SECTIONS:
            raise self.error(f"unknown section {section!r}; use one of {', '.join(SECTIONS)}")
        self.env.note_dependency(str(Path(self.env.srcdir) / STATEMENT_FILE))
        self.env.metadata[self.env.docname]["legalpages_statement"] = True
        try:
            statement = statement_of(self.env)
        except StatementError as error:
            raise self.error(str(error)) from None
        lines, fields = section_markdown(statement, section)
        container = nodes.container(classes=["statement", f"statement-{section}"])
        self.state.nested_parse(StringList(lines, self.get_source_info()[0]), self.content_offset, container)
        paragraphs = list(container.findall(nodes.paragraph))
        for key, index in fields:  # the free texts, for the JSON in the page's language
            paragraphs[index]["legalpages_statement_field"] = key
        return container.children


class StatementRole(SphinxRole):
    """{statement}`preparation.reviewed`: a date of the data file in the page language's format, an
    address as its link, a placeholder as {placeholder} shows it."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        key = self.text.strip()
        if key.startswith("tools.") and key.removeprefix("tools.") in TOOLS:
            return [nodes.inline(self.rawtext, key.removeprefix("tools."), classes=["fact"])], []
        try:
            value = statement_of(self.env)[key]
        except (KeyError, StatementError) as error:
            message = self.inliner.reporter.error(f"{{statement}}: {error}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        if isinstance(value, Placeholder):  # the same highlight and release error as {placeholder}
            return PlaceholderRole()(self.name, self.rawtext, value.text, self.lineno, self.inliner, {}, [])
        if isinstance(value, dt.date):
            text = format_date(value, format="long", locale=language_settings(self.env.config)["locale"])
            return [nodes.inline(self.rawtext, text, classes=["fact"])], []
        if isinstance(value, str) and value.startswith("https://"):
            return [nodes.reference(self.rawtext, value.removeprefix("https://"), refuri=value, classes=["fact"])], []
        message = self.inliner.reporter.error(f"{{statement}}: {self.text!r} is not a date or an address")
        return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]


class statement_link(nodes.Inline, nodes.TextElement):  # lower case, as docutils names its node classes
    """A link to the test report or the JSON: files outside the Sphinx project, so the link is made after
    the policy's link check (legalpages/policy.py), from a target our code names, never a writer."""


class StatementLinkRole(SphinxRole):
    """{statement-report}`Prüfbericht`, {statement-json}`JSON-Datei`: the words are the translator's."""

    def __init__(self, target: str) -> None:
        self.target = target

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [statement_link(self.rawtext, self.text, legalpages_target=self.target)], []


def resolve_statement_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """<site>/<lang>/<page>.html -> <site>/accessibility-report/index.html, which site.py publishes
    (the report, or a page that says none exists yet), and -> <page>.json beside the page."""
    hrefs = {
        "report": "../" * (docname.count("/") + 1) + REPORT_PATH,
        "json": f"{Path(docname).name}.json",
    }
    for node in list(doctree.findall(statement_link)):
        target = node["legalpages_target"]
        link = nodes.reference("", node.astext(), refuri=hrefs[target], classes=[f"statement-{target}"])
        if target == "json":
            link["type"] = "application/json"
        node.replace_self(link)
    if app.builder.format == "html" and app.env.metadata.get(docname, {}).get("legalpages_statement"):
        write_json(app, doctree, docname)


def json_fields(app: Sphinx, statement: Statement, texts: dict[str, str], docname: str) -> dict[str, Any]:
    """The EU model statement's fields (Implementing Decision (EU) 2018/1523, Annex)."""

    def value(key: str) -> Any:
        found = statement[key]
        if isinstance(found, Placeholder):
            return None
        return found.isoformat() if isinstance(found, dt.date) else found

    facts = statement.facts
    contact, body = facts[statement["feedback.contact"]], facts[statement["enforcement.body"]]
    items = statement["compliance.non_accessible"]
    prefix = "../" * docname.count("/")
    return {
        "language": app.config.language,
        "statement": f"{prefix}{Path(docname).name}.html",
        "public_sector_body": facts[statement["scope.body"]]["name"],
        "scope": {"name": language_settings(app.config)["project"], "url": value("scope.url")},
        "standards": ["BITVNRW", "EN 301 549", "WCAG 2.1 AA"],
        "compliance_status": value("compliance.status"),
        "non_accessible_content": None
        if isinstance(items, Placeholder)
        else [
            {
                "content": texts[f"compliance.non_accessible.{index}.content"],
                "reason": item.reason,
                "explanation": texts[f"compliance.non_accessible.{index}.explanation"],
                "alternative": texts[f"compliance.non_accessible.{index}.alternative"],
            }
            for index, item in enumerate(items)
        ],
        "preparation": {
            "prepared": value("preparation.prepared"),
            "last_reviewed": value("preparation.reviewed"),
            "method": value("preparation.method"),
            "assessed": value("preparation.assessed"),
            "assessor": value("preparation.assessor") if "preparation.assessor" in statement.values else None,
            "tools": list(TOOLS),
            "test_report": "../" * (docname.count("/") + 1) + REPORT_PATH,
        },
        "feedback": {
            "contact": contact["name"],
            "email": contact.get("email"),
            "form": value("feedback.form"),
        },
        "enforcement": {"body": body["name"], "web": body.get("web")},
        "open_placeholders": statement.placeholders,
    }


def write_json(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    texts = {
        node["legalpages_statement_field"]: node.astext()
        for node in doctree.findall(nodes.paragraph)
        if "legalpages_statement_field" in node
    }
    data = json_fields(app, statement_of(app.env), texts, docname)
    target = Path(app.outdir) / f"{docname}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("legalpages.extensions.settings")  # the facts, legalpages_languages
    app.add_directive("accessibility-statement", StatementDirective)
    app.add_role("statement", StatementRole())
    app.add_role("statement-report", StatementLinkRole("report"))
    app.add_role("statement-json", StatementLinkRole("json"))
    app.add_node(statement_link)
    app.connect("doctree-resolved", resolve_statement_links)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
