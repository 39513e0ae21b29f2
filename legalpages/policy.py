"""What a page and a translation may use: the allowlists of the build, and where they are enforced.

Allowlists, not blocklists: anything that is not listed here is an error with `file:line`, so a
dependency upgrade that registers a new directive or role is blocked until someone adds it here.

- A page (``docs/*.md``) may use the MyST directives in ``DIRECTIVES`` with the options listed for
  each, the roles in ``ROLES``, the front-matter keys in ``FRONT_MATTER_KEYS``, links to a page, a
  label or a URL with a scheme in ``URL_SCHEMES``, and images that are files inside ``docs/``.
- A translation (msgstr) may use exactly the links, roles, images, directives, code and HTML of its
  msgid, compared on the markdown-it token stream of the MyST parser that Sphinx uses
  (``translation_differences``; `make check-po` and every translated build call it).

Where the rules are enforced:
- ``PolicyParser`` wraps the project's MyST source parser. It checks the front matter before MyST
  reads it (``myst:`` can switch on extensions and add ``<meta http-equiv>``) and, while it parses,
  puts itself in front of docutils' and Sphinx's directive and role dispatch: a directive that is
  not listed never runs, so an ``{include}`` never reads its file. Translated messages are parsed
  through the same parser (sphinx/transforms/i18n.py ``_publish_msgstr``).
- ``check_doctree`` (doctree-read) checks what came out: links, images, downloads, <meta> nodes,
  toctree entries and the files the page depends on. What it rejects it also removes, so a failed
  build's output (which the preview serves) holds none of it.
- ``check_catalogs`` (translated builds, every build) runs the msgstr comparison on the catalogs.

Every message goes through Sphinx's logger with a location, so `-W` turns it into a failed build.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from legalpages.project import PROJECT

if TYPE_CHECKING:  # hints only: po_check imports this module and must start fast
    from docutils import nodes
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent

# -- the allowlists --------------------------------------------------------------------------------

ADMONITION_OPTIONS: frozenset[str] = frozenset()
IMAGE_OPTIONS = frozenset({"alt", "width", "height", "align"})  # no :target: (a link) and no :class:
# directive -> the options it may take
DIRECTIVES: dict[str, frozenset[str]] = {
    "address": frozenset(),  # ours: a contact block (legalpages/sphinx_ext.py)
    "accessibility-statement": frozenset(),  # ours: a section of the statement from its data file
    "note": ADMONITION_OPTIONS,
    "important": ADMONITION_OPTIONS,
    "warning": ADMONITION_OPTIONS,
    "tip": ADMONITION_OPTIONS,
    "hint": ADMONITION_OPTIONS,
    "caution": ADMONITION_OPTIONS,
    "attention": ADMONITION_OPTIONS,
    "toctree": frozenset({"maxdepth", "hidden", "caption", "titlesonly"}),
    "image": IMAGE_OPTIONS,
    "figure": IMAGE_OPTIONS | {"figwidth"},
}
ROLES = frozenset(
    {"fact", "placeholder", "statement", "statement-report", "statement-json", "ref", "doc", "abbr", "sub", "sup"}
)
FRONT_MATTER_KEYS = frozenset({"orphan"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # conf.py's myst_url_schemes

logger_name = __name__
SCHEMES = ", ".join(f"{scheme}:" for scheme in sorted(URL_SCHEMES))
LINK_FIX = f"link to a page, a label or a URL ({SCHEMES})"
IMAGE_FIX = "put the image file into docs/"
FIX_DIRECTIVE = "use one of " + ", ".join(f"{{{name}}}" for name in sorted(DIRECTIVES)) + " (legalpages/policy.py)"
FIX_ROLE = "use one of " + ", ".join(f"{{{name}}}" for name in sorted(ROLES)) + " (legalpages/policy.py)"


def _logger():
    from sphinx.util import logging

    return logging.getLogger(logger_name)


def scheme_of(url: str) -> str:
    """The scheme of a URL as a browser reads it (it ignores tabs, newlines and leading spaces)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip().lower()
    return urlsplit(cleaned).scheme if re.match(r"^[a-z][a-z0-9+.-]*:", cleaned) else ""


def is_inside(path: Path, folder: Path) -> bool:
    """path, with every symlink followed, is folder or below it."""
    return path.resolve().is_relative_to(folder.resolve())


# -- parse-time enforcement: front matter, directives, roles ------------------------------------------

