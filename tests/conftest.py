"""Shared fixtures: one real site build per test session, and throw-away copies of the project."""

from __future__ import annotations

import compileall
import functools
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from filelock import FileLock
from playwright.sync_api import Browser, sync_playwright
from zygote import Zygote

from legalpages.browser import BrowserMissing, launch
from legalpages.pdf import PDF_CACHE
from legalpages.project import PROJECT
from legalpages.testkit import copy_project  # the benchmark builds throw-away copies too

LANGUAGES = PROJECT.codes  # for the test modules

ROOT = Path(__file__).resolve().parent.parent
# sphinx.testing: in-process builds of the small projects in tests/roots/test-<name>/, as Sphinx
# and sphinx-sitemap test their extensions (@pytest.mark.sphinx(testroot="extensions")).
pytest_plugins = ("sphinx.testing.fixtures",)
# kitchen-sink: the hidden page with every construct, checked by the same tests as the real pages
PAGES = ("index", "impressum", "datenschutz", "barrierefreiheit", "kitchen-sink")
INTERNAL_PAGES = PROJECT.internal_pages  # not in sitemaps or releases


def pytest_configure(config: pytest.Config) -> None:
    """Compile legalpages to bytecode once: the tests start hundreds of Python processes in copies of
    the project (copy_project keeps __pycache__), and each compiled our modules from source again,
    up to 0.1 s of CPU. compileall writes even where PYTHONDONTWRITEBYTECODE is set."""
    compileall.compile_dir(ROOT / "legalpages", quiet=1)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_module(
    module: str,
    *args: str,
    cwd: Path = ROOT,
    site_url: str = "",
    pdf_cache: Path | None = None,
    fresh_interpreter: bool = False,
) -> Run:
    """Run `python -m legalpages.<module>` in a project folder (the copy's own package is used), forked
    from this worker's zygote (tests/zygote.py), which has imported the libraries already.

    SITE_URL comes only from the caller: a publishing job sets it for every job, and the tests
    must build the same site wherever they run. pdf_cache: a PDF cache of the caller's own instead
    of the test run's shared one (shared_pdf_cache). fresh_interpreter: a new Python process, with its
    own seed for str hashes, for a build whose bytes are compared with another build's.
    """
    env = command_environment()
    if site_url:
        env["SITE_URL"] = site_url
    if pdf_cache:
        env[PDF_CACHE] = str(pdf_cache)
    if fresh_interpreter:
        command = [sys.executable, "-m", f"legalpages.{module}", *args]
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        return Run(result.returncode, result.stdout, result.stderr)
    return Run(*zygote().run(f"legalpages.{module}", list(args), cwd, env))


def command_environment() -> dict[str, str]:
    """The environment of every command the tests run: this one's, with the same date and without SITE_URL."""
    env = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
    return env | {"SOURCE_DATE_EPOCH": "1790000000", "PYTHONDONTWRITEBYTECODE": "1"}


@functools.cache  # one per pytest worker; it ends with the worker (its input closes)
def zygote() -> Zygote:
    return Zygote(command_environment())


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder that every xdist worker's temporary folder lies in: one per test run."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session", autouse=True)
def shared_pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PDF cache (legalpages.pdf.PdfCache) for every build of the test run, in every worker: most
    builds are of copies whose pages did not change, and their PDFs need rendering once. Tests of
    reproducibility build with a cache of their own, or they would compare a PDF with its copy."""
    folder = shared_folder(tmp_path_factory) / "pdf-cache"
    os.environ[PDF_CACHE] = str(folder)  # for every command a test runs
    return folder


def shared_site(
    tmp_path_factory: pytest.TempPathFactory, name: str, site_url: str = "", pdf_cache: Path | None = None
) -> Path:
    """One build of the real sources for the whole test run: the first xdist worker builds, the others wait.

    The pattern pytest-xdist documents for session fixtures: a file lock in the folder that all
    workers' temporary folders share.
    """
    shared = shared_folder(tmp_path_factory)
    build_dir = shared / f"shared-{name}"
    with FileLock(str(shared / f"shared-{name}.lock")):
        if not (build_dir / "built").exists():
            shutil.rmtree(build_dir, ignore_errors=True)
            run = run_module(
                "site", "--build-dir", str(build_dir), site_url=site_url, pdf_cache=pdf_cache, fresh_interpreter=True
            )
            assert run.returncode == 0, run.output
            (build_dir / "built").touch()
    return build_dir / "site"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built once per test run from the real sources into a temporary folder."""
    return shared_site(tmp_path_factory, "site")


@pytest.fixture(scope="session")
def site_built_again(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second build of the same sources, later and in another folder: for the reproducibility tests."""
    time.sleep(1.1)  # a later second: no clock may reach the output
    own_cache = shared_folder(tmp_path_factory) / "pdf-cache-again"  # renders every PDF again
    return shared_site(tmp_path_factory, "site-again", pdf_cache=own_cache)


@pytest.fixture(scope="session")
def history_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository of the project with a history of versions (tests/history_repo.py) and its site, with
    the earlier versions, their PDFs and change views: built once per test run (file lock as in
    shared_site). Tests must not change it; one that needs to, works in a clone."""
    from history_repo import make_repo

    shared = shared_folder(tmp_path_factory)
    repo = shared / "shared-history" / "repo"
    with FileLock(str(shared / "shared-history.lock")):
        if not (repo / "_build" / "built").exists():
            shutil.rmtree(repo.parent, ignore_errors=True)
            make_repo(repo)
            run = run_module("site", "--build-dir", str(repo / "_build"), cwd=repo)
            assert run.returncode == 0, run.output
            (repo / "_build" / "built").touch()
    return repo


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium per test session (per xdist worker), for every module that drives it: Playwright's
    sync API cannot run twice at once in one process."""
    with sync_playwright() as playwright:
        try:
            chromium = launch(playwright)
        except BrowserMissing as error:
            pytest.fail(str(error))
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOT / "tests" / "roots"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throw-away copy of the project for tests that break something on purpose."""
    return copy_project(tmp_path / "project")


def write_passing_report(project: Path, build_dir: Path | None = None) -> Path:
    """A release needs the accessibility test report of its own commit (legalpages/accessibility_report.py);
    for a copy that tests another release gate, one whose checks all passed. The copy is no git work tree,
    so its commit is ""."""
    from legalpages import accessibility_report

    folder = (build_dir or project / "_build") / accessibility_report.REPORT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    check = {"name": "outloud de/pdf/impressum.pdf", "tool": "outloud", "passed": True, "findings": []}
    report = {
        "commit": accessibility_report.commit(project),
        "date": "2026-12-01",
        "tools": {"outloud": "0"},
        "checks": [check],
        "failed": [],
    }
    (folder / accessibility_report.REPORT_FILE).write_text(json.dumps(report), encoding="utf-8")
    return folder


def copy_site_with_pages(site: Path, target: Path, pages: tuple[str, ...]) -> Path:
    """A copy of a built site whose language folders keep only these HTML pages, and every other file:
    for a test whose step would otherwise work through every page again."""

    def other_pages(folder: str, names: list[str]) -> list[str]:
        in_language = Path(folder).name in LANGUAGES
        return [name for name in names if in_language and name.endswith(".html") and name not in pages]

    return Path(shutil.copytree(site, target, ignore=other_pages))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
