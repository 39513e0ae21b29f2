"""The project's settings, read once from conf.py, checked and typed: every module takes them from here.

conf.py stays the one file where settings are written, since Sphinx reads it too. Outside Sphinx,
only this module reads it: for make's set-up (a hunspell dictionary per language), the catalogs,
the PDFs, the link check, the site's root pages. Standard library only, because the set-up reads it
before .venv exists. A mistake in conf.py is one `conf.py:LINE: …` message and exit status 1.
"""

from __future__ import annotations

import os
import re
import runpy
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# What every entry of legalpages_languages must have: the site's words in that language.
LANGUAGE_TEXTS = (
    "name",
    "hreflang",
    "locale",
    "hunspell_package",
    "project",
    "switcher_label",
    "built_from",
    "placeholder_label",
    "footer_label",
    "pdf_download",
    "pdf_page",
)
# and every translated language also these (extensions/translation_notices.py, extensions/provenance.py)
TRANSLATION_TEXTS = ("binding_notice", "provenance", "provenance_undated", "german_changed")


class ConfigError(Exception):
    """A setting in conf.py that is missing or wrong; str() is `conf.py:LINE: what to fix`."""


@dataclass(frozen=True)
class Language:
    code: str
    texts: Mapping[str, Any]  # the entry of legalpages_languages

    @property
    def locale(self) -> str:
        """Babel's and hunspell's name, e.g. en_GB."""
        return self.texts["locale"]

    @property
    def hunspell_package(self) -> str:
        """The Debian package of the hunspell dictionary named by the locale."""
        return self.texts["hunspell_package"]


@dataclass(frozen=True)
class Project:
    source_language: str
    languages: Mapping[str, Language]
    facts_file: Path
    pdf_pages: tuple[str, ...]
    internal_pages: tuple[str, ...]  # for the team only: never in a release or a sitemap
    source_only_pages: tuple[str, ...]  # written for source-language readers only: no catalogs, no translations
    linkcheck_ignore: tuple[str, ...]
    site_url: str  # from SITE_URL: where the site is published; "" for relative links only
    myst: Mapping[str, Any]  # the myst_* settings without their prefix, as MyST's MdParserConfig takes them

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.languages)

    @property
    def translated(self) -> tuple[str, ...]:
        return tuple(code for code in self.languages if code != self.source_language)

    @property
    def catalog_pages(self) -> tuple[str, ...]:
        """Every page that has a catalog in each translated language: docs/*.md but the source-only pages."""
        return tuple(
            sorted(path.stem for path in (ROOT / "docs").glob("*.md") if path.stem not in self.source_only_pages)
        )


def setting_line(conf: Path, name: str, key: str = "") -> int:
    """The line that assigns the setting, or its entry `key` (or 1): where the writer has to look."""
    lines = conf.read_text(encoding="utf-8").splitlines()
    pattern = re.compile(rf"^{re.escape(name)}\s*[:=]")
    start = next((number for number, line in enumerate(lines, 1) if pattern.match(line)), 1)
    if key:
        entry = re.compile(rf"^\s+[\"']{re.escape(key)}[\"']\s*:")
        return next((number for number, line in enumerate(lines[start:], start + 1) if entry.match(line)), start)
    return start


def execute(conf: Path) -> dict[str, Any]:
    try:
        return runpy.run_path(str(conf))
    except SyntaxError as error:
        raise ConfigError(f"{conf.name}:{error.lineno}: {error.msg}") from None
    except Exception as error:
        frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == str(conf)]
        line = frames[-1].lineno if frames else 1
        raise ConfigError(f"{conf.name}:{line}: {type(error).__name__}: {error}") from None


def load(root: Path = ROOT) -> Project:
    conf = root / "conf.py"
    settings = execute(conf)

    def wrong(name: str, problem: str, key: str = "") -> ConfigError:
        return ConfigError(f"{conf.name}:{setting_line(conf, name, key)}: {name}: {problem}")

    def setting(name: str, kind: type) -> Any:
        if name not in settings:
            raise ConfigError(f"{conf.name}:1: {name} is missing")
        value = settings[name]
        if not isinstance(value, kind):
            raise wrong(name, f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    languages = setting("legalpages_languages", dict)
    source = setting("legalpages_source_language", str)
    if source not in languages:
        raise wrong("legalpages_source_language", f"{source!r} has no entry in legalpages_languages")
    for code, texts in languages.items():
        if not isinstance(texts, dict):
            raise wrong("legalpages_languages", f"the entry {code!r} is not a dictionary", code)
        required = LANGUAGE_TEXTS + (TRANSLATION_TEXTS if code != source else ())
        missing = [name for name in required if not isinstance(texts.get(name), str)]
        if missing:
            raise wrong("legalpages_languages", f"the entry {code!r} needs the texts {', '.join(missing)}", code)
    page_lists = ("legalpages_pdf_pages", "legalpages_internal_pages", "legalpages_source_only_pages")
    pages = {name: setting(name, list) for name in page_lists}
    for name, listed in pages.items():
        absent = [page for page in listed if not (root / "docs" / f"{page}.md").is_file()]
        if absent:
            raise wrong(name, f"no page docs/{absent[0]}.md")
    facts_file = Path(setting("legalpages_facts_file", str))
    if not facts_file.is_file():
        raise wrong("legalpages_facts_file", f"{facts_file} does not exist")
    return Project(
        source_language=source,
        languages={code: Language(code, texts) for code, texts in languages.items()},
        facts_file=facts_file,
        pdf_pages=tuple(pages["legalpages_pdf_pages"]),
        internal_pages=tuple(pages["legalpages_internal_pages"]),
        source_only_pages=tuple(pages["legalpages_source_only_pages"]),
        linkcheck_ignore=tuple(settings.get("linkcheck_ignore", [])),
        site_url=os.environ.get("SITE_URL", ""),
        myst={name.removeprefix("myst_"): value for name, value in settings.items() if name.startswith("myst_")},
    )


try:
    PROJECT = load()
except ConfigError as error:
    # Every command reads conf.py through this import: one line, no traceback.
    sys.exit(f"{error}")