FRONT_MATTER_LINE = re.compile(r"^(?P<key>[^\s:#-][^:]*?)\s*:")


def front_matter_lines(text: str) -> list[str] | None:
    """The lines between the opening and closing --- of a page's front matter, or None."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            return lines[1:end]
    return None


def front_matter_problems(text: str, translated: bool) -> tuple[list[tuple[int, str]], str]:
    """(line, message) for every front-matter key that is not allowed, and the text with those keys
    blanked out (line numbers kept), so that MyST never acts on them. A translation may have none."""
    block = front_matter_lines(text)
    if block is None:
        return [], text
    problems = []
    lines = text.split("\n")
    blanking = False
    for offset, line in enumerate(block):
        number = offset + 2  # the block starts on line 2
        match = FRONT_MATTER_LINE.match(line)
        if match:
            key = match["key"].strip().strip("'\"")
            blanking = translated or key not in FRONT_MATTER_KEYS
            if blanking:
                allowed = "none in a translation" if translated else ", ".join(sorted(FRONT_MATTER_KEYS))
                problems.append((number, f"front-matter key {key!r} is not allowed (allowed: {allowed})"))
        if blanking:
            lines[number - 1] = ""
    if translated and not problems:
        problems.append((2, "a translation may not have front matter"))
    if not any(lines[1 : len(block) + 1]):  # nothing left: no front matter at all
        lines[0] = lines[len(block) + 1] = ""
    return problems, "\n".join(lines)


def restricted_directive(directive: type, name: str) -> type:
    """The directive class with only the allowed options (MyST reports any other as unknown)."""
    allowed = DIRECTIVES[name]
    spec = {option: value for option, value in (directive.option_spec or {}).items() if option in allowed}
    return type(directive.__name__, (directive,), {"option_spec": spec})


def rejected_directive() -> type:
    from docutils.parsers.rst import Directive

    class RejectedDirective(Directive):
        """Stands in for a directive that is not allowed: takes anything, runs nothing."""

        has_content = True
        optional_arguments = 100
        final_argument_whitespace = True
        option_spec = None

        def run(self) -> list:
            return []

    return RejectedDirective


def rejected_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any, options=None, content=None):
    return [], []


class Dispatcher:
    """Stands in front of docutils' and Sphinx's directive and role lookup while one source parses."""

    def __init__(self, report: Callable[[int | None, str], None]) -> None:
        self.report = report

    def __enter__(self) -> Dispatcher:
        from docutils.parsers.rst import directives, roles

        self.directive_func, self.role_func = directives.directive, roles.role
        directives.directive, roles.role = self.directive, self.role
        return self

    def __exit__(self, *exc: object) -> None:
        from docutils.parsers.rst import directives, roles

        directives.directive, roles.role = self.directive_func, self.role_func

    def directive(self, name: str, language_module: Any, document: nodes.document) -> tuple[type | None, list]:
        key = name.lower()
        if key not in DIRECTIVES:
            self.report(document.current_line, f"directive {{{name}}} is not allowed; {FIX_DIRECTIVE}")
            return rejected_directive(), []
        directive, messages = self.directive_func(name, language_module, document)
        return (restricted_directive(directive, key) if directive else None), messages

    def role(self, name: str, language_module: Any, lineno: int, reporter: Any) -> tuple[Any, list]:
        if name.lower() not in ROLES:
            self.report(lineno, f"role {{{name}}} is not allowed; {FIX_ROLE}")
            return rejected_role, []
        return self.role_func(name, language_module, lineno, reporter)


TRANSLATED_SOURCE = re.compile(r"^(?P<path>.*):(?P<line>\d+):<translated>$")


def node_location(node: nodes.Node) -> nodes.Node | str:
    """Where to point for a node: itself, or for a node that a msgstr brought in (its source is
    "page.md:12:<translated>", sphinx/transforms/i18n.py) the paragraph of the page it translates."""
    translated = TRANSLATED_SOURCE.match(str(node.source or ""))
    return f"{translated['path']}:{translated['line']}" if translated else node


def policy_parser(base: type) -> type:
    """The project's MyST parser class, with the front matter, directives and roles checked."""

    class PolicyParser(base):
        def parse(self, inputstring: str, document: nodes.document) -> None:
            source = str(document.get("source", ""))
            translated = TRANSLATED_SOURCE.match(source)
            env = document.settings.env

            reported = set()

            def report(line: int | None, message: str) -> None:
                if (line, message) in reported:  # a directive found before the parse and during it
                    return
                reported.add((line, message))
                if translated:  # a message parsed on its own: point at its paragraph
                    where = f"{translated['path']}:{translated['line']}"
                    message += f" (from the {env.config.language} translation catalog)"
                else:
                    where = f"{env.doc2path(env.docname)}:{line or 1}"
                _logger().error(message, location=where)

            if not translated and not is_inside(Path(env.doc2path(env.docname)), Path(env.srcdir)):
                report(1, "the page is a symbolic link to a file outside docs/; put the page itself there")
                inputstring = ""  # never parse (or publish) the file it leads to
            problems, inputstring = front_matter_problems(inputstring, bool(translated))
            if not translated:  # a msgstr is compared with its msgid instead (check_catalogs)
                problems += page_token_problems(inputstring)
            for line, message in problems:
                report(line, message)
            with Dispatcher(report):
                super().parse(inputstring, document)

    if hasattr(base, "take_parser"):
        # myst_speedup's pool lives on its class; a subclass must use that pool, not start its own
        PolicyParser.take_parser = staticmethod(base.take_parser)
    PolicyParser.__name__ = f"Policy{base.__name__}"
    return PolicyParser


