"""`make check-po`: every check a translation catalog must pass, reported as ``file.po:line: problem; fix``.

The line is that of the entry's msgid. Checks: every page has a catalog per translated language,
whose ``Language:`` header names that language; msgfmt --check; the catalog parses; in release mode
(``--release``) no untranslated or fuzzy entries; the translation keeps exactly the German text's
markup (links and link definitions, roles, images, directives, code and HTML), every number, date
and e-mail address, all compared on the MyST parser's tokens (policy.translation_differences); no
raw HTML; the named text checks in ``TEXT_CHECKS`` (translate-toolkit's pofilter where it fits,
Weblate's checks as the model for the rest); one German message translated the same everywhere;
the glossary's agreed terms; spelling (hunspell de_DE for the German text, en_GB for the English).

A translator excuses a named check for one message with a translator comment that says why:
``# endpunc-exception: the German sentence goes on in the address block`` (the glossary:
``# glossary-exception: <German term>: <why>``). Markup has no exception: it is security.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

from legalpages import markup, policy, spelling
from legalpages.policy import walk
from legalpages.project import PROJECT
from legalpages.source_checks import Problem

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
GLOSSARY = Path(__file__).resolve().parent / "glossary.toml"
MSGFMT_LINE = re.compile(r"^(?P<path>.+?\.po):(?P<line>\d+):(?:\d+:)?\s*(?P<message>.*)$")


class ToolError(Exception):
    """A tool the check needs is missing; the message names the package."""


@dataclass(frozen=True)
class Term:
    de: tuple[str, ...]
    en: tuple[str, ...]
    note: str
    pattern: re.Pattern[str]

    def agreed(self, translation: str) -> bool:
        return any(re.search(rf"(?<!\w){re.escape(term)}", translation, re.IGNORECASE) for term in self.en)


def german_pattern(form: str) -> str:
    """ "personenbezogene Daten" also matches "personenbezogener Daten"; a noun matches only capitalised."""
    words = []
    for word in form.split():
        pattern = re.escape(word) + ("[a-zäöüß]{0,2}" if word[-1].isalpha() else "")
        words.append(pattern)
    pattern = r"\s+".join(words)
    if form[0].islower():
        pattern = f"[{form[0]}{form[0].upper()}]" + pattern[len(re.escape(form[0])) :]
    return rf"(?<![\w-]){pattern}(?!\w)"


def load_glossary(path: Path = GLOSSARY) -> list[Term]:
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8"))["term"]
        return [
            Term(
                de=tuple(entry["de"]),
                en=tuple(entry["en"]),
                note=entry.get("note", ""),
                pattern=re.compile("|".join(german_pattern(form) for form in entry["de"])),
            )
            for entry in entries
        ]
    except (tomllib.TOMLDecodeError, KeyError, TypeError, IndexError) as error:
        where = display(path)
        raise ToolError(f"{where}: {error}; each [[term]] needs de = [...] and en = [...] (TOML)") from None


def display(path: Path) -> str:
    path = path.resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def msgfmt_problems(path: Path) -> list[Problem]:
    """GNU msgfmt's own check: syntax, header, duplicate messages; its messages carry file:line already."""
    try:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", display(path)], cwd=ROOT, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise ToolError("msgfmt is not installed; install it: apt-get install gettext") from None
    problems = []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for line in result.stderr.splitlines():
        match = MSGFMT_LINE.match(line)
        if match:
            message = f"{match.group('message')}; fix the PO syntax of this entry (msgfmt --check)"
            problems.append(Problem(display(path), entry_line(lines, int(match.group("line"))), message))
    if result.returncode != 0 and not problems:
        problems.append(Problem(display(path), 1, f"msgfmt --check failed: {result.stderr.strip()}"))
    return problems


def entry_line(lines: list[str], line: int) -> int:
    """The msgid line of the entry that contains `line` (msgfmt points into the entry, or just past it)."""
    for number in range(min(line, len(lines)), 0, -1):
        if re.match(r"(#~\s*)?msgid\b", lines[number - 1]):
            return number
    return line


def read_catalog(path: Path) -> Catalog | Problem:
    try:
        with path.open("rb") as file:
            return read_po(file, abort_invalid=True)
    except PoFileError as error:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        message = str(error.args[0]).rsplit(" on ", 1)[0]  # Babel appends its own 0-based line
        return Problem(
            display(path), entry_line(lines, error.lineno + 1), f"{message}; fix the PO syntax of this entry"
        )
    except (UnicodeDecodeError, ValueError) as error:
        return Problem(display(path), 1, f"the catalog does not parse ({error}); save it as UTF-8 PO")


def messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id and isinstance(message.id, str)]


def translated(message: Message) -> bool:
    return bool(message.string) and not message.fuzzy


