"""Sphinx extension for publishing: absolute URLs under SITE_URL, the 404 page, build provenance.

- With ``legalpages_site_url`` (from the SITE_URL environment variable, see conf.py) every page gets
  an absolute canonical URL and absolute hreflang alternates; search engines ignore relative ones.
  Without it everything stays relative, so the site also works from a folder or file://.
- The 404 page is served for missing URLs at any depth, so it carries a <base> pointing at its own
  language folder; its relative links then resolve wherever the server shows it.
- Every page shows the commit and commit date it was built from: from git, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from babel.dates import format_date
from docutils import nodes

from legalpages.security import SERVER_SAMPLES

if TYPE_CHECKING:  # hints only: the build orchestrator imports this module and must start fast
    from sphinx.application import Sphinx
    from sphinx.config import Config

ROOT = Path(__file__).resolve().parent.parent
NOT_FOUND_PAGE = "404"


def site_path(config: Config) -> str:
    """The URL path the site is published under: "/" or e.g. "/legal/"."""
    path = urlsplit(config.legalpages_site_url).path.strip("/")
    return f"/{path}/" if path else "/"


def build_provenance(root: Path = ROOT) -> tuple[str, dt.date]:
    """(short commit, commit date) of the checkout; outside git: ("unversioned", SOURCE_DATE_EPOCH)."""
    result = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%h %ct"], capture_output=True, text=True, check=False
    )
    if result.returncode == 0 and result.stdout.strip():
        commit, timestamp = result.stdout.split()
    else:
        commit, timestamp = "unversioned", os.environ.get("SOURCE_DATE_EPOCH", "0")
    return commit, dt.datetime.fromtimestamp(int(timestamp), dt.UTC).date()


def set_base_url(app: Sphinx, config: Config) -> None:
    if config.legalpages_site_url:
        # Sphinx writes <link rel="canonical" href="{html_baseurl}{page}.html">
        config.html_baseurl = f"{config.legalpages_site_url.rstrip('/')}/{config.language}/"
    app.legalpages_provenance = build_provenance()


def absolute_alternates(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node | None
) -> None:
    """Runs after legalpages.extensions.page_links has put the relative language links into the context."""
    config = app.config
    site_url = config.legalpages_site_url.rstrip("/")
    for alternate in context.get("legalpages_languages", []):
        alternate["alternate"] = f"{site_url}/{alternate['code']}/{pagename}.html" if site_url else alternate["href"]
    if site_url:
        source = config.legalpages_source_language
        context["legalpages_x_default"] = f"{site_url}/{source}/{pagename}.html"
    if pagename == NOT_FOUND_PAGE:
        context["legalpages_base_href"] = f"{site_path(config)}{config.language}/"
    commit, day = app.legalpages_provenance
    locale = config.legalpages_languages[config.language]["locale"]
    context["legalpages_build"] = {"commit": commit, "date": format_date(day, format="long", locale=locale)}


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("legalpages_site_url", "", "html", types=[str])
    app.connect("config-inited", set_base_url)
    app.connect("html-page-context", absolute_alternates, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


# -- files at the root of the published tree (called by legalpages.site) ---------------------


def sitemap_index(site_url: str, languages: tuple[str, ...]) -> str:
    entries = "".join(
        f"<sitemap><loc>{site_url.rstrip('/')}/{language}/sitemap.xml</loc></sitemap>" for language in languages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n'
    )


def write_root_files(site: Path, languages: tuple[str, ...], source_language: str, site_url: str) -> None:
    """robots.txt, the sitemap index, the root 404 page and the server header samples."""
    robots = "User-agent: *\nAllow: /\n"
    if site_url:
        (site / "sitemap.xml").write_text(sitemap_index(site_url, languages), encoding="utf-8")
        robots += f"Sitemap: {site_url.rstrip('/')}/sitemap.xml\n"
    (site / "robots.txt").write_text(robots, encoding="utf-8")
    # static hosts (GitLab and GitHub Pages) show /404.html for every missing URL
    shutil.copy2(site / source_language / f"{NOT_FOUND_PAGE}.html", site / f"{NOT_FOUND_PAGE}.html")
    shutil.copy2(SERVER_SAMPLES / "htaccess", site / ".htaccess")
    shutil.copy2(SERVER_SAMPLES / "nginx.conf", site / "nginx-security-headers.conf")
