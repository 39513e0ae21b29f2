"""`make check-po`: every check a translation catalog must pass, reported as ``file.po:line: problem; fix``.

The line is that of the entry's msgid. Checks: msgfmt --check; the catalog parses; in release mode
(``--release``) no untranslated or fuzzy entries; the translation keeps exactly the German text's
markup (links, roles, images, directives, code and HTML compared on the MyST parser's tokens, see
legalpages/policy.py; e-mail addresses, numbers, § and Art. references); no raw HTML;
the glossary's agreed terms; spelling (hunspell de_DE for the German text, en_GB for the English).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

from legalpages import markup, policy, spelling
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


# Links, roles, images, directives, code and HTML are compared on the MyST parser's token stream
# (policy.translation_differences); the text-level checks of markup.py do the rest.
TEXT_PARITY_CHECKS = tuple(check for check in markup.PARITY_CHECKS if check[0] not in ("roles", "links", "code"))


def text_differences(msgid: str, msgstr: str) -> list[str]:
    source, translation = markup.markup_of(msgid), markup.markup_of(msgstr)
    problems = []
    for attribute, what, fix in TEXT_PARITY_CHECKS:
        found = markup.difference(what, getattr(source, attribute), getattr(translation, attribute))
        if found:
            problems.append(f"{found}; {fix}")
    return problems


def translation_problems(path: str, message: Message, glossary: list[Term]) -> list[Problem]:
    found = policy.translation_differences(message.id, message.string)
    found += text_differences(message.id, message.string)
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
    path: Path, release: bool = False, glossary: list[Term] | None = None, spell: bool = True
) -> list[Problem]:
    """All checks of one catalog. The site build passes glossary=[] and spell=False: it blocks on
    what breaks or endangers a page (syntax, markup, links, HTML), not on translation style."""
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
    entries = messages(catalog)
    for message in entries:
        if release:
            problems += completeness_problems(shown, message)
        if translated(message):
            problems += translation_problems(shown, message, glossary)
    if spell:
        try:
            problems += spelling_problems(shown, language, entries)
        except spelling.SpellingError as error:
            raise ToolError(str(error)) from None
    return sorted(problems)


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
    problems: list[Problem] = []
    try:
        glossary = load_glossary()
        for path in files:
            problems += check_file(path, args.release, glossary)
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