FUZZY = "fuzzy: the German text changed; check the translation, then remove the fuzzy flag"
UNTRANSLATED = "untranslated: translate this message (the English page shows German until then)"
RAW_HTML = "raw HTML or script URL {!r} in the translation; use MyST markup as in the German text"
GLOSSARY_TERM = (
    "glossary: '{}' is '{}' in English{}; use the agreed term (legalpages/glossary.toml) or explain "
    "a deliberate exception in a translator comment '# glossary-exception: <German term>: <why>'"
)


def completeness_problems(path: str, message: Message) -> list[Problem]:
    if message.fuzzy:
        return [Problem(path, message.lineno, FUZZY)]
    if not message.string:
        return [Problem(path, message.lineno, UNTRANSLATED)]
    return []


def glossary_exceptions(message: Message) -> set[str]:
    """Terms a translator deliberately translated otherwise here, with a translator comment
    ``# glossary-exception: betroffene Person: the person the hardship case is about``."""
    found = set()
    for comment in message.user_comments:
        keyword, _, rest = comment.partition(":")
        if keyword.strip() == "glossary-exception":
            found.add(rest.partition(":")[0].strip().casefold())
    return found


# -- the named text checks ------------------------------------------------------------------------


def plain_text(text: str) -> str:
    """A message as a reader sees its words: link texts and code kept, each role one placeholder
    word (its text is a fact or a label), paragraphs on their own lines. What the text checks read."""
    parts = []
    for block in policy.markdown_parser().parse(text, {}):
        if block.type != "inline":
            continue
        line = []
        for token in walk(block.children or []):
            if token.type in ("text", "code_inline"):
                line.append(token.content)
            elif token.type == "myst_role":
                line.append(f"ROLE{len(line)}")  # numbered: two roles in a row are no doubled word
            elif token.type in ("softbreak", "hardbreak"):
                line.append(" ")
        parts.append("".join(line))
    return "\n".join(parts)


@cache
def pofilter_checker() -> Any:
    """translate-toolkit's checker as `pofilter` runs it (imported only when a catalog is checked)."""
    from translate.filters.checks import CheckerConfig, StandardChecker

    return StandardChecker(CheckerConfig(targetlanguage="en"))


def pofilter(name: str) -> Callable[[str, str], str | None]:
    """One of translate-toolkit's pofilter checks, on the plain text: its message, or None if it passes."""

    def check(german: str, english: str) -> str | None:
        from translate.filters.checks import FilterFailure

        try:
            getattr(pofilter_checker(), name)(german, english)
        except FilterFailure as failure:
            return "; ".join(str(message) for message in failure.messages)
        return None

    return check


CLOSING = ")]}“”‘’»›"
PAIRS = {"(": ")", "[": "]", "{": "}", "„": "“", "“": "”", "‚": "‘", "‘": "’", "«": "»", "‹": "›"}


def unbalanced(text: str) -> str | None:
    """The first bracket or quotation mark without its partner. “ closes „ (German) and opens ”
    (English); ‘ likewise, so each is read as the closing mark when one is open."""
    stack: list[str] = []
    for char in text:
        if stack and char == PAIRS[stack[-1]]:
            stack.pop()
        elif char in PAIRS:
            stack.append(char)
        elif char in CLOSING:
            return char
    straight = [char for char in '"' if text.count(char) % 2]
    return stack[-1] if stack else (straight[0] if straight else None)


def doubled_words(german: str, english: str) -> str | None:
    """pofilter's doublewords, unless only a sentence end lies between ("log in. In addition")."""
    problem = pofilter("doublewords")(german, english)
    word = re.search(r"'([^']+)'", problem or "")
    if word and not re.search(rf"(?<!\w){re.escape(word[1])}\s+{re.escape(word[1])}(?!\w)", english, re.IGNORECASE):
        return None
    return problem


ORDINAL_DOT = re.compile(r"(?<=\d)\.(?=[\s\u00a0]+[a-zäöüß])")


def sentence_count(german: str, english: str) -> str | None:
    """pofilter's sentencecount, with dates ("26. November 2026") and German ordinals ("3. Stock")
    first taken out: their full stop ends no sentence."""
    texts = []
    for text in (german, english):
        for pattern in policy.DATE_PATTERNS:
            text = pattern.sub("DATE", text)
        texts.append(ORDINAL_DOT.sub("", text))
    return pofilter("sentencecount")(*texts)


def balance(german: str, english: str) -> str | None:
    found = unbalanced(english)
    if found and not unbalanced(german):
        return f"the bracket or quotation mark {found!r} has no partner"
    return None


WORDS = re.compile(r"[^\W\d_]{2,}")


def unchanged(german: str, english: str) -> str | None:
    """Weblate's "same": prose copied from the German. Messages of names, facts and codes only
    (no word left besides the role placeholders) are not prose."""
    words = [word for word in WORDS.findall(german) if word != "ROLE"]
    if len(words) > 1 and german.strip() == english.strip():
        return "the translation is the German text unchanged"
    return None


