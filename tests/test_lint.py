"""make lint: the pre-commit hooks pass on the real tree and fail on each kind of violation."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, Run


def tracked_copy(target: Path) -> Path:
    """The committed tree plus the working changes, as a fresh git repository, sharing our .venv."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in files.splitlines():
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run(["git", "add", "-A"], cwd=target, check=True)
    return target


def lint(project: Path) -> Run:
    result = subprocess.run(["make", "-s", "lint"], cwd=project, capture_output=True, text=True)
    return Run(result.returncode, result.stdout, result.stderr)


def break_markdown(project: Path) -> None:
    page = project / "docs" / "impressum.md"
    page.write_text(page.read_text(encoding="utf-8").replace("\n## ", "\n##    ", 1), encoding="utf-8")


def break_python(project: Path) -> None:
    module = project / "legalpages" / "facts.py"
    module.write_text("import os\n" + module.read_text(encoding="utf-8"), encoding="utf-8")


def break_catalog(project: Path) -> None:
    catalog = project / "locale/en/LC_MESSAGES/impressum.po"
    text = catalog.read_text(encoding="utf-8")
    dropped_role = 'msgstr "Phone: {fact}`itnrw.phone`"'
    assert dropped_role in text, "test set-up: the entry to break has changed"
    catalog.write_text(text.replace(dropped_role, 'msgstr "Phone:"', 1), encoding="utf-8")


def crlf(project: Path) -> None:
    page = project / "docs" / "datenschutz.md"
    page.write_bytes(page.read_bytes().replace(b"\n", b"\r\n"))


def test_lint_passes_on_the_real_tree(tmp_path: Path) -> None:
    run = lint(tracked_copy(tmp_path))
    assert run.returncode == 0, run.output


VIOLATIONS = {  # hook name: (how to break it, the file its message must name)
    "mdformat": (break_markdown, "docs/impressum.md"),
    "ruff (Python lint)": (break_python, "legalpages/facts.py"),
    "check-po": (break_catalog, "locale/en/LC_MESSAGES/impressum.po"),
    "LF line endings": (crlf, "docs/datenschutz.md"),
}


def hook_reports(output: str) -> dict[str, str]:
    """pre-commit's output per failed hook: its name, then its messages up to the next hook's line."""
    reports: dict[str, str] = {}
    current = None
    for line in output.splitlines():
        status = re.match(r"^(.+?)\.{3,}(Passed|Failed|Skipped)$", line)
        if status:
            current = status[1] if status[2] == "Failed" else None
            if current:
                reports[current] = ""
        elif current:
            reports[current] += line + "\n"
    return reports


@pytest.fixture(scope="module")
def lint_of_every_violation(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One lint run of a copy with every kind of violation, each in a file of its own: cheaper than
    one run per violation, and each hook must still name its own file."""
    project = tracked_copy(tmp_path_factory.mktemp("violations"))
    for violation, _ in VIOLATIONS.values():
        violation(project)
    return lint(project)


@pytest.mark.parametrize("hook", VIOLATIONS, ids=["markdown", "python", "catalog", "crlf"])
def test_lint_fails_on_each_kind_of_violation(lint_of_every_violation: Run, hook: str) -> None:
    run = lint_of_every_violation
    assert run.returncode != 0, run.output
    report = next((text for name, text in hook_reports(run.output).items() if name.startswith(hook)), None)
    assert report is not None, f"{hook} did not fail:\n{run.output}"
    assert VIOLATIONS[hook][1] in report, f"{hook} failed, but not on its own file:\n{report}"
