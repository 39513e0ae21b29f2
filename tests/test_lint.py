"""make lint: the pre-commit hooks pass on the real tree and fail on each kind of violation."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
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


@pytest.mark.parametrize(
    ("violation", "hook"),
    [
        (break_markdown, "mdformat"),
        (break_python, "ruff (Python lint)"),
        (break_catalog, "check-po"),
        (crlf, "LF line endings"),
    ],
    ids=["markdown", "python", "catalog", "crlf"],
)
def test_lint_fails_on_each_kind_of_violation(tmp_path: Path, violation: Callable[[Path], None], hook: str) -> None:
    project = tracked_copy(tmp_path)
    violation(project)
    run = lint(project)
    assert run.returncode != 0, run.output
    failed = [line for line in run.output.splitlines() if line.endswith("Failed")]
    assert any(line.startswith(hook) for line in failed), run.output
