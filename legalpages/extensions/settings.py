"""The ``legalpages_*`` configuration values (set in conf.py) and their check when Sphinx reads them.

The other extensions call ``app.setup_extension(__name__)`` so that each can be loaded on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from legalpages import facts as facts_module

logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"


def language_settings(config: Config) -> dict[str, Any]:
    """The texts and settings of the language being built, from legalpages_languages."""
    return config.legalpages_languages[config.language]


def split_notice(text: str) -> tuple[str, str, str]:
    """'Only the [German version] is binding.' -> ('Only the ', 'German version', ' is binding.')."""
    before, opening, rest = text.partition("[")
    link_text, closing, after = rest.partition("]")
    if not (opening and closing and link_text.strip()):
        raise ValueError(f"binding_notice needs the link text in [brackets]: {text!r}")
    return before, link_text, after


def source_only_patterns(config: Config) -> list[str]:
    return [f"{page}.md" for page in config.legalpages_source_only_pages]


def leave_source_only_pages_untranslated(app: Sphinx) -> None:
    """The gettext builder (make update-po) runs in the source language, and must give these pages no
    catalog: there is nothing to translate, and a catalog would invite a translation nobody publishes.
    The builder is known only now; Sphinx lists the sources after this event."""
    if app.builder.name == "gettext":
        app.config.exclude_patterns = [*app.config.exclude_patterns, *source_only_patterns(app.config)]


def check_config(app: Sphinx, config: Config) -> None:
    languages = config.legalpages_languages
    if config.language not in languages:
        raise ValueError(f"language {config.language!r} has no entry in legalpages_languages")
    settings = languages[config.language]
    if config.language != config.legalpages_source_language:
        try:  # a translation must say which text is binding
            split_notice(settings.get("binding_notice", ""))
        except ValueError as error:
            conf_py = Path(app.confdir) / "conf.py"  # no location=: there is no environment yet
            logger.error("%s: legalpages_languages[%r]: %s", conf_py, config.language, error)
    if config.legalpages_release:  # pages for the team are never published
        config.exclude_patterns = [
            *config.exclude_patterns,
            *(f"{page}.md" for page in config.legalpages_internal_pages),
        ]
    if config.language != config.legalpages_source_language:  # written for source-language readers only
        config.exclude_patterns = [*config.exclude_patterns, *source_only_patterns(config)]
    config.project = settings["project"]
    config.html_title = settings["project"]
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    config.html_static_path = [str(STATIC), *config.html_static_path]
    app.legalpages_facts = facts_module.load(Path(config.legalpages_facts_file))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("legalpages_facts_file", "", "env", types=[str])
    app.add_config_value("legalpages_languages", {}, "env", types=[dict])
    app.add_config_value("legalpages_source_language", "de", "env", types=[str])
    app.add_config_value("legalpages_release", False, "env", types=[bool])
    app.add_config_value(
        "legalpages_footer_pages", ["impressum", "datenschutz", "barrierefreiheit"], "env", types=[list]
    )
    app.add_config_value("legalpages_pdf_pages", ["impressum", "datenschutz", "barrierefreiheit"], "html", types=[list])
    app.add_config_value("legalpages_internal_pages", [], "env", types=[list])
    # German only (no catalogs, left out of the other languages' builds), e.g. Leichte Sprache
    app.add_config_value("legalpages_source_only_pages", [], "env", types=[list])
    # Leichte Sprache: never hyphenated at a line end (legalpages/extensions/hyphenation.py)
    app.add_config_value("legalpages_easy_language_pages", [], "env", types=[list])
    app.connect("config-inited", check_config)
    app.connect("builder-inited", leave_source_only_pages_untranslated)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