def install_parser(app: Sphinx) -> None:
    """builder-inited: every extension has registered its parser by now; ours goes in front."""
    parsers = app.registry.source_parsers
    for filetype, parser in list(parsers.items()):
        if not parser.__name__.startswith("Policy"):
            parsers[filetype] = policy_parser(parser)


# -- after the parse: what a page's doctree may hold ----------------------------------------------------


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """Links, images, downloads, <meta>, toctree entries, dependencies; what is rejected is removed."""
    from docutils import nodes
    from sphinx import addnodes

    logger = _logger()
    srcdir = Path(app.srcdir).resolve()
    docname = app.env.docname

    def reject(node: nodes.Node, message: str, keep_text: bool = False) -> None:
        logger.error(message, location=node_location(node))
        if node.parent is not None:
            node.replace_self(nodes.Text(node.astext()) if keep_text else [])

    for node in list(doctree.findall(nodes.reference)) + list(doctree.findall(nodes.target)):
        uri = node.get("refuri", "")
        scheme = scheme_of(uri)
        if uri and not scheme and not uri.startswith("#") and isinstance(node, nodes.reference):
            # MyST turns a link to a page or label into a cross-reference; a plain path is neither
            reject(node, f"link to {uri[:60]!r} is not allowed; {LINK_FIX}", keep_text=True)
        elif uri and scheme and scheme not in URL_SCHEMES:
            reject(
                node,
                f"{scheme}: link {uri[:60]!r} is not allowed; {LINK_FIX}",
                keep_text=True,
            )
    downloads = list(doctree.findall(addnodes.download_reference))
    if downloads:  # Sphinx copies every noted download, whether a node still links it or not
        app.env.dlfiles.purge_doc(docname)
    for node in downloads:
        reject(
            node,
            f"link to the file {node.get('reftarget', '')!r} is not allowed; link to a page, a label or a URL",
            keep_text=True,
        )
    for node in list(doctree.findall(nodes.image)):
        uri = node.get("uri", "")
        candidates = node.get("candidates", {})
        if "?" in candidates or scheme_of(uri) or uri.startswith("//"):
            reject(node, f"remote image {uri[:80]!r} is not allowed; {IMAGE_FIX}")
            continue
        for path in [uri, *(value for key, value in candidates.items() if key != "?")]:
            if not is_inside(srcdir / path.lstrip("/"), srcdir):
                reject(node, f"image {uri!r} is outside docs/; only files in docs/ are published")
                break
    for node in list(doctree.findall(nodes.meta)):
        reject(node, "<meta> tags are not allowed in pages (front matter html_meta, {meta})")
    for node in doctree.findall(addnodes.toctree):
        for _title, ref in node.get("entries", []):
            if scheme_of(ref) or "//" in ref:
                logger.error("toctree entry %r is not a page; list pages of docs/ only", ref, location=node)
        node["entries"] = [
            (title, ref) for title, ref in node.get("entries", []) if not (scheme_of(ref) or "//" in ref)
        ]
    allowed_outside = [Path(folder).resolve() for folder in app.config.locale_dirs]  # the compiled catalogs
    for dependency in sorted(app.env.dependencies.get(docname, ())):
        path = (srcdir / dependency) if not Path(dependency).is_absolute() else Path(dependency)
        if not is_inside(path, srcdir) and not any(is_inside(path, folder) for folder in allowed_outside):
            logger.error(
                "the page reads %s, outside docs/; only files in docs/ may be used", path, location=(docname, 1)
            )


