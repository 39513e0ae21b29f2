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
    app.connect("config-inited", check_config)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
