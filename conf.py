"""Sphinx configuration for the legal pages. Build with ``sphinx-build -c . docs OUT``.

Every path is built from this file's folder, never from the working directory or the
source folder: Sphinx resolves relative ``locale_dirs`` against ``docs/``, sphinx-intl
against this folder, and a mismatch silently builds an untranslated "English" site.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT))  # our own package, legalpages

# -- Project information -----------------------------------------------------
# project and html_title are per language: see legalpages_languages below.
project = "Fachverfahren Härtefallkommission NRW"
author = "Land Nordrhein-Westfalen"
copyright = ""  # no build-time year in the footer; the pages carry their own "Stand" date
root_doc = "index"

# -- General configuration ---------------------------------------------------
extensions = [
    # third party
    "myst_parser",
    # ours (legalpages/extensions/__init__.py says what each does)
    "legalpages.extensions.settings",
    "legalpages.extensions.writer_markup",
    "legalpages.extensions.page_links",
    "legalpages.extensions.translation_notices",
    "legalpages.extensions.provenance",
    "legalpages.extensions.theme_words",
    "legalpages.extensions.upstream_fixes",
    "legalpages.extensions.hyphenation",
    "legalpages.extensions.earlier_versions",
    "legalpages.extensions.accessibility_statement",
    "legalpages.source_checks",  # no raw HTML or script links, in sources or translations
    "legalpages.security",  # Content Security Policy on every page
    "legalpages.publishing",  # SITE_URL, 404 page, build provenance
    "legalpages.myst_speedup",  # one docutils settings object per parser, not per translated message
]
exclude_patterns = ["_build"]
nitpicky = True

# -- MyST ----------------------------------------------------------------------
# No colon_fence: one fence syntax (```{directive}), the one mdformat can format.
myst_enable_extensions = ["deflist"]
# tel: is unknown to MyST until listed; without it each tel link is a warning and a "#tel:" href.
myst_url_schemes = ["http", "https", "mailto", "tel"]
myst_heading_anchors = 0  # explicit (label)= targets only, so anchors match in both languages

# -- Internationalisation ----------------------------------------------------
language = "de"
locale_dirs = [str(ROOT / "locale")]
gettext_compact = False  # one catalog per document
gettext_uuid = False
gettext_location = True
gettext_last_translator = "Translators of the legal pages"
gettext_language_team = "Translators of the legal pages"

legalpages_source_language = "de"
# Pages for the team, not for readers: built and tested normally, left out of release builds.
legalpages_internal_pages = ["kitchen-sink"]
# Leichte Sprache (BITV 2.0 Anlage 2 Teil 2): German only, and no word breaks at a line end but at its
# written hyphens (legalpages/extensions/hyphenation.py), in HTML and PDF.
legalpages_easy_language_pages = ["leichte-sprache"]
# Pages written for readers of the source language only (Leichte Sprache): not translated, no catalogs.
legalpages_source_only_pages: list[str] = [*legalpages_easy_language_pages]
# Every German page's footer links these (a page a language does not have is left out there).
legalpages_footer_pages = ["impressum", "datenschutz", "barrierefreiheit", "leichte-sprache"]
legalpages_pdf_pages = ["impressum", "datenschutz", "barrierefreiheit", "leichte-sprache", "kitchen-sink"]
legalpages_facts_file = str(ROOT / "docs" / "facts.toml")
legalpages_languages = {
    "de": {
        "name": "Deutsch",
        "hreflang": "de",
        "locale": "de_DE",
        "hunspell_package": "hunspell-de-de",  # the spelling check's dictionary (make test installs it)
        "project": "Fachverfahren Härtefallkommission NRW",
        "switcher_label": "Sprache",
        "built_from": "Erstellt aus Version {commit} vom {date}",
        "placeholder_label": "Platzhalter",
        "footer_label": "Rechtliche Hinweise",
        # the visible label of the Leichte Sprache pages and of their footer link
        "easy_language_label": "Leichte Sprache",
        # the project's name on those pages (sidebar, window title), as their text writes it: compounds
        # joined with a hyphen, no abbreviation; a word there breaks only at its written hyphens
        "easy_language_project": "Fach-Verfahren für die Härtefall-Kommission",
        "pdf_download": "Als PDF herunterladen",
        "pdf_page": "Seite {page} von {pages}",
        # "Frühere Fassungen" (legalpages/extensions/earlier_versions.py) and the change views (legalpages/archive.py)
        "versions": {
            "title": "Frühere Fassungen",
            "none": "Es gibt keine früheren Fassungen dieser Seite.",
            "since": "Diese Fassung gilt seit dem {date}.",
            "line": "Fassung vom {date}, gültig vom {valid_from} bis {valid_until}",
            "page": "Fassung lesen",
            "pdf": "als PDF",
            "changes": "Änderungen gegenüber der Fassung vom {date}",
            "first": "erste veröffentlichte Fassung",
            "notice_title": "Nicht mehr gültige Fassung",
            "notice": "Diese Fassung galt vom {valid_from} bis {valid_until}. [Zur aktuellen Fassung]",
            "window_title": "{title} (Fassung vom {date})",
            "changes_title": "Änderungen: {title}, Fassung vom {date} gegenüber der Fassung vom {previous}",
            "changes_intro": "{count} Änderungen. Eingefügter Text ist unterstrichen und als Einfügung "
            "angesagt, gelöschter Text durchgestrichen und als Löschung angesagt.",
            "changes_none": "Der Text dieser Seite hat sich nicht geändert.",
            "inserted_start": "Einfügung Anfang",
            "inserted_end": "Einfügung Ende",
            "deleted_start": "Löschung Anfang",
            "deleted_end": "Löschung Ende",
            "next_change": "Zur nächsten Änderung ({number})",
            "first_change": "Zur ersten Änderung",
            "back_to_page": "Zur Fassung vom {date}",
        },
        # furo's and Sphinx's own words, which Sphinx has no German for; screen readers announce
        # the toggles' and permalinks' labels
        "theme_texts": {
            "Skip to content": "Zum Inhalt springen",
            "Back to top": "Nach oben",
            "Next": "Weiter",
            "Previous": "Zurück",
            "On this page": "Auf dieser Seite",
            "Made with ": "Erstellt mit ",
            "Toggle site navigation sidebar": "Navigation ein- oder ausblenden",
            "Toggle table of contents sidebar": "Inhaltsverzeichnis ein- oder ausblenden",
            "Toggle Light / Dark / Auto color theme": "Farbschema wechseln: hell, dunkel oder automatisch",
            "Link to this heading": "Link zu dieser Überschrift",
        },
    },
    "en": {
        "name": "English",
        "hreflang": "en",
        "locale": "en_GB",
        "hunspell_package": "hunspell-en-gb",
        "project": "Hardship Commission NRW application",
        "switcher_label": "Language",
        "built_from": "Built from version {commit} of {date}",
        "placeholder_label": "Placeholder",
        "footer_label": "Legal information",
        # Shown at the top of every page of a translation; [text] links to the German page.
        "binding_notice": "This English translation is provided for information purposes only. "
        "Only the [German version] is legally binding. "
        "In the event of any discrepancy, the German version shall prevail.",
        # Below it (legalpages/extensions/provenance.py): which German version the page translates,
        # [text] links to it; and, while some text is shown in German, why.
        "provenance": "This is a translation of the [German version of {date}].",
        "provenance_undated": "This is a translation of the [German page].",
        "german_changed": "The German text of this page has changed since it was translated. "
        "Until the translation is updated, the changed passages are shown in German.",
        "pdf_download": "Download as PDF",
        "pdf_page": "Page {page} of {pages}",
        "versions": {
            "title": "Earlier versions",
            "none": "There are no earlier versions of this page.",
            "since": "This version has been valid since {date}.",
            "line": "Version of {date}, valid from {valid_from} to {valid_until}",
            "page": "Read this version",
            "pdf": "as PDF",
            "changes": "Changes against the version of {date}",
            "first": "first published version",
            "notice_title": "Version no longer valid",
            "notice": "This version was valid from {valid_from} to {valid_until}. [Go to the current version]",
            "window_title": "{title} (version of {date})",
            "changes_title": "Changes: {title}, version of {date} against the version of {previous}",
            "changes_intro": "{count} changes. Inserted text is underlined and announced as an insertion, "
            "deleted text is struck through and announced as a deletion.",
            "changes_none": "The text of this page has not changed.",
            "inserted_start": "Insertion start",
            "inserted_end": "Insertion end",
            "deleted_start": "Deletion start",
            "deleted_end": "Deletion end",
            "next_change": "Next change ({number})",
            "first_change": "Go to the first change",
            "back_to_page": "Go to the version of {date}",
        },
        "theme_texts": {"Toggle Light / Dark / Auto color theme": "Switch colour scheme: light, dark or automatic"},
    },
}

# -- HTML output ---------------------------------------------------------------
html_theme = "furo"
html_last_updated_fmt = None  # no build-time clock in the pages
html_show_sphinx = False
html_show_copyright = False  # copyright is empty: no "Copyright ©" with nothing after it
html_show_sourcelink = False
html_copy_source = False
html_permalinks = True
html_use_index = False  # the pages have no index entries; an empty "Index" page helps nobody

# -- Link checking (make linkcheck, external stage) ----------------------------------------
linkcheck_timeout = 15  # seconds per request; authority sites can be slow, but never minutes
linkcheck_retries = 2  # one flaky answer is not a broken link
linkcheck_workers = 4
linkcheck_rate_limit_timeout = 120  # back off on HTTP 429 for at most two minutes, then report
linkcheck_anchors = True  # a link to #section of an authority's page must find that section
linkcheck_allowed_redirects: dict[str, str] = {}  # none: every redirect is reported
# Each entry says why it is not checked.
linkcheck_ignore: list[str] = []

# -- Publishing ----------------------------------------------------------------------------
# The address the site is published under, e.g. https://example.gitlab.io/legal-pages/ (set by the
# publishing CI jobs). With it: absolute canonical and hreflang URLs and a sitemap per language;
# without it everything stays relative so the site also works from a folder or file://.
legalpages_site_url = os.environ.get("SITE_URL", "")
if legalpages_site_url:
    extensions.append("sphinx_sitemap")
    site_url = legalpages_site_url.rstrip("/") + "/"  # sphinx-sitemap's own setting
    sitemap_url_scheme = "{lang}{link}"
    sitemap_locales = list(legalpages_languages)
    # search, 404, kitchen-sink: not pages for readers. leichte-sprache: sphinx-sitemap gives every page
    # an alternate in every language, and this one is German only (a broken hreflang in the sitemap).
    sitemap_excludes = ["search.html", "404.html", "kitchen-sink.html", "leichte-sprache.html"]