# -- translations: exactly the markup of the msgid -------------------------------------------------------


@cache
def project_myst_config() -> Any:
    """MyST's configuration as conf.py sets it (myst_* values), as Sphinx would build it."""
    from myst_parser.config.main import MdParserConfig

    return MdParserConfig(**PROJECT.myst)


@cache
def markdown_parser() -> MarkdownIt:
    """The markdown-it parser that MyST builds for Sphinx (create_md_parser), for its token stream.

    One change: it keeps every link as a link. markdown-it's validateLink turns a javascript:,
    vbscript:, file: or data: link into plain text, which is safe to show but hides what the writer or
    translator tried; here such a link is a token, so that the check can name it and fail."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.parsers.mdit import create_md_parser

    parser = create_md_parser(project_myst_config(), RendererHTML)
    parser.validateLink = lambda url: True
    return parser


DIRECTIVE_INFO = re.compile(r"\s*\{(?P<name>[^{}\s]+)\}")


def page_token_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for each directive that is not allowed, each link whose scheme is not allowed
    and each image that is not a file (remote or data:), in a page's own Markdown. Directive content
    is checked while it is parsed (Dispatcher) and in the doctree (check_doctree)."""
    problems = []
    for block in markdown_parser().parse(text, {}):
        directive = DIRECTIVE_INFO.match(block.info) if block.type == "fence" else None
        name = directive["name"] if directive else ""
        if name and name.lower() not in DIRECTIVES and block.map:
            # also those MyST runs without a directive lookup, such as {eval-rst}
            problems.append((block.map[0] + 1, f"directive {{{name}}} is not allowed; {FIX_DIRECTIVE}"))
        if block.type != "inline" or not block.map:
            continue
        for token in walk(block.children or []):
            if token.type == "link_open":
                href = str(token.attrGet("href"))
                scheme = scheme_of(href)
                if scheme and scheme not in URL_SCHEMES:
                    problems.append((block.map[0] + 1, f"{scheme}: link {href[:60]!r} is not allowed; {LINK_FIX}"))
            elif token.type == "image":
                src = str(token.attrGet("src"))
                if scheme_of(src) or src.startswith("//"):
                    problems.append((block.map[0] + 1, f"remote image {src[:80]!r} is not allowed; {IMAGE_FIX}"))
    return problems


def walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def markup_tokens(text: str, parser: MarkdownIt | None = None) -> Counter[tuple[str, str]]:
    """(kind, value) of everything in a message that is not prose: links (with their target as the
    parser resolved it: reference definitions, entities and autolinks included), link definitions
    (also those no link uses), images, roles, inline code, footnote references, directives and code
    blocks, HTML, front matter, targets and comments; and in the prose itself, every number (dates
    and periods read in both languages' formats, see ``numbers_in``) and e-mail address."""
    from legalpages.markup import EMAIL, role_key

    parser = parser or markdown_parser()
    found: Counter[tuple[str, str]] = Counter()
    env: dict[str, Any] = {}
    prose = []
    for token in walk(parser.parse(text, env)):
        kind = token.type
        if kind == "text":
            prose.append(token.content)
        elif kind == "link_open":
            found["link", str(token.attrGet("href"))] += 1
        elif kind == "image":
            found["image", str(token.attrGet("src"))] += 1
        elif kind == "myst_role":
            found["role", role_key(token.meta.get("name", ""), token.content)] += 1
        elif kind == "code_inline":
            found["inline code", token.content] += 1
        elif kind == "footnote_ref":
            found["footnote", str(token.meta.get("label", ""))] += 1
        elif kind == "fence":
            info = token.info.strip()
            found["directive" if info.startswith("{") else "code block", f"{info} {token.content}".strip()] += 1
        elif kind == "code_block":
            found["code block", token.content] += 1
        elif kind in ("html_inline", "html_block"):
            found["HTML", token.content.strip()] += 1
        elif kind == "front_matter":
            found["front matter", token.content.strip()] += 1
        elif kind in ("myst_target", "myst_line_comment", "myst_block_break"):
            found[kind.removeprefix("myst_").replace("_", " "), token.content.strip()] += 1
    for label, definition in env.get("references", {}).items():  # [label]: target, used or not
        found["link definition", f"[{label}]: {definition.get('href', '')}"] += 1
    words = " ".join(prose)
    for address in EMAIL.findall(words):
        found["e-mail address", address] += 1
    for number in numbers_in(EMAIL.sub(" ", words)):
        found["number", number] += 1
    return found


