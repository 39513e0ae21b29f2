"""The accessibility test report: the evidence behind the accessibility statement, and the release gates.

``make accessibility-report`` (``python -m legalpages.accessibility_report``) opens every page of
the built site in Debian's Chromium, in each language and colour scheme, and runs axe-core (WCAG
2.0/2.1 A and AA, as tests/test_browser.py does); it runs both PDF/UA validators on every PDF
(legalpages/pdf_validation.py). It writes ``report.json`` and a readable ``index.html`` into
_build/accessibility-report/: every check with its result, the tools with their versions, the
commit and the date of the run. That takes minutes, so ``make site`` never runs it; it only reads
the result:

- ``publish``: the report goes into the site as ``accessibility-report/`` (the statement links it); without a
  report, a page says that none exists for this version yet.
- ``release_problems`` (``make site RELEASE=1``): a release needs the report of its own commit; it
  refuses "fully-compliant" while any check of the report fails, naming the check, and a last review
  more than 12 months before the build day. That one check reads the clock, and it only decides
  whether the build may go on: the output never contains today's date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

# Sphinx and the statement's checks load only where they are used: make site imports this module
# before its HTML builds start (make bench, html_ratio).

ROOT = Path(__file__).resolve().parent.parent
# in _build/ and in the published site; the statement links it there (accessibility_statement.REPORT_PATH)
REPORT_FOLDER = "accessibility-report"
REPORT_FILE = "report.json"
SCHEMES = ("light", "dark")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REVIEW_MONTHS = 12


@dataclass
class Check:
    name: str  # "axe de/impressum.html dark", "page-validation de/pdf/impressum.pdf"
    tool: str
    passed: bool
    findings: list[str] = field(default_factory=list)


def commit(root: Path = ROOT) -> str:
    """The commit the sources are at, "+changes" when the work tree differs; "" outside git."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
        status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head.stdout.strip() + ("+changes" if status.stdout.strip() else "")


def pages(site: Path) -> list[str]:
    """Every page a reader can open: <lang>/<page>.html, without the search page's results."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.glob("*/*.html")
        if path.parent.name != REPORT_FOLDER and path.name != "search.html"
    )


def axe_checks(site: Path) -> tuple[list[Check], dict[str, str]]:
    """axe-core on every page, language and colour scheme; the versions of axe-core and Chromium."""
    from axe_playwright_python.base import AXE_SCRIPT
    from playwright.sync_api import sync_playwright

    from legalpages.browser import launch, serve

    checks, versions = [], {}
    with sync_playwright() as playwright, serve(site) as base:
        browser = launch(playwright)
        versions["chromium"] = browser.version
        try:
            for page_path in pages(site):
                for scheme in SCHEMES:
                    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
                    page = context.new_page()
                    page.goto(f"{base}/{page_path}", wait_until="load")
                    page.evaluate(AXE_SCRIPT)  # the copy in the pinned Python package; never a CDN
                    results = page.evaluate("t => axe.run(document, {runOnly: {type: 'tag', values: t}})", AXE_TAGS)
                    context.close()
                    versions["axe-core"] = results["testEngine"]["version"]
                    findings = [
                        f"{violation['id']}: {violation['help']} ({', '.join(map(str, node['target']))})"
                        for violation in results["violations"]
                        for node in violation["nodes"]
                    ]
                    checks.append(Check(f"axe {page_path} {scheme}", "axe-core", not findings, findings))
        finally:
            browser.close()
    return checks, versions


def pdf_checks(site: Path) -> list[Check]:
    """Both PDF/UA validators on every PDF; a finding that pdf_validation.WAIVED excuses does not fail."""
    from legalpages.pdf_validation import PDF_GLOB, validate

    checks = []
    for path in sorted(site.glob(PDF_GLOB)):
        _, findings = validate(path)
        for tool in ("page-validation", "outloud"):
            open_findings = [str(found) for found in findings if found.validator == tool and not found.waived]
            name = f"{tool} {path.relative_to(site).as_posix()}"
            checks.append(Check(name, tool, not open_findings, open_findings))
    return checks


def tool_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in ("page-validation", "outloud", "axe-playwright-python")}


def run(site: Path, out: Path, today: dt.date) -> dict:
    """Run every check on a built site and write report.json and index.html into `out`."""
    axe, versions = axe_checks(site)
    checks = axe + pdf_checks(site)
    report = {
        "commit": commit(),
        "date": today.isoformat(),  # the day of the test run: evidence, not part of make site's output
        "tools": {**tool_versions(), **versions},
        "checks": [asdict(check) for check in checks],
        "failed": [check.name for check in checks if not check.passed],
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / REPORT_FILE).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "index.html").write_text(report_page(report), encoding="utf-8")
    return report


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'">
<title>Accessibility test report</title>
</head>
<body>
<main>
<h1>Accessibility test report</h1>
<p lang="de">Prüfbericht zur Barrierefreiheit dieser Seiten, automatisch erstellt.</p>
{body}
</main>
</body>
</html>
"""


