"""What a translation must keep from its German message: MyST roles, links, code, numbers.

One implementation of "the markup of a message", shared by the catalog check (po_check) and
anything else that compares a translation with its source, e.g. the link checker
(``urls_in``, ``compare_links``). Works on one message: MyST inline syntax, not HTML.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# {name}`content` -- also {name}``content with ` inside``
ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w:.+-]*)\}(?P<ticks>`+)(?P<content>.+?)(?P=ticks)", re.DOTALL)
# roles whose content is prose that the translator translates: only their number must match
TEXT_ROLES = frozenset({"placeholder", "abbr", "term", "sub", "sup", "strong", "emphasis", "guilabel"})
TEXT_ROLES |= {"statement-report", "statement-json"}  # link texts (legalpages/extensions/accessibility_statement.py)
CODE = re.compile(r"(?P<ticks>`+)(?P<code>.+?)(?P=ticks)", re.DOTALL)
# [text](target "title") and [text](<target with spaces>)
MARKDOWN_LINK = re.compile(
    r"\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\(\s*(?:<(?P<angled>[^>]*)>|(?P<plain>[^)\s]*))[^)]*\)"
)
AUTOLINK = re.compile(r"<(?P<url>(?:[a-zA-Z][\w+.-]*:|[^\s<>@]+@)[^\s<>]*)>")
BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"')\]]*[^\s<>\"')\].,;:!?]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# a phone/fax number or another long number (7+ digits): +49 211 837-2000, 0211/837-2000
LONG_NUMBER = re.compile(r"(?<![\w.])\+?\(?\d[\d\s/()\u00a0-]{5,}\d(?![\w])")
SUBSTITUTION = re.compile(r"\{\{\s*(?P<name>[\w.-]+)\s*\}\}")
FOOTNOTE = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
# § 23a, §§ 10d, 10e, Art. 13 und 14, Section 5, Sections 10d and 10e, Articles 15 to 22
NUMBER_LIST = r"(?P<numbers>\d+[a-z]?\b(?:\s*(?:,|–|-|und|and|bis|to|sowie|oder|or)\s*\d+[a-z]?\b)*)"
SECTION = re.compile(r"(?:§§?|\b[Ss]ections?\b)[\s\u00a0]*" + NUMBER_LIST)
ARTICLE = re.compile(r"\b(?:Arts?\.|Artikel\b|[Aa]rticles?\b)[\s\u00a0]*" + NUMBER_LIST)
NUMBER = re.compile(r"\d+[a-z]?")
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][\w-]*(?:\s[^<>]*)?/?\s*>|<!--")
DANGEROUS_URL = re.compile(r"(?i)\b(?:javascript|vbscript)\s*:|\bdata:\s*text/html")


@dataclass
class Markup:
    """The parts of one message that a translation must keep, each as a multiset."""

    roles: Counter[str] = field(default_factory=Counter)
    links: Counter[str] = field(default_factory=Counter)
    code: Counter[str] = field(default_factory=Counter)
    emails: Counter[str] = field(default_factory=Counter)
    numbers: Counter[str] = field(default_factory=Counter)
    paragraphs: set[str] = field(default_factory=set)
    substitutions: Counter[str] = field(default_factory=Counter)
    footnotes: Counter[str] = field(default_factory=Counter)


def role_key(name: str, content: str) -> str:
    """{fact}`x` -> "{fact}`x`"; {ref}`text <label>` -> "{ref}`<label>`"; {placeholder}`...` -> "{placeholder}"."""
    if name in TEXT_ROLES:
        return f"{{{name}}}"
    target = re.search(r"<([^<>]+)>\s*$", content)
    return f"{{{name}}}`{(target.group(1) if target else content).strip()}`"


def blank(pattern: re.Pattern[str], text: str) -> str:
    """Remove what pattern matches, keeping the text around it apart."""
    return pattern.sub(" ", text)


def urls_in(text: str) -> list[str]:
    """Every link target of a MyST message: [text](url), <url>, bare URLs. Roles and code are not links."""
    text = blank(CODE, blank(ROLE, text))
    urls = []
    for match in MARKDOWN_LINK.finditer(text):
        urls.append((match.group("angled") if match.group("angled") is not None else match.group("plain")).strip())
    text = blank(MARKDOWN_LINK, text)
    urls += [match.group("url") for match in AUTOLINK.finditer(text)]
    urls += BARE_URL.findall(blank(AUTOLINK, text))
    return urls


def compare_links(msgid: str, msgstr: str) -> str | None:
    """None when the translation links to exactly the same targets; otherwise what differs."""
    return difference("link", Counter(urls_in(msgid)), Counter(urls_in(msgstr)))


def prose(text: str) -> str:
    """The words of a message: roles, code, URLs, e-mail addresses and substitutions removed, link texts kept."""
    text = blank(ROLE, text)
    text = blank(CODE, text)
    text = MARKDOWN_LINK.sub(lambda match: f" {match.group('text')} ", text)
    text = blank(AUTOLINK, text)
    text = blank(BARE_URL, text)
    text = blank(EMAIL, text)
    text = blank(SUBSTITUTION, text)
    return blank(FOOTNOTE, text)


def paragraph_numbers(text: str) -> set[str]:
    """The numbers of § and Art. references: "§ 5 Abs. 1" and "Section 5(1)" both give "§ 5"."""
    found = set()
    for kind, pattern in (("§", SECTION), ("Art.", ARTICLE)):
        for match in pattern.finditer(text):
            found |= {f"{kind} {number}" for number in NUMBER.findall(match.group("numbers"))}
    return found


def only_digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def markup_of(text: str) -> Markup:
    without_roles = blank(ROLE, text)
    without_code = blank(CODE, without_roles)
    without_addresses = blank(EMAIL, blank(BARE_URL, blank(AUTOLINK, blank(MARKDOWN_LINK, without_code))))
    return Markup(
        roles=Counter(role_key(m.group("name"), m.group("content")) for m in ROLE.finditer(text)),
        links=Counter(urls_in(text)),
        code=Counter(m.group("code") for m in CODE.finditer(without_roles)),
        emails=Counter(EMAIL.findall(without_code)),
        numbers=Counter(
            digits for digits in map(only_digits, LONG_NUMBER.findall(without_addresses)) if len(digits) >= 7
        ),
        paragraphs=paragraph_numbers(prose(text)),
        substitutions=Counter(m.group("name") for m in SUBSTITUTION.finditer(without_code)),
        footnotes=Counter(FOOTNOTE.findall(without_code)),
    )


def difference(what: str, source: Counter[str] | set[str], translation: Counter[str] | set[str]) -> str | None:
    source, translation = Counter(source), Counter(translation)
    if source == translation:
        return None
    missing = sorted((source - translation).elements())
    extra = sorted((translation - source).elements())
    parts = []
    if missing:
        parts.append(f"missing {what} {', '.join(missing)}")
    if extra:
        parts.append(f"{what} not in the German text {', '.join(extra)}")
    return "; ".join(parts)


PARITY_CHECKS = (
    # attribute, what it is, how to fix it
    ("roles", "role", "copy each {role}`…` from the German text unchanged (translate only the words around it)"),
    ("links", "link", "keep every link target exactly as in the German text (translate only the link text)"),
    ("code", "inline code", "copy `code` spans unchanged"),
    ("emails", "e-mail address", "copy e-mail addresses unchanged"),
    ("numbers", "phone or other number", "copy phone, fax and other numbers digit for digit"),
    ("paragraphs", "reference", "cite the same § and Art. numbers ('§ 5' -> 'Section 5', 'Art. 13' -> 'Art. 13')"),
    ("substitutions", "substitution", "copy {{ substitutions }} unchanged"),
    ("footnotes", "footnote", "copy [^footnote] references unchanged"),
)


def compare(msgid: str, msgstr: str) -> list[str]:
    """What the translation lost or added, one sentence with its fix per kind of markup."""
    source, translation = markup_of(msgid), markup_of(msgstr)
    problems = []
    for attribute, what, fix in PARITY_CHECKS:
        found = difference(what, getattr(source, attribute), getattr(translation, attribute))
        if found:
            problems.append(f"{found}; {fix}")
    return problems


def raw_html(msgstr: str) -> list[str]:
    """Raw HTML and script URLs in a translation: MyST would pass them into the page unescaped."""
    text = blank(CODE, blank(ROLE, msgstr))
    found = [match.group(0) for match in HTML_TAG.finditer(blank(AUTOLINK, text))]
    found += [match.group(0) for match in DANGEROUS_URL.finditer(text)]
    return found
