"""The words of one message and the raw HTML in it, for the catalog checks (po_check, spelling).

What a translation must keep from its German message (roles, links, code, numbers) is compared on
the MyST parser's tokens in legalpages/policy.py (``translation_differences``), never with these
patterns. Works on one message: MyST inline syntax, not HTML.
"""

from __future__ import annotations

import re
from collections import Counter

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
SUBSTITUTION = re.compile(r"\{\{\s*(?P<name>[\w.-]+)\s*\}\}")
FOOTNOTE = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][\w-]*(?:\s[^<>]*)?/?\s*>|<!--")
DANGEROUS_URL = re.compile(r"(?i)\b(?:javascript|vbscript)\s*:|\bdata:\s*text/html")


def role_key(name: str, content: str) -> str:
    """{fact}`x` -> "{fact}`x`"; {ref}`text <label>` -> "{ref}`<label>`"; {placeholder}`...` -> "{placeholder}"."""
    if name in TEXT_ROLES:
        return f"{{{name}}}"
    target = re.search(r"<([^<>]+)>\s*$", content)
    return f"{{{name}}}`{(target.group(1) if target else content).strip()}`"


def blank(pattern: re.Pattern[str], text: str) -> str:
    """Remove what pattern matches, keeping the text around it apart."""
    return pattern.sub(" ", text)


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


def raw_html(msgstr: str) -> list[str]:
    """Raw HTML and script URLs in a translation: MyST would pass them into the page unescaped."""
    text = blank(CODE, blank(ROLE, msgstr))
    found = [match.group(0) for match in HTML_TAG.finditer(blank(AUTOLINK, text))]
    found += [match.group(0) for match in DANGEROUS_URL.finditer(text)]
    return found
