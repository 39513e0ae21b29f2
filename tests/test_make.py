"""make site end to end in a throw-away copy: the published site always matches the settings asked for."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, Run, soup, write_passing_report

from legalpages.site import inputs_fingerprint
from legalpages.source_checks import PAGE_NAME_RULE

SITE_URL = "https://example.org/legal/"
pytestmark = pytest.mark.e2e


@pytest.fixture
def make_project(project: Path) -> Path:
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(ROOT / name, project / name)
    return project


def make(project: Path, *arguments: str, site_url: str = "") -> Run:
    env = {name: value for name, value in os.environ.items() if name not in ("SITE_URL", "RELEASE")}
    env |= {"SOURCE_DATE_EPOCH": "1790000000"} | ({"SITE_URL": site_url} if site_url else {})
    result = subprocess.run(
        ["make", f"VENV={ROOT / '.venv'}", *arguments], cwd=project, env=env, capture_output=True, text=True
    )
    return Run(result.returncode, result.stdout, result.stderr)


def canonical(project: Path) -> str | None:
    link = soup(project / "_build/site/de/impressum.html").select_one("link[rel=canonical]")
    return link["href"] if link else None


def test_each_make_site_publishes_the_settings_it_was_given(make_project: Path) -> None:
    published = make(make_project, "site", site_url=SITE_URL)
    assert published.returncode == 0, published.output
    assert canonical(make_project) == f"{SITE_URL}de/impressum.html"
    local = make(make_project, "site")
    assert local.returncode == 0 and "is up to date" not in local.output, local.output
    assert canonical(make_project) is None, "a build without SITE_URL after one with it is relative again"
    again = make(make_project, "site")
    assert again.returncode == 0 and "is up to date" in again.output, again.output

    write_passing_report(make_project)  # so that the release gets past its test report to the Sphinx build
    release = make(make_project, "site", "RELEASE=1")
    assert release.returncode != 0, "a release build really runs (and stops at the open placeholders)"
    assert "open placeholder" in release.output
    assert (make_project / "_build/site/de/kitchen-sink.html").exists(), "the normal build is still published"


def test_the_fingerprint_covers_release_and_site_url() -> None:
    normal = inputs_fingerprint(release=False, site_url="")
    assert normal == inputs_fingerprint(release=False, site_url="")
    assert inputs_fingerprint(release=True, site_url="") != normal
    assert inputs_fingerprint(release=False, site_url=SITE_URL) != normal


def test_a_page_name_make_cannot_handle_gets_the_rule(make_project: Path) -> None:
    (make_project / "docs" / "über uns.md").write_text("# Über uns\n\nText.\n", encoding="utf-8")
    result = make(make_project, "site")
    assert result.returncode != 0
    assert f"docs/über uns.md:1: {PAGE_NAME_RULE}" in result.output
    assert "No rule to make target" not in result.output
    assert "Traceback" not in result.output


def test_new_page_takes_name_and_title_without_a_shell(make_project: Path) -> None:
    title = "Weitere `touch by-backticks` $(touch by-dollar) $(shell touch by-make) Hinweise"
    result = make(make_project, "new-page", "NAME=hinweise", f"TITLE={title}")
    assert result.returncode == 0, result.output
    assert not list(make_project.glob("by-*")), "a title ran as a command"
    assert f"# {title}\n" in (make_project / "docs" / "hinweise.md").read_text(encoding="utf-8")


def test_linkcheck_offline_fails_and_reports_every_url_as_not_checked(make_project: Path) -> None:
    result = make(make_project, "linkcheck")
    assert result.returncode == 2, "make's status for a failed recipe, as CONTRIBUTING.md says"
    report = json.loads((make_project / "_build/linkcheck/report.json").read_text(encoding="utf-8"))
    links = [link for language in report.values() for link in language["links"]]
    assert links, "the report lists the external URLs"
    assert {link["info"] for link in links} == {"not checked: no network"}
