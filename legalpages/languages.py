"""The site's languages, defined once in conf.py (legalpages_languages, legalpages_source_language).

Every module that needs the list imports it from here, so adding a language is a conf.py entry,
its catalogs and its hunspell dictionary (installed by legalpages/bootstrap.py), nothing else.
"""

from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_CONF = runpy.run_path(str(ROOT / "conf.py"))

SOURCE_LANGUAGE: str = _CONF["legalpages_source_language"]
LANGUAGES: tuple[str, ...] = tuple(_CONF["legalpages_languages"])
TRANSLATED_LANGUAGES: tuple[str, ...] = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)
# language -> locale, e.g. "en" -> "en_GB": the hunspell dictionary and the date format
LOCALES: dict[str, str] = {code: texts["locale"] for code, texts in _CONF["legalpages_languages"].items()}