# -- numbers, dates and periods, as the two languages write them --------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "jänner", "january", "jan"),
            ("februar", "february", "feb"),
            ("märz", "march", "mär", "mar"),
            ("april", "apr"),
            ("mai", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("dezember", "december", "dez", "dec"),
        ),
        start=1,
    )
    for name in names
}
# Capitalised, as both languages write month names: "you may" is no date.
MONTH = r"(?P<month>" + "|".join(sorted((name.capitalize() for name in MONTHS), key=len, reverse=True)) + r")\.?"
SPACE = r"[\s\u00a0\u202f]"
DATE_PATTERNS = (
    # 26. November 2026, 26. Nov. 2026, 1. Januar
    re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})\.{SPACE}*{MONTH}(?:{SPACE}+(?P<year>\d{{4}}))?(?!\w)"),
    # 26 November 2026, 26th November 2026
    re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{SPACE}+(?:of{SPACE}+)?{MONTH}(?:,?{SPACE}+(?P<year>\d{{4}}))?(?!\w)"
    ),
    # November 26, 2026
    re.compile(rf"(?<!\w){MONTH}{SPACE}+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,{SPACE}*(?P<year>\d{{4}}))?(?!\w)"),
    # November 2026
    re.compile(rf"(?<!\w){MONTH}{SPACE}+(?P<year>\d{{4}})(?!\w)"),
    # 26.11.2026, 26/11/2026 (day first in both languages; British English)
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})(?P<separator>[./])(?P<month>\d{1,2})(?P=separator)(?P<year>\d{4})(?![\d])"),
    # 2026-11-26
    re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])"),
)
# a phone or fax number or another long number: +49 211 837-2000, 0211/837-2000 (7 digits or more)
LONG_NUMBER = re.compile(r"(?<![\w.,])\+?\(?\d[\d \u00a0/()-]{5,}\d(?![\w])")
# 7, 23a (§ 23a AufenthG), 1.000 / 1,000, 2,5 / 2.5; not the "rd" of "3rd"
NUMBER = re.compile(r"(?<![\w])\d+(?:[.,]\d+)*(?:[a-z](?![a-zA-Z]))?")
# English cites "Satz 3" and "Unterabsatz 2" as "third sentence" and "second subparagraph"
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
ORDINAL_CITATION = re.compile(
    rf"(?<!\w)(?P<ordinal>{'|'.join(ORDINALS)}){SPACE}+(?=(?:sentence|subparagraph|paragraph|indent)s?\b)",
    re.IGNORECASE,
)
THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")


def date_key(match: re.Match[str]) -> str:
    """One spelling of a date, whichever language wrote it: 2026-11-26, 2026-11 or --11-26."""
    parts = match.groupdict()
    month = parts["month"]
    month_number = int(month) if month.isdigit() else MONTHS[month.lower()]
    year = parts.get("year") or "-"
    day = f"-{int(parts['day']):02d}" if parts.get("day") else ""
    return f"date {year}-{month_number:02d}{day}"


def number_key(number: str) -> str:
    """1.000 (German) and 1,000 (English) are both 1000; 2,5 and 2.5 are both 2.5."""
    if THOUSANDS.match(number):
        return re.sub(r"[.,]", "", number)
    return number.replace(",", ".")


def numbers_in(text: str) -> list[str]:
    """The numbers of a text as a reader understands them: dates in either language's format become
    one date, a phone number one number, "7 Tage" and "7 days" both 7; § 5 Abs. 1 and Section 5(1)
    both 5 and 1."""
    found = []
    text = ORDINAL_CITATION.sub(lambda match: f" {ORDINALS.index(match['ordinal'].lower()) + 1} ", text)
    for pattern in DATE_PATTERNS:
        found += [date_key(match) for match in pattern.finditer(text)]
        text = pattern.sub(" ", text)
    for match in LONG_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if len(digits) >= 7:
            found.append(digits)
            text = text.replace(match.group(0), " ", 1)
    found += [number_key(number) for number in NUMBER.findall(text)]
    return found


