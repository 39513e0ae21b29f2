"""Soft hyphens in the long words of the HTML pages, from the pyphen patterns the PDFs use.

Chromium on Linux has no hyphenation dictionaries offline, so CSS ``hyphens: auto`` does nothing there:
a long compound that did not fit its line ("Datenschutzbeauftragte" in a heading at 320 px, the site
title in the sidebar) was broken anywhere, without a hyphen (``overflow-wrap``). The build writes
U+00AD SOFT HYPHEN at the hyphenation points of the page's language into every word of MIN_LENGTH
letters or more; a browser breaks a word only there and shows a hyphen when it does.

- Only the rendered HTML changes, after the search index has been fed from the doctree: the search
  still finds the plain word.
- Never in code, placeholders, facts (names, numbers, addresses, e-mail and web addresses: "Lo-renz" would misquote
  them, as print.css says for the PDFs), or the window title. An e-mail or web address as a link's
  text gets <wbr> break points after "@" and "/" and before ".", so it never breaks mid-name.
- Copying gives the plain word: static/legalpages-copy.js takes the soft hyphens out of copied text.
- Never on a page in Leichte Sprache (``legalpages_easy_language_pages``): its rules (BITV 2.0 Anlage 2
  Teil 2) forbid breaking a word at a line end except at its written hyphens ("Daten-Schutz"). Its
  sections get the class ``easy-language``, by which legalpages.css and print.css turn off CSS
  hyphenation there too, in the HTML and in the PDF.
- Screen readers ignore U+00AD (a Unicode format character, "default ignorable"): tests/test_browser.py
  checks the accessibility tree.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from legalpages.hyphenation_patterns import dictionary

SOFT_HYPHEN = "\u00ad"
MIN_LENGTH = 12  # letters; shorter words fit every line down to 320 px, even in a heading (tested)
WORD = re.compile(rf"[^\W\d_]{{{MIN_LENGTH},}}")
TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
TAG_NAME = re.compile(r"<(/?)([A-Za-z][\w:-]*)")
CLASSES = re.compile(r"""\sclass=["']([^"']*)["']""")
SKIPPED_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "title", "textarea", "svg", "math"}
# placeholders: the team's notes of what is missing, quoted verbatim by `make placeholders`;
# untranslated: German shown until its translation exists, quoted verbatim like the source
SKIPPED_CLASSES = {"fact", "placeholder", "untranslated", "highlight", "literal"}
LANG = re.compile(r"""\slang=["']([A-Za-z]+)""")
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# An e-mail or web address as a link's text: never hyphenated (a hyphen would misquote it), but it may
# break after "@" and "/" and before ".", as style guides advise, instead of anywhere at 320 px.
ADDRESS = re.compile(r"[\w.+-]+@[\w.-]+|(https?://)?[\w-]+(\.[\w-]+)+(/\S*)?")


def address_breaks(address: str) -> str:
    return re.sub(r"(?<=[@/])(?=.)|(?<=.)(?=\.)", "<wbr>", address)


def hyphenate_text(text: str, locale: str) -> str:
    """Soft hyphens into the long words of plain text."""
    words = dictionary(locale)
    return WORD.sub(lambda word: words.inserted(word.group(), hyphen=SOFT_HYPHEN), text)


def hyphenate_html(html: str, locale: str, locales: dict[str, str] | None = None) -> str:
    """Soft hyphens into the long words of the text of an HTML fragment; markup stays byte for byte.

    Text in an element with a ``lang`` of another language is hyphenated by that language's patterns
    (``locales``: "de" -> "de_DE"), and left alone if there are none.
    """
    parts, open_elements = [], []  # open_elements: (tag, skipped) of every element not yet closed
    languages = [locale]  # the locale of each open element with a lang attribute, innermost last
    lang_depths = []  # len(open_elements) at which each of those elements was opened
    for part in TAG.split(html):
        if part.startswith("<"):
            parts.append(part)
            match = TAG_NAME.match(part)
            if match is None:  # a comment, a doctype
                continue
            closing, tag = match.group(1), match.group(2).lower()
            if closing:
                for index in range(len(open_elements) - 1, -1, -1):
                    if open_elements[index][0] == tag:
                        del open_elements[index:]
                        break
                while lang_depths and lang_depths[-1] > len(open_elements):
                    lang_depths.pop()
                    languages.pop()
            elif tag not in VOID_TAGS and not part.endswith("/>"):
                classes = CLASSES.search(part)
                skipped = tag in SKIPPED_TAGS or bool(classes and SKIPPED_CLASSES & set(classes.group(1).split()))
                open_elements.append((tag, skipped))
                lang = LANG.search(part)
                if lang:
                    lang_depths.append(len(open_elements))
                    languages.append((locales or {}).get(lang.group(1).lower(), ""))
        elif part and languages[-1] and not any(skipped for _, skipped in open_elements):
            parts.append(hyphenate_text(part, languages[-1]))
        elif open_elements and open_elements[-1][0] == "a" and ADDRESS.fullmatch(part.replace("&#64;", "@")):
            parts.append(address_breaks(part.replace("&#64;", "@")))  # Sphinx writes "@" as "&#64;"
        else:
            parts.append(part)
    return "".join(parts)


def add_soft_hyphens(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Everything of the page a reader sees as running text: body, navigation, titles, footer."""
    context["legalpages_soft_hyphen"] = SOFT_HYPHEN
    if pagename in app.config.legalpages_easy_language_pages:
        return
    languages = app.config.legalpages_languages
    locale = languages[app.config.language]["locale"]
    locales = {code: settings["locale"] for code, settings in languages.items()}
    for key in ("body", "toc", "furo_navigation_tree"):
        if isinstance(context.get(key), str):
            context[key] = hyphenate_html(context[key], locale, locales)
    for key in ("next", "prev"):
        if isinstance(context.get(key), dict) and "title" in context[key]:
            context[key] = {**context[key], "title": hyphenate_html(context[key]["title"], locale, locales)}
    for link in context.get("legalpages_footer_links", []):
        link["title"] = hyphenate_text(link["title"], locale)
    if isinstance(context.get("docstitle"), str):
        # the sidebar and mobile header show docstitle; base.html keeps the window title plain
        context["docstitle"] = hyphenate_text(context["docstitle"], locale)


def mark_easy_language(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The top sections of a Leichte Sprache page get the class the style sheets leave unhyphenated."""
    if docname in app.config.legalpages_easy_language_pages:
        for section in doctree.findall(nodes.section):
            if not isinstance(section.parent, nodes.section):
                section["classes"].append("easy-language")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("legalpages.extensions.settings")  # legalpages_languages: each language's locale
    # after furo (500), which writes the navigation tree, and our footer links
    app.connect("html-page-context", add_soft_hyphens, priority=900)
    app.connect("doctree-resolved", mark_easy_language)
    app.add_js_file("legalpages-copy.js", loading_method="defer")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
