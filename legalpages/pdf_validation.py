"""Two independent PDF/UA checks of every PDF of a built site, and the one list of rules we do not meet.

- page-validation (PyPI ``page-validation``, a Rust engine that passes the veraPDF corpus): the
  PDF/UA-1 profile. Every failed rule counts.
- outloud (PyPI ``outloud``): the 31 checkpoints of the Matterhorn Protocol and WCAG 2.2, plus semantic
  checks no validator makes (empty Spans, running headers tagged as content). Every error and every
  warning counts; "info" findings are notes, not defects.

The two judge some files differently, so both run: in the tests (tests/test_pdf_validation.py) and in
``python -m legalpages.pdf_validation --site _build/site --out _build/pdf-report``, which writes both
validators' full results per PDF for reviewers and the accessibility statement, and exits 1 when any
PDF has a finding that WAIVED does not list.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

PDF_GLOB = "*/pdf/*.pdf"  # <site>/<lang>/pdf/<page>.pdf, as legalpages/pdf.py writes them
INSTALL = "install the pinned validators: `make .venv/.installed` (or `.venv/bin/pip install -r requirements.txt`)"

# The rules we decide not to meet, as (validator, rule id) -> why. The one place for them: a rule
# listed here must say why, and every other finding fails the tests and `make pdf-report`.
# Empty: both validators pass every PDF with no failure, error or warning.
WAIVED: dict[tuple[str, str], str] = {}


class ValidatorMissing(Exception):
    """A validator is not installed; the message says how to install it."""


@dataclass(frozen=True)
class Finding:
    validator: str  # "page-validation" or "outloud"
    rule: str
    severity: str  # page-validation: "failure"; outloud: "error" or "warning"
    message: str
    page: int | None = None

    @property
    def waived(self) -> bool:
        return (self.validator, self.rule) in WAIVED

    def __str__(self) -> str:
        where = f" (page {self.page})" if self.page else ""
        return f"{self.validator} {self.rule} [{self.severity}]{where}: {self.message}"


def load(module: str, distribution: str) -> ModuleType:
    try:
        return __import__(module)
    except ImportError:
        raise ValidatorMissing(f"the PDF validator {distribution} is missing; {INSTALL}") from None


def page_validation(path: Path) -> tuple[dict, list[Finding]]:
    """page-validation's PDF/UA-1 profile: its report, and each failed rule as a finding."""
    page = load("page", "page-validation")
    report = page.validate_pdf(path, profile="ua1")
    findings = [Finding("page-validation", failure.rule_id, "failure", failure.message) for failure in report.failures]
    return report.to_dict(), findings


def outloud(path: Path) -> tuple[dict, list[Finding]]:
    """outloud's Matterhorn and WCAG checks: its report, and each error and warning as a finding."""
    checker = load("outloud", "outloud")
    result = checker.check(str(path))
    findings = [
        Finding("outloud", found.rule, found.severity, found.message, found.page)
        for found in result.sorted_findings()
        if found.severity in ("error", "warning")
    ]
    if result.error:  # the file could not be read at all
        findings.append(Finding("outloud", "unreadable", "error", result.error))
    return result.to_dict(), findings


def validate(path: Path) -> tuple[dict[str, dict], list[Finding]]:
    """Both validators on one PDF: their reports by validator name, and all their findings."""
    reports, findings = {}, []
    for name, validator in (("page-validation", page_validation), ("outloud", outloud)):
        report, found = validator(path)
        reports[name] = report
        findings += found
    return reports, findings


def problems(path: Path) -> list[Finding]:
    """The findings on one PDF that WAIVED does not excuse: what must be fixed."""
    return [finding for finding in validate(path)[1] if not finding.waived]


def reproducible(report: dict, path: Path, site: Path) -> dict:
    """A report without machine paths or timings, so two runs on one site give the same file."""
    report = dict(report)
    for key in ("source", "path"):
        if key in report:
            report[key] = str(path.relative_to(site))
    report.pop("seconds", None)
    return report


def write_report(site: Path, out: Path) -> int:
    """Both validators' results per PDF into `out`, and a summary; 1 when a PDF has an unwaived finding."""
    pdfs = sorted(site.glob(PDF_GLOB))
    if not pdfs:
        print(f"pdf-report: {site} has no {PDF_GLOB}; build the site first (make site)", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    rows, failed = [], 0
    for path in pdfs:
        name = path.relative_to(site)
        reports, findings = validate(path)
        stem = f"{name.parts[0]}-{path.stem}"
        for validator, report in reports.items():
            text = json.dumps(reproducible(report, path, site), indent=2, ensure_ascii=False, sort_keys=True)
            (out / f"{stem}.{validator}.json").write_text(text + "\n", encoding="utf-8")
        open_findings = [finding for finding in findings if not finding.waived]
        failed += bool(open_findings)
        page_report, outloud_report = reports["page-validation"], reports["outloud"]
        rows.append(
            f"| {name} | {'conformant' if page_report['is_compliant'] else 'non-conformant'}"
            f" ({page_report['rules']['failed']} of {page_report['rules']['total']} rules failed)"
            f" | {outloud_report['verdict']} ({outloud_report['counts']['error']} errors,"
            f" {outloud_report['counts']['warning']} warnings)"
            f" | {len(findings) - len(open_findings)} |"
        )
        for finding in open_findings:
            print(f"{name}: {finding}", file=sys.stderr)
    waived = [f"| {validator} | {rule} | {reason} |" for (validator, rule), reason in sorted(WAIVED.items())]
    summary = [
        "# PDF/UA validation of the PDFs",
        "",
        "page-validation: PDF/UA-1 profile. outloud: Matterhorn Protocol 1.1 and WCAG 2.2 (errors and warnings).",
        "Full results per PDF: `<lang>-<page>.page-validation.json`, `<lang>-<page>.outloud.json`.",
        "",
        "| PDF | page-validation (PDF/UA-1) | outloud | waived findings |",
        "|---|---|---|---|",
        *rows,
        "",
        "## Rules we do not meet (legalpages/pdf_validation.py, WAIVED)",
        "",
        *(["| validator | rule | why |", "|---|---|---|", *waived] if waived else ["None."]),
        "",
    ]
    (out / "summary.md").write_text("\n".join(summary), encoding="utf-8")
    print(f"{len(pdfs)} PDFs, {failed} with findings; report in {out}/summary.md")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate the site's PDFs with page-validation and outloud.")
    parser.add_argument("--site", type=Path, default=Path("_build/site"), help="the built site folder")
    parser.add_argument("--out", type=Path, default=Path("_build/pdf-report"), help="folder for the reports")
    args = parser.parse_args(argv)
    try:
        return write_report(args.site.resolve(), args.out)
    except ValidatorMissing as error:
        print(f"pdf-report: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