FIXES = {
    "link": "keep every link target exactly as in the German text (translate only the link text)",
    "link definition": "keep every [label]: target definition exactly as in the German text",
    "image": "keep every image exactly as in the German text",
    "role": "copy each {role}`…` from the German text unchanged (translate only the words around it)",
    "inline code": "copy `code` spans unchanged",
    "footnote": "copy [^footnote] references unchanged",
    "directive": "a translation cannot add or change a ```{directive}; translate only its text",
    "code block": "copy code blocks unchanged",
    "HTML": "write no HTML; use MyST markup as in the German text",
    "front matter": "a translation has no front matter; remove the --- block",
    "number": "keep every number, date and period of the German text (a date may be written the English way: "
    "'26. November 2026' -> '26 November 2026'; '§ 5 Abs. 1' -> 'Section 5(1)')",
    "e-mail address": "copy e-mail addresses unchanged",
}
# Kinds that are about the words, not the page's markup: named checks that a translator may excuse
# with a comment (`# numbers-exception: why`). The markup kinds have no exception: they are security.
TEXT_KINDS = {"number": "numbers", "e-mail address": "emails"}


def token_differences(msgid: str, msgstr: str, parser: MarkdownIt | None = None) -> list[tuple[str, str]]:
    """(check, problem with its fix) for what a translation adds to, drops from or changes in its
    msgid's tokens; check is "markup" for the page's markup, else the name of a text check."""
    from legalpages.markup import difference

    source, translation = markup_tokens(msgid, parser), markup_tokens(msgstr, parser)
    problems = []
    for kind in sorted({kind for kind, _ in source} | {kind for kind, _ in translation}):
        found = difference(
            kind,
            Counter({value: count for (k, value), count in source.items() if k == kind}),
            Counter({value: count for (k, value), count in translation.items() if k == kind}),
        )
        if found:
            check = TEXT_KINDS.get(kind, "markup")
            prefix = "" if check == "markup" else f"{check}: "
            problems.append((check, f"{prefix}{found}; {FIXES.get(kind, 'keep it exactly as in the German text')}"))
    return problems


def exceptions(comments: list[str]) -> dict[str, str]:
    """Checks a translator has deliberately excused for one message, with the reason, from translator
    comments ``# numbers-exception: the German counts the weekdays, the English names them``
    (the same form as the glossary's ``# glossary-exception: <term>: <why>``). A comment without a
    reason excuses nothing."""
    found = {}
    for comment in comments:
        keyword, _, reason = comment.partition(":")
        name = keyword.strip()
        if name.endswith("-exception") and reason.strip():
            found[name.removesuffix("-exception")] = reason.strip()
    return found


def translation_differences(
    msgid: str, msgstr: str, parser: MarkdownIt | None = None, excused: Collection[str] = ()
) -> list[str]:
    """What a translation adds to, drops from or changes in its msgid's markup, numbers and e-mail
    addresses, one sentence with its fix per kind; [] when they are exactly the same. Used by
    `make check-po` and the build. ``excused``: text checks a translator's comment excuses."""
    differences = token_differences(msgid, msgstr, parser)
    return [problem for check, problem in differences if check == "markup" or check not in excused]


def check_catalogs(app: Sphinx, env: Any = None, *args: Any) -> None:
    """A translated build checks its catalogs' markup every time (also in the preview, where
    `make check-po` does not run): a msgstr that adds a link, role, directive or HTML fails it."""
    config = app.config
    if config.language == config.legalpages_source_language:
        return
    from babel.messages.pofile import read_po

    logger = _logger()
    folder = ROOT / "locale" / config.language / "LC_MESSAGES"
    for path in sorted(folder.glob("*.po")):
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle)
        except Exception:  # syntax errors are msgfmt's to report, with their line
            continue
        for message in catalog:
            if message.fuzzy or not (isinstance(message.id, str) and message.id and isinstance(message.string, str)):
                continue
            if not message.string:
                continue
            excused = exceptions(message.user_comments)
            for problem in translation_differences(message.id, message.string, excused=excused):
                logger.error(problem, location=f"{path.relative_to(ROOT)}:{message.lineno}")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", install_parser)
    app.connect("env-before-read-docs", check_catalogs)
    app.connect("doctree-read", check_doctree, priority=900)  # after Sphinx's collectors noted files
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