# Zero-width characters, directional controls, the byte order mark, soft hyphens (the build adds its
# own), and C0/C1 control characters other than newline and tab: invisible, or they reorder text.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_characters(german: str, english: str) -> str | None:
    found = sorted({char for char in INVISIBLE.findall(english)} - set(INVISIBLE.findall(german)))
    if found:
        return "invisible or control character " + ", ".join(f"U+{ord(char):04X}" for char in found)
    return None


@dataclass(frozen=True)
class TextCheck:
    name: str  # as in pofilter or Weblate, and in a `# <name>-exception: <why>` comment
    check: Callable[[str, str], str | None]
    fix: str
    raw: bool = False  # reads the message as written, not its plain text
    blocking: bool = False  # also stops make site; the others are style, for make check-po (make test) only


TEXT_CHECKS = (
    TextCheck("startwhitespace", pofilter("startwhitespace"), "start the translation as the German text does, "
              "without extra spaces or line breaks", raw=True),
    TextCheck("endwhitespace", pofilter("endwhitespace"), "end the translation as the German text does, "
              "without extra spaces or line breaks", raw=True),
    TextCheck("controlchars", control_characters, "delete the invisible character (retype the words around it)",
              raw=True, blocking=True),  # a directional control can make a page say what it does not
    TextCheck("endpunc", pofilter("endpunc"), "end with the same punctuation as the German text"),
    TextCheck("doublewords", doubled_words, "delete the repeated word"),
    TextCheck("balance", balance, "close every bracket and quotation mark you open"),
    TextCheck("sentencecount", sentence_count, "translate sentence by sentence, "
              "so that no sentence of the German text is lost or added"),
    TextCheck("unchanged", unchanged, "translate the German text"),
)  # fmt: skip
EXCEPTION_HINT = "; or, if it is right here, say why in a translator comment '# {}-exception: <why>'"


def text_check_problems(message: Message, excused: dict[str, str], style: bool = True) -> list[str]:
    german, english = plain_text(message.id), plain_text(message.string)
    found = []
    for check in TEXT_CHECKS:
        if check.name in excused or not (style or check.blocking):
            continue
        problem = check.check(message.id, message.string) if check.raw else check.check(german, english)
        if problem:
            found.append(f"{check.name}: {problem}; {check.fix}{EXCEPTION_HINT.format(check.name)}")
    return found


def translation_problems(path: str, message: Message, glossary: list[Term], style: bool = True) -> list[Problem]:
    excused = policy.exceptions(message.user_comments)
    found = [
        problem + (EXCEPTION_HINT.format(check) if check != "markup" else "")
        for check, problem in policy.token_differences(message.id, message.string)
        if check == "markup" or check not in excused  # markup is security: no exception
    ]
    found += text_check_problems(message, excused, style)
    found += [RAW_HTML.format(html) for html in markup.raw_html(message.string)]
    german, english = markup.prose(message.id), markup.prose(message.string)
    exceptions = glossary_exceptions(message)
    for term in glossary:
        match = term.pattern.search(german)
        if match and not term.agreed(english) and not exceptions & {form.casefold() for form in term.de}:
            found.append(GLOSSARY_TERM.format(match.group(0), term.en[0], f" ({term.note})" if term.note else ""))
    return [Problem(path, message.lineno, problem) for problem in found]


GERMAN_WORD = "German source: unknown word {}; fix it in {} or add it to legalpages/wordlists/{}.txt"
ENGLISH_WORD = "spelling: unknown word {}; correct it (British English) or add it to legalpages/wordlists/{}.txt"


def spelling_problems(path: str, language: str, entries: list[Message]) -> list[Problem]:
    problems = []
    sources = spelling.check([message.id for message in entries], PROJECT.source_language)
    done = [message for message in entries if translated(message)]
    translations = spelling.check([message.string for message in done], language)
    for message, unknown in zip(entries, sources, strict=True):
        source = message.locations[0][0] if message.locations else "the German source"
        for word in unknown:
            problems.append(Problem(path, message.lineno, GERMAN_WORD.format(word, source, PROJECT.source_language)))
    for message, unknown in zip(done, translations, strict=True):
        for word in unknown:
            problems.append(Problem(path, message.lineno, ENGLISH_WORD.format(word, language)))
    return problems


