# A small project for tests/test_ext_accessibility_statement.py: the statement from its data file.
from pathlib import Path

extensions = [
    "myst_parser",
    "legalpages.extensions.settings",
    "legalpages.extensions.writer_markup",
    "legalpages.extensions.page_links",
    "legalpages.extensions.translation_notices",
    "legalpages.extensions.theme_words",
    "legalpages.extensions.upstream_fixes",
    "legalpages.extensions.accessibility_statement",
    "legalpages.security",
    "legalpages.publishing",
]
html_theme = "furo"
language = "de"
locale_dirs = ["locale"]
gettext_compact = False
legalpages_facts_file = str(Path(__file__).parent / "facts.toml")
legalpages_footer_pages = ["index"]
legalpages_pdf_pages = ["index"]
legalpages_languages = {
    "de": {
        "name": "Deutsch",
        "hreflang": "de",
        "locale": "de_DE",
        "hunspell_package": "hunspell-de-de",
        "project": "Testprojekt",
        "switcher_label": "Sprache",
        "placeholder_label": "Platzhalter",
        "footer_label": "Rechtliche Hinweise",
        "pdf_download": "Als PDF herunterladen",
        "pdf_page": "Seite {page} von {pages}",
        "built_from": "Erstellt aus Version {commit} vom {date}",
        "theme_texts": {
            "Toggle site navigation sidebar": "Navigation ein- oder ausblenden",
            "Link to this heading": "Link zu dieser Überschrift",
        },
    },
    "en": {
        "name": "English",
        "hreflang": "en",
        "locale": "en_GB",
        "hunspell_package": "hunspell-en-gb",
        "project": "Test project",
        "switcher_label": "Language",
        "placeholder_label": "Placeholder",
        "footer_label": "Legal information",
        "pdf_download": "Download as PDF",
        "pdf_page": "Page {page} of {pages}",
        "built_from": "Built from version {commit} of {date}",
        "binding_notice": "Only the [German version] is binding.",
    },
}
