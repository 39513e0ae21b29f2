"""legalpages.project: conf.py read once, checked, one `conf.py:LINE` message for each mistake,
and the promise that a language is a conf.py entry, its catalogs and its dictionary."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_module, soup

from legalpages.project import PROJECT, ConfigError, load


def test_the_projects_own_settings() -> None:
    assert PROJECT.source_language == "de"
    assert PROJECT.codes == ("de", "en") and PROJECT.translated == ("en",)
    assert PROJECT.facts_file == ROOT / "docs" / "facts.toml"
    assert "kitchen-sink" in PROJECT.internal_pages and "impressum" in PROJECT.pdf_pages
    assert {language.hunspell_package for language in PROJECT.languages.values()} == {
        "hunspell-de-de",
        "hunspell-en-gb",
    }


def edit_conf(project: Path, old: str, new: str) -> int:
    """Replace text in the copy's conf.py; the line number of the change."""
    conf = project / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert old in text
    conf.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('root_doc = "index"', 'root_doc = "index', "unterminated string literal"),
        ('root_doc = "index"', "root_doc = index", "NameError: name 'index' is not defined"),
        ('"switcher_label": "Language",', "", "legalpages_languages: the entry 'en' needs the texts switcher_label"),
        ('legalpages_source_language = "de"', 'legalpages_source_language = "fr"', "'fr' has no entry"),
        ('legalpages_internal_pages = ["kitchen-sink"]', 'legalpages_internal_pages = ["kitchen"]', "no page"),
    ],
    ids=["syntax", "typo", "missing-text", "source-language", "unknown-page"],
)
def test_a_mistake_in_conf_py_is_one_line_with_its_place(project: Path, old: str, new: str, message: str) -> None:
    line = edit_conf(project, old, new)
    if "needs the texts" in message:  # the language's entry, not the line that was removed
        line = (project / "conf.py").read_text(encoding="utf-8").splitlines().index('    "en": {') + 1
    run = run_module("catalogs", "stats", cwd=project)  # any command: each reads conf.py first
    assert run.returncode == 1
    assert "Traceback" not in run.output
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"conf.py:{line}: "), lines[0]
    assert message in lines[0]


def test_load_reads_another_project(project: Path) -> None:
    edit_conf(project, '"name": "English",', '"name": "Englisch",')
    assert load(project).languages["en"].texts["name"] == "Englisch"
    (project / "docs" / "facts.toml").unlink()
    with pytest.raises(ConfigError, match=r"conf\.py:\d+: legalpages_facts_file: .* does not exist"):
        load(project)


FRENCH = """    "fr": {
        "name": "Français",
        "hreflang": "fr",
        "locale": "fr_FR",
        "hunspell_package": "hunspell-fr",
        "project": "Application de la commission des cas de rigueur NRW",
        "switcher_label": "Langue",
        "built_from": "Construit à partir de la version {commit} du {date}",
        "placeholder_label": "À compléter",
        "footer_label": "Informations juridiques",
        "binding_notice": "Cette traduction est fournie à titre d'information. Seule la [version allemande] fait foi.",
        "provenance": "Ceci est une traduction de la [version allemande du {date}].",
        "provenance_undated": "Ceci est une traduction de la [page allemande].",
        "german_changed": "Le texte allemand a changé depuis cette traduction.",
        "pdf_download": "Télécharger en PDF",
        "pdf_page": "Page {page} sur {pages}",
        "versions": {
            "title": "Versions antérieures",
            "none": "Cette page n'a pas de version antérieure.",
            "since": "Cette version est en vigueur depuis le {date}.",
            "line": "Version du {date}, en vigueur du {valid_from} au {valid_until}",
            "page": "Lire cette version",
            "pdf": "en PDF",
            "changes": "Modifications par rapport à la version du {date}",
            "first": "première version publiée",
            "notice_title": "Version qui n'est plus en vigueur",
            "notice": "Cette version était en vigueur du {valid_from} au {valid_until}. [Version actuelle]",
            "window_title": "{title} (version du {date})",
            "changes_title": "Modifications : {title}, version du {date} par rapport à la version du {previous}",
            "changes_intro": "{count} modifications. Texte inséré souligné, texte supprimé barré.",
            "changes_none": "Le texte de cette page n'a pas changé.",
            "inserted_start": "Début de l'insertion",
            "inserted_end": "Fin de l'insertion",
            "deleted_start": "Début de la suppression",
            "deleted_end": "Fin de la suppression",
            "next_change": "Modification suivante ({number})",
            "first_change": "Aller à la première modification",
            "back_to_page": "Aller à la version du {date}",
        },
    },
}
"""


@pytest.mark.e2e
def test_a_third_language_is_a_conf_entry_its_catalogs_and_its_dictionary(project: Path) -> None:
    conf = (project / "conf.py").read_text(encoding="utf-8")
    # the end of legalpages_languages: the last entry's closing brace, then the dictionary's
    end = re.search(r"\n    },\n}\n", conf)
    assert end, "legalpages_languages ends as expected"
    (project / "conf.py").write_text(conf[: end.start()] + "\n    },\n" + FRENCH + conf[end.end() :], encoding="utf-8")
    shutil.copytree(project / "locale" / "en", project / "locale" / "fr")  # translated later; English for now
    for catalog in (project / "locale" / "fr" / "LC_MESSAGES").glob("*.po"):  # the header names the language
        catalog.write_text(catalog.read_text(encoding="utf-8").replace('"Language: en\\n"', '"Language: fr\\n"'))
    assert load(project).languages["fr"].hunspell_package == "hunspell-fr", "make test installs its dictionary"

    build = project / "_build"
    run = run_module("site", "--build-dir", str(build), cwd=project)
    assert run.returncode == 0, run.output
    site = build / "site"
    page = soup(site / "fr" / "impressum.html")
    assert page.html["lang"] == "fr"
    assert page.select_one("div.binding-language a")["href"] == "../de/impressum.html"
    switcher = {link["hreflang"]: link["href"] for link in page.select("nav.language-switcher a")}
    assert switcher == {"de": "../de/impressum.html", "en": "../en/impressum.html"}
    german = soup(site / "de" / "impressum.html")
    alternates = {link["hreflang"] for link in german.select('link[rel="alternate"][hreflang]')}
    assert {"de", "en", "fr"} <= alternates
    assert (site / "fr" / "pdf" / "impressum.pdf").stat().st_size > 0
    assert 'href="fr/index.html"' in (site / "index.html").read_text(encoding="utf-8")