def report_page(report: dict | None) -> str:
    """index.html: the report for people, every value escaped."""
    if report is None:
        return PAGE.format(
            body="<p>No accessibility test report exists for this version yet"
            " (<code>make accessibility-report</code>).</p>"
            '<p lang="de">Für diese Version liegt noch kein Prüfbericht vor.</p>'
        )
    escape = html.escape
    tools = "".join(f"<li>{escape(name)} {escape(version)}</li>" for name, version in sorted(report["tools"].items()))
    rows = "".join(
        f"<tr><td>{escape(check['name'])}</td><td>{'passed' if check['passed'] else 'failed'}</td>"
        f"<td>{'<br>'.join(escape(finding) for finding in check['findings']) or '–'}</td></tr>"
        for check in report["checks"]
    )
    failed = len(report["failed"])
    body = (
        f"<p>Commit {escape(report['commit'] or 'unknown')}, tested on {escape(report['date'])}: "
        f"{len(report['checks'])} checks, {failed} failed. Machine-readable: "
        f'<a href="{REPORT_FILE}">{REPORT_FILE}</a>.</p>'
        f"<h2>Tools</h2><ul>{tools}</ul>"
        '<h2>Checks</h2><table><thead><tr><th scope="col">check</th><th scope="col">result</th>'
        f'<th scope="col">findings</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    return PAGE.format(body=body)


def read(report_dir: Path) -> dict | None:
    path = report_dir / REPORT_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def digest(report_dir: Path) -> str:
    """Part of make site's fingerprint: a new report is published by the next make site."""
    path = report_dir / REPORT_FILE
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "no report"


def publish(report_dir: Path, site: Path) -> None:
    """The report (or the page that says there is none) into <site>/accessibility-report/, where the statement links."""
    target = site / REPORT_FOLDER
    target.mkdir()
    report = read(report_dir)
    if report is not None:
        shutil.copy2(report_dir / REPORT_FILE, target / REPORT_FILE)
    (target / "index.html").write_text(report_page(report), encoding="utf-8")


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where it has no such day (29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def release_problems(report_dir: Path, facts_file: Path, today: dt.date, root: Path = ROOT) -> list[str]:
    """What stops a release: a stale review, a claim of full compliance the report contradicts, no report.

    The statement lies beside the facts (docs/accessibility-statement.toml).
    """
    from legalpages import facts as facts_module
    from legalpages.extensions import accessibility_statement as statement_module

    statement_file = facts_file.with_name(statement_module.STATEMENT_FILE)
    shown = f"docs/{statement_file.name}"
    text = statement_file.read_text(encoding="utf-8")
    try:
        statement = statement_module.load(statement_file, facts_module.load(facts_file), shown=shown)
    except (statement_module.StatementError, facts_module.FactError) as error:
        return [str(error)]
    key_line = facts_module.key_line
    problems = []
    reviewed = statement["preparation.reviewed"]
    if isinstance(reviewed, dt.date) and months_later(reviewed, REVIEW_MONTHS) < today:
        problems.append(
            f"{shown}:{key_line(text, 'preparation.reviewed')}: preparation.reviewed: the last review "
            f"({reviewed.isoformat()}) is more than {REVIEW_MONTHS} months before today ({today.isoformat()}); "
            "review the statement and write the date of that review"
        )
    report = read(report_dir)
    if report is None:
        problems.append(
            f"no accessibility test report in {report_dir}; a release publishes the report of its own commit: "
            "run make accessibility-report first"
        )
    elif report["commit"] != commit(root):
        problems.append(
            f"the accessibility test report is of commit {report['commit'] or 'unknown'}, the sources are at "
            f"{commit(root) or 'unknown'}; run make accessibility-report again"
        )
    if statement["compliance.status"] == "fully-compliant" and report is not None and report["failed"]:
        listed = ", ".join(report["failed"][:5]) + (
            f" and {len(report['failed']) - 5} more" if len(report["failed"]) > 5 else ""
        )
        problems.append(
            f"{shown}:{key_line(text, 'compliance.status')}: compliance.status: fully-compliant, but these checks "
            f"of the accessibility test report fail: {listed}; fix them or state partially-compliant with the "
            "non-accessible content"
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The accessibility test report of a built site.")
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "site", help="the built site folder")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / REPORT_FOLDER, help="folder for the report")
    args = parser.parse_args(argv)
    if not any(args.site.glob("*/*.html")):
        print(f"accessibility-report: {args.site} has no pages; build the site first (make site)", file=sys.stderr)
        return 1
    from legalpages.browser import BrowserMissing
    from legalpages.pdf_validation import ValidatorMissing

    try:
        report = run(args.site.resolve(), args.out, dt.date.today())
    except (BrowserMissing, ValidatorMissing) as error:
        print(f"accessibility-report: {error}", file=sys.stderr)
        return 2
    for name in report["failed"]:
        print(f"accessibility-report: failed: {name}", file=sys.stderr)
    print(f"{len(report['checks'])} checks, {len(report['failed'])} failed; report in {args.out}/index.html")
    return 1 if report["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
