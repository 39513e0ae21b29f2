"""legalpages.accessibility_report: the test report, its publication, and the release gates it feeds.

The gates run in process on temporary statements (a given "today", never the clock) and once through
`python -m legalpages.site --release` on a temporary copy; the report itself runs Chromium and the
PDF validators on a small copy of the shared site (browser layer).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_module, soup

from legalpages import accessibility_report as report_module
from legalpages.extensions.accessibility_statement import STATEMENT_FILE

TEST_ROOT = ROOT / "tests" / "roots" / "test-statement"  # a filled-in statement, reviewed 2026-10-01
TODAY = dt.date(2027, 3, 1)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(TEST_ROOT / "facts.toml", folder / "facts.toml")
    shutil.copy(TEST_ROOT / STATEMENT_FILE, folder / STATEMENT_FILE)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def write_report(folder: Path, failed: list[str], commit: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    checks = [{"name": name, "tool": "axe-core", "passed": False, "findings": ["x"]} for name in failed]
    checks.append({"name": "outloud de/pdf/impressum.pdf", "tool": "outloud", "passed": True, "findings": []})
    report = {"commit": commit, "date": "2027-02-01", "tools": {"axe-core": "4.11.0"}, "checks": checks}
    report["failed"] = failed
    (folder / report_module.REPORT_FILE).write_text(json.dumps(report), encoding="utf-8")
    return folder


def problems(docs: Path, report_dir: Path, today: dt.date = TODAY) -> list[str]:
    return report_module.release_problems(report_dir, docs / "facts.toml", today, root=docs.parent)


def test_a_passing_report_and_a_recent_review_release(docs: Path, tmp_path: Path) -> None:
    assert problems(docs, write_report(tmp_path / "report", [])) == []


@pytest.mark.parametrize(
    ("reviewed", "today", "stale"),
    [
        ("2026-10-01", dt.date(2027, 10, 1), False),  # exactly 12 months: still fine
        ("2026-10-01", dt.date(2027, 10, 2), True),
        ("2024-02-29", dt.date(2025, 2, 28), False),  # a leap day's anniversary is 28 February
        ("2024-02-29", dt.date(2025, 3, 1), True),
    ],
)
def test_a_review_older_than_12_months_stops_a_release(
    docs: Path, tmp_path: Path, reviewed: str, today: dt.date, stale: bool
) -> None:
    edit(docs / STATEMENT_FILE, "reviewed = 2026-10-01", f"reviewed = {reviewed}")
    found = problems(docs, write_report(tmp_path / "report", []), today)
    expected = f"docs/{STATEMENT_FILE}:16: preparation.reviewed: the last review ({reviewed}) is more than 12 months"
    assert [problem for problem in found if problem.startswith(expected)] == ([found[0]] if stale else []), found


def test_fully_compliant_while_a_check_fails_stops_a_release_and_names_the_check(docs: Path, tmp_path: Path) -> None:
    edit(docs / STATEMENT_FILE, 'status = "partially-compliant"', 'status = "fully-compliant"')
    failing = write_report(tmp_path / "report", ["axe de/impressum.html dark"])
    [problem] = problems(docs, failing)
    assert problem.startswith(f"docs/{STATEMENT_FILE}:6: compliance.status: fully-compliant, but these checks")
    assert "axe de/impressum.html dark" in problem
    assert problems(docs, write_report(tmp_path / "passing", [])) == []


def test_partially_compliant_may_be_released_with_failing_checks(docs: Path, tmp_path: Path) -> None:
    assert problems(docs, write_report(tmp_path / "report", ["axe de/impressum.html dark"])) == []


def test_a_release_needs_the_report_of_its_own_commit(docs: Path, tmp_path: Path) -> None:
    [missing] = problems(docs, tmp_path / "no-report")
    assert "no accessibility test report" in missing and "make accessibility-report" in missing
    [other] = problems(docs, write_report(tmp_path / "report", [], commit="0123abc"))
    assert "of commit 0123abc" in other


def test_a_broken_statement_is_one_message(docs: Path, tmp_path: Path) -> None:
    edit(docs / STATEMENT_FILE, 'status = "partially-compliant"', 'status = "perfect"')
    [problem] = problems(docs, write_report(tmp_path / "report", []))
    assert problem.startswith(f"docs/{STATEMENT_FILE}:6: compliance.status: 'perfect' is not allowed")


def test_publish_copies_the_report_or_says_there_is_none(tmp_path: Path) -> None:
    empty_site, site = tmp_path / "empty", tmp_path / "site"
    empty_site.mkdir()
    site.mkdir()
    report_module.publish(tmp_path / "none", empty_site)
    page = soup(empty_site / report_module.REPORT_FOLDER / "index.html")
    assert "No accessibility test report exists for this version yet" in page.text
    report_module.publish(write_report(tmp_path / "report", ["axe <script>"]), site)
    published = site / report_module.REPORT_FOLDER
    assert json.loads((published / report_module.REPORT_FILE).read_text())["failed"] == ["axe <script>"]
    page = soup(published / "index.html")
    assert page.select_one("script") is None, "every value is escaped"
    assert "axe-core 4.11.0" in page.text


def test_the_release_build_of_a_copy_stops_at_an_old_review_and_leaves_the_site(project: Path) -> None:
    edit(
        project / "docs" / STATEMENT_FILE,
        'reviewed = "{placeholder}`Datum der letzten Überprüfung dieser Erklärung`"',
        "reviewed = 2020-01-31",
    )
    site = project / "_build" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("the published site", encoding="utf-8")
    run = run_module("site", "--release", "--build-dir", str(project / "_build"), cwd=project)
    assert run.returncode == 1
    assert (
        f"docs/{STATEMENT_FILE}:" in run.stderr and "preparation.reviewed: the last review (2020-01-31)" in run.stderr
    )
    assert "Traceback" not in run.output
    assert (site / "index.html").read_text(encoding="utf-8") == "the published site"


def test_the_published_statement_links_the_published_report(site: Path) -> None:
    for language in ("de", "en"):
        link = soup(site / language / "barrierefreiheit.html").select_one("a.statement-report")
        target = (site / language / link["href"]).resolve()
        assert target == (site / report_module.REPORT_FOLDER / "index.html").resolve() and target.is_file()


@pytest.mark.browser
def test_the_report_names_every_check_its_tools_and_versions(site: Path, tmp_path: Path) -> None:
    """On a small copy of the site (one page, one PDF): the whole site would take minutes."""
    small = tmp_path / "site"
    (small / "de" / "pdf").mkdir(parents=True)
    shutil.copytree(site / "de" / "_static", small / "de" / "_static")
    shutil.copy(site / "de" / "impressum.html", small / "de")
    shutil.copy(site / "de" / "pdf" / "impressum.pdf", small / "de" / "pdf")
    # `make accessibility-report`'s own process: its Chromium cannot share a process with the browser
    # tests' one (Playwright's sync API runs once per process)
    run = run_module("accessibility_report", "--site", str(small), "--out", str(tmp_path / "report"))
    assert run.returncode == 0, run.output
    report = report_module.read(tmp_path / "report")
    assert report is not None, run.output
    names = [check["name"] for check in report["checks"]]
    assert names == [
        "axe de/impressum.html light",
        "axe de/impressum.html dark",
        "page-validation de/pdf/impressum.pdf",
        "outloud de/pdf/impressum.pdf",
    ]
    assert report["failed"] == [], report["checks"]
    assert set(report["tools"]) >= {"axe-core", "chromium", "page-validation", "outloud"}
    assert all(report["tools"].values())
    assert report["date"] in {(dt.date.today() - dt.timedelta(days=days)).isoformat() for days in (0, 1)}  # midnight
    page = BeautifulSoup((tmp_path / "report" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert f"axe-core {report['tools']['axe-core']}" in page.text