def check_file(
    path: Path, release: bool = False, glossary: list[Term] | None = None, spell: bool = True, style: bool = True
) -> list[Problem]:
    """All checks of one catalog. The site build passes glossary=[], spell=False and style=False: it
    blocks on what breaks, endangers or falsifies a page (syntax, the language, markup, links, HTML,
    numbers, dates, e-mail addresses, invisible characters), not on translation style, which
    `make check-po` (part of `make test`, before anything is published) reports."""
    shown = display(path)
    if not path.is_file():
        return [Problem(shown, 1, "no such catalog; give a path like locale/en/LC_MESSAGES/impressum.po")]
    problems = msgfmt_problems(path)
    if problems:
        return problems  # the other checks need a catalog that parses
    catalog = read_catalog(path)
    if isinstance(catalog, Problem):
        return [catalog]
    glossary = load_glossary() if glossary is None else glossary
    language = path.parent.parent.name
    if language not in spelling.DICTIONARIES or path.parent.name != "LC_MESSAGES":
        return [Problem(shown, 1, "not a catalog path; catalogs live in locale/<language>/LC_MESSAGES/<page>.po")]
    header_language = str(catalog.locale) if catalog.locale else ""
    if language not in (header_language, getattr(catalog.locale, "language", "")):  # "en" or "en_GB"
        problems.append(
            Problem(shown, header_line(path), WRONG_LANGUAGE.format(header_language or "none", language, language))
        )
    entries = messages(catalog)
    for message in entries:
        if release:
            problems += completeness_problems(shown, message)
        if translated(message):
            problems += translation_problems(shown, message, glossary, style)
    if spell:
        try:
            problems += spelling_problems(shown, language, entries)
        except spelling.SpellingError as error:
            raise ToolError(str(error)) from None
    return sorted(problems)


WRONG_LANGUAGE = 'the header says Language: {} but the catalog is in the folder of {}; write "Language: {}\\n"'
MISSING = "missing catalog: docs/{}.md has no {} translation; run `make update-po` to create it, then translate it"


def header_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((number for number, line in enumerate(lines, 1) if line.startswith('"Language:')), 1)


def missing_catalogs(languages: tuple[str, ...] = PROJECT.translated) -> list[Problem]:
    """A page without a catalog in a translated language would be published in German as a translation
    (make check-po, and the build's compile step, catalogs.compile_catalogs)."""
    return [
        Problem(display(LOCALE_DIR / language / "LC_MESSAGES" / f"{page}.po"), 1, MISSING.format(page, language))
        for language in languages
        for page in PROJECT.catalog_pages
        if not (LOCALE_DIR / language / "LC_MESSAGES" / f"{page}.po").is_file()
    ]


INCONSISTENT = (
    "inconsistent: the same German text is translated differently in {}:{}; use one translation, "
    "or say why in a translator comment '# inconsistent-exception: <why>'"
)


def inconsistent_problems(paths: list[Path]) -> list[Problem]:
    """Weblate's "inconsistent": one German message, two translations in the catalogs of one language."""
    seen: dict[tuple[str, str], tuple[str, Message]] = {}
    problems = []
    for path in sorted(paths):
        catalog = read_catalog(path)
        if isinstance(catalog, Problem):
            continue
        for message in messages(catalog):
            if not translated(message) or "inconsistent" in policy.exceptions(message.user_comments):
                continue
            key = (path.parent.parent.name, message.id)
            if key not in seen:
                seen[key] = (display(path), message)
            elif seen[key][1].string != message.string:
                first_path, first = seen[key]
                problems.append(Problem(display(path), message.lineno, INCONSISTENT.format(first_path, first.lineno)))
    return problems


def catalogs() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def incomplete(paths: list[Path] | None = None) -> list[Problem]:
    """Untranslated and fuzzy entries: what a release build refuses (needs no hunspell)."""
    problems = []
    for path in catalogs() if paths is None else paths:
        catalog = read_catalog(path)
        if isinstance(catalog, Problem):
            problems.append(catalog)
            continue
        for message in messages(catalog):
            problems += completeness_problems(display(path), message)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check translation catalogs (make check-po).")
    parser.add_argument("files", nargs="*", type=Path, help="catalogs to check (default: all)")
    parser.add_argument("--release", action="store_true", help="also fail on untranslated and fuzzy entries")
    args = parser.parse_args(argv)
    files = [file.absolute() for file in args.files] or catalogs()
    problems: list[Problem] = [] if args.files else missing_catalogs()
    try:
        glossary = load_glossary()
        for path in files:
            problems += check_file(path, args.release, glossary)
        checked = {path.resolve() for path in files}
        # every catalog of the language is read, but only the named files' messages are reported
        problems += [
            problem
            for problem in inconsistent_problems(sorted(set(catalogs()) | set(files)))
            if (ROOT / problem.path).resolve() in checked
        ]
    except ToolError as error:
        print(f"check-po: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    mode = " (release mode)" if args.release else ""
    if problems:
        print(f"check-po: {len(problems)} problem(s) in {len(files)} catalog(s){mode}", file=sys.stderr)
        return 1
    print(f"check-po: {len(files)} catalog(s) OK{mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
